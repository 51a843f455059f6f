package io.showers.datasets.observables;

import io.showers.datasets.observables.Column.Kind;
import io.showers.detector.Detector;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;

/**
 * High-level air-shower observables: total signal, triggered stations, largest signal, a
 * signal-weighted core estimate, a plane-front fit (direction, angle to the true axis, time
 * residuals), residuals to the plane front of the true axis, a per-event lateral distribution
 * fit log S = log S1000 + β·log(r / 1000 m), and the lateral and time-residual profiles.
 *
 * <p>Geometry: station (i, j) at x = (j − (side−1)/2)·spacing, y = (i − (side−1)/2)·spacing,
 * z = 0. A plane front moving along −a (a = unit axis pointing to the source) reaches p at
 * t = t0 − a·p / c. Core distances are measured in the shower plane (perpendicular to the
 * axis). Untriggered stations (NaN) are ignored everywhere.
 */
public final class AirShowerObservables {
  /** Speed of light in m/µs. */
  public static final double C_M_PER_US = 299.792458;
  /** Stations closer than this to the core are left out of the LDF fit (saturation, model). */
  public static final double LDF_MIN_DISTANCE_M = 300.0;
  /** Minimum stations for an LDF fit. */
  public static final int LDF_MIN_STATIONS = 3;

  /** Which core (and axis) the lateral distribution is measured from. */
  public enum CoreChoice {
    /** The true core and axis (labels): the cleanest comparison of two samples. */
    TRUE,
    /** The signal-weighted core estimate and the plane-fit axis: works without truth. */
    ESTIMATED
  }

  private AirShowerObservables() {}

  public static Observables compute(AirShowerEvents ev, ArrayConfig cfg) {
    return compute(ev, cfg, CoreChoice.TRUE);
  }

  public static Observables compute(AirShowerEvents ev, ArrayConfig cfg, CoreChoice coreChoice) {
    if (ev.side() != cfg.stationsPerSide()) {
      throw new IllegalArgumentException(
          "air-shower events of a " + ev.side() + "×" + ev.side() + " array do not match the configuration "
              + cfg.stationsPerSide() + "×" + cfg.stationsPerSide());
    }
    int n = ev.size();
    int side = ev.side();
    int st = side * side;
    double spacing = cfg.spacingM();
    double[] px = new double[st];
    double[] py = new double[st];
    for (int i = 0; i < side; i++) {
      for (int j = 0; j < side; j++) {
        px[i * side + j] = (j - (side - 1) / 2.0) * spacing;
        py[i * side + j] = (i - (side - 1) / 2.0) * spacing;
      }
    }
    double rStep = spacing / 3.0;
    int rBins = 12;
    double[] rCentres = new double[rBins];
    for (int b = 0; b < rBins; b++) {
      rCentres[b] = (b + 0.5) * rStep;
    }

    double[] energy = new double[n];
    double[] zenTrue = new double[n];
    double[] coreX = new double[n];
    double[] coreY = new double[n];
    double[] xmax = new double[n];
    double[] mass = new double[n];
    double[] sTot = new double[n];
    double[] sPerE = new double[n];
    double[] nTrig = new double[n];
    double[] sMax = new double[n];
    double[] estX = new double[n];
    double[] estY = new double[n];
    double[] estErr = new double[n];
    double[] zenRec = new double[n];
    double[] angle = new double[n];
    double[] tResRms = new double[n];
    double[] tResTrueRms = new double[n];
    double[] tSpan = new double[n];
    double[] ldfSlope = new double[n];
    double[] s1000 = new double[n];
    double[] lateral = new double[n * rBins];
    double[] timeProfile = new double[n * rBins];
    double[] cnt = new double[rBins];
    double[] cntT = new double[rBins];
    double[] rr = new double[st];
    int[] idx = new int[st];

    for (int e = 0; e < n; e++) {
      energy[e] = ev.energyEeV()[e];
      double ax = ev.showerAxis()[3 * e];
      double ay = ev.showerAxis()[3 * e + 1];
      double az = ev.showerAxis()[3 * e + 2];
      zenTrue[e] = Math.toDegrees(Math.acos(clamp(az)));
      coreX[e] = ev.showerCoreM()[2 * e];
      coreY[e] = ev.showerCoreM()[2 * e + 1];
      xmax[e] = ev.xmaxGcm2()[e];
      mass[e] = ev.massA()[e];
      int base = e * st;
      int m = 0;
      double tot = 0;
      double max = 0;
      double wx = 0;
      double wy = 0;
      double tmin = Double.POSITIVE_INFINITY;
      double tmax = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < st; k++) {
        double sv = ev.signalVem()[base + k];
        if (Double.isFinite(sv)) {
          idx[m++] = k;
          tot += sv;
          max = Math.max(max, sv);
          wx += sv * px[k];
          wy += sv * py[k];
          double t = ev.timeUs()[base + k];
          if (Double.isFinite(t)) {
            tmin = Math.min(tmin, t);
            tmax = Math.max(tmax, t);
          }
        }
      }
      sTot[e] = tot;
      sPerE[e] = energy[e] > 0 ? tot / energy[e] : Double.NaN;
      nTrig[e] = m;
      sMax[e] = max;
      tSpan[e] = tmax >= tmin ? tmax - tmin : Double.NaN;
      if (tot > 0) {
        estX[e] = wx / tot;
        estY[e] = wy / tot;
        estErr[e] = Math.hypot(estX[e] - coreX[e], estY[e] - coreY[e]);
      } else {
        estX[e] = estY[e] = estErr[e] = Double.NaN;
      }

      // plane-front fit t = t0 + u x + v y (unweighted least squares)
      double[] rec = planeFit(ev.timeUs(), base, idx, m, px, py);
      double rax = Double.NaN;
      double ray = Double.NaN;
      double raz = Double.NaN;
      if (rec != null) {
        rax = -rec[1] * C_M_PER_US;
        ray = -rec[2] * C_M_PER_US;
        double h2 = rax * rax + ray * ray;
        if (h2 > 1) {
          double h = Math.sqrt(h2);
          rax /= h;
          ray /= h;
          raz = 0;
        } else {
          raz = Math.sqrt(1 - h2);
        }
        zenRec[e] = Math.toDegrees(Math.acos(clamp(raz)));
        angle[e] = Math.toDegrees(Math.acos(clamp(rax * ax + ray * ay + raz * az)));
        if (m >= 4) {
          double ss = 0;
          int q = 0;
          for (int a = 0; a < m; a++) {
            int k = idx[a];
            double t = ev.timeUs()[base + k];
            if (Double.isFinite(t)) {
              double res = t - (rec[0] + rec[1] * px[k] + rec[2] * py[k]);
              ss += res * res;
              q++;
            }
          }
          tResRms[e] = q > 3 ? 1000 * Math.sqrt(ss / (q - 3)) : Double.NaN;
        } else {
          tResRms[e] = Double.NaN;
        }
      } else {
        zenRec[e] = angle[e] = tResRms[e] = Double.NaN;
      }

      // residuals to the plane front of the true axis, t0 from the mean
      double t0 = 0;
      int q = 0;
      for (int a = 0; a < m; a++) {
        int k = idx[a];
        double t = ev.timeUs()[base + k];
        if (Double.isFinite(t)) {
          t0 += t + (ax * px[k] + ay * py[k]) / C_M_PER_US;
          q++;
        }
      }
      java.util.Arrays.fill(cnt, 0);
      java.util.Arrays.fill(cntT, 0);
      int pb = e * rBins;
      if (q >= 2) {
        t0 /= q;
        double ss = 0;
        for (int a = 0; a < m; a++) {
          int k = idx[a];
          double t = ev.timeUs()[base + k];
          if (Double.isFinite(t)) {
            double res = t - (t0 - (ax * px[k] + ay * py[k]) / C_M_PER_US);
            ss += res * res;
            int b = (int) (perpDistance(px[k] - coreX[e], py[k] - coreY[e], ax, ay, az) / rStep);
            if (b < rBins) {
              timeProfile[pb + b] += 1000 * res;
              cntT[b]++;
            }
          }
        }
        tResTrueRms[e] = 1000 * Math.sqrt(ss / (q - 1));
      } else {
        tResTrueRms[e] = Double.NaN;
      }

      // lateral distribution from the chosen core and axis
      double cx = coreX[e];
      double cy = coreY[e];
      double lx = ax;
      double ly = ay;
      double lz = az;
      if (coreChoice == CoreChoice.ESTIMATED) {
        cx = estX[e];
        cy = estY[e];
        if (rec != null) {
          lx = rax;
          ly = ray;
          lz = raz;
        } else {
          lx = 0;
          ly = 0;
          lz = 1;
        }
      }
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      int nf = 0;
      double rmin = Double.POSITIVE_INFINITY;
      double rmax = 0;
      for (int a = 0; a < m; a++) {
        int k = idx[a];
        double sv = ev.signalVem()[base + k];
        double r = Double.isFinite(cx) ? perpDistance(px[k] - cx, py[k] - cy, lx, ly, lz) : Double.NaN;
        rr[a] = r;
        if (!Double.isFinite(r)) {
          continue;
        }
        int b = (int) (r / rStep);
        if (b < rBins) {
          lateral[pb + b] += sv;
          cnt[b]++;
        }
        if (r >= LDF_MIN_DISTANCE_M && sv > 0) {
          double x = Math.log10(r / 1000.0);
          double y = Math.log10(sv);
          sx += x;
          sy += y;
          sxx += x * x;
          sxy += x * y;
          nf++;
          rmin = Math.min(rmin, r);
          rmax = Math.max(rmax, r);
        }
      }
      for (int b = 0; b < rBins; b++) {
        lateral[pb + b] = cnt[b] > 0 ? lateral[pb + b] / cnt[b] : Double.NaN;
        timeProfile[pb + b] = cntT[b] > 0 ? timeProfile[pb + b] / cntT[b] : Double.NaN;
      }
      double det = nf * sxx - sx * sx;
      if (nf >= LDF_MIN_STATIONS && rmax > 1.3 * rmin && det > 1e-12) {
        double beta = (nf * sxy - sx * sy) / det;
        double a0 = (sy - beta * sx) / nf;
        ldfSlope[e] = beta;
        s1000[e] = Math.pow(10, a0);
      } else {
        ldfSlope[e] = s1000[e] = Double.NaN;
      }
    }

    Observables o = new Observables(Detector.AIRSHOWER, n);
    o.add("energy", "EeV", "primary energy (label)", Kind.ENERGY_LABEL, energy);
    o.add("zenith", "deg", "true zenith angle (label)", Kind.LABEL, zenTrue);
    o.add("core_x", "m", "true core x (label)", Kind.LABEL, coreX);
    o.add("core_y", "m", "true core y (label)", Kind.LABEL, coreY);
    o.add("xmax", "g/cm²", "depth of shower maximum (label)", Kind.LABEL, xmax);
    o.add("mass", "A", "primary mass number (label)", Kind.LABEL, mass);
    o.add("s_total", "VEM", "total signal of triggered stations", Kind.OBSERVABLE, sTot);
    o.add("s_total_per_energy", "VEM/EeV", "total signal over primary energy", Kind.PER_ENERGY, sPerE);
    o.add("n_triggered", "stations", "number of triggered stations", Kind.OBSERVABLE, nTrig);
    o.add("s_max", "VEM", "largest station signal", Kind.OBSERVABLE, sMax);
    o.add("t_span", "µs", "latest minus earliest arrival time", Kind.OBSERVABLE, tSpan);
    o.add("core_est_x", "m", "signal-weighted core estimate x", Kind.OBSERVABLE, estX);
    o.add("core_est_y", "m", "signal-weighted core estimate y", Kind.OBSERVABLE, estY);
    o.add("core_est_error", "m", "distance of the core estimate from the true core", Kind.OBSERVABLE, estErr);
    o.add("zenith_rec", "deg", "zenith angle from a plane-front fit", Kind.OBSERVABLE, zenRec);
    o.add("angle_to_axis", "deg", "angle between plane-fit direction and true axis", Kind.OBSERVABLE, angle);
    o.add("t_res_rms", "ns", "rms time residual to the fitted plane front", Kind.OBSERVABLE, tResRms);
    o.add("t_res_true_rms", "ns", "rms time residual to the plane front of the true axis", Kind.OBSERVABLE, tResTrueRms);
    o.add("ldf_slope", "", "fitted LDF slope β, log S = log S1000 + β log(r/1000 m)", Kind.OBSERVABLE, ldfSlope);
    o.add("s1000", "VEM", "fitted signal at 1000 m from the core", Kind.OBSERVABLE, s1000);
    o.add(new Profile("lateral", "distance to core in the shower plane [m]", "mean signal of triggered stations [VEM]",
        rCentres, lateral, true));
    o.add(new Profile("time_residual", "distance to core in the shower plane [m]",
        "mean time residual to the true plane front [ns]", rCentres, timeProfile, false));
    return o;
  }

  /** Distance of (dx, dy, 0) from the axis line through the core with direction (ax, ay, az). */
  static double perpDistance(double dx, double dy, double ax, double ay, double az) {
    double dot = dx * ax + dy * ay;
    double d2 = dx * dx + dy * dy - dot * dot;
    return Math.sqrt(Math.max(0, d2));
  }

  /** Least-squares t = t0 + u x + v y over triggered stations with a time; null if degenerate. */
  static double[] planeFit(float[] time, int base, int[] idx, int m, double[] px, double[] py) {
    double s1 = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, st = 0, sxt = 0, syt = 0;
    for (int a = 0; a < m; a++) {
      int k = idx[a];
      double t = time[base + k];
      if (!Double.isFinite(t)) {
        continue;
      }
      double x = px[k];
      double y = py[k];
      s1++;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
      st += t;
      sxt += x * t;
      syt += y * t;
    }
    if (s1 < 3) {
      return null;
    }
    // centre to improve conditioning
    double mx = sx / s1;
    double my = sy / s1;
    double mt = st / s1;
    double cxx = sxx - s1 * mx * mx;
    double cxy = sxy - s1 * mx * my;
    double cyy = syy - s1 * my * my;
    double cxt = sxt - s1 * mx * mt;
    double cyt = syt - s1 * my * mt;
    double det = cxx * cyy - cxy * cxy;
    if (!(det > 1e-9 * Math.max(1, cxx * cyy))) {
      return null;
    }
    double u = (cxt * cyy - cyt * cxy) / det;
    double v = (cyt * cxx - cxt * cxy) / det;
    double t0 = mt - u * mx - v * my;
    return new double[] {t0, u, v};
  }

  private static double clamp(double c) {
    return Math.max(-1, Math.min(1, c));
  }
}
