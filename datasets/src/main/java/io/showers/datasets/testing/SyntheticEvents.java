package io.showers.datasets.testing;

import io.showers.detector.Seeds;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.hipparchus.special.Erf;

/**
 * Tiny synthetic event makers for tests and demos of the evaluation code (NOT simulators):
 * a smeared Gamma-profile calorimeter shower with a Gaussian lateral shape, and an air-shower
 * footprint with a power-law lateral distribution and a plane front plus delays. Fast and
 * seeded (per-event streams), so independent samples come from distinct seeds.
 */
public final class SyntheticEvents {
  /** Incident energies of the 1807.01954 data set, GeV. */
  public static final double[] HGCAL_ENERGIES = {20, 32, 50, 70, 80, 90};

  private SyntheticEvents() {}

  /** Calorimeter showers at energies drawn from {@code energies} (uniformly); MIP per GeV 60. */
  public static CalorimeterEvents calorimeter(CalorimeterConfig cfg, int n, long seed, double[] energies) {
    int layers = cfg.layers();
    int rows = cfg.rows();
    int cols = cfg.cols();
    CalorimeterEvents ev = CalorimeterEvents.allocate(n, layers, rows, cols);
    double pitch = cfg.cellSizeMm();
    double[] depth = new double[layers];
    for (int k = 0; k < layers; k++) {
      depth[k] = cfg.layerDepthX0(k);
    }
    double[] fx = new double[cols];
    double[] fy = new double[rows];
    for (int i = 0; i < n; i++) {
      UniformRandomProvider rng = Seeds.rng(Seeds.event(seed, i));
      ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
      double e = energies[rng.nextInt(energies.length)];
      double ix = (rng.nextDouble() - 0.5) * 20;
      double iy = (rng.nextDouble() - 0.5) * 20;
      ev.incidentEnergyGeV()[i] = (float) e;
      ev.impactMm()[2 * i] = (float) ix;
      ev.impactMm()[2 * i + 1] = (float) iy;
      ev.particlePdg()[i] = 11;
      double b = 0.5;
      double tmax = Math.log(e * 1000 / 7.97) - 0.5 + 0.3 * g.sample();
      double a = b * tmax + 1;
      double scale = 60 * e * (1 + 0.2 / Math.sqrt(e) * g.sample());
      for (int k = 0; k < layers; k++) {
        double t = depth[k];
        double dEdt = b * Math.pow(b * t, a - 1) * Math.exp(-b * t) / Math.exp(lgamma(a));
        double le = scale * dEdt * cfg.absorberBeforeLayerX0()[k] / 2.7 * (1 + 0.05 * g.sample());
        double sigma = 4 + 1.2 * t;
        double cx = ix + 0.3 * g.sample();
        double cy = iy + 0.3 * g.sample();
        for (int c = 0; c < cols; c++) {
          double x0 = (c - (cols - 1) / 2.0) * pitch - cx;
          fx[c] = 0.5 * (Erf.erf((x0 - pitch / 2) / (sigma * Math.sqrt(2)), (x0 + pitch / 2) / (sigma * Math.sqrt(2))));
        }
        for (int r = 0; r < rows; r++) {
          double y0 = (r - (rows - 1) / 2.0) * pitch - cy;
          fy[r] = 0.5 * (Erf.erf((y0 - pitch / 2) / (sigma * Math.sqrt(2)), (y0 + pitch / 2) / (sigma * Math.sqrt(2))));
        }
        int base = (i * layers + k) * rows * cols;
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            double mean = le * fx[c] * fy[r];
            double v = mean + Math.sqrt(mean + 1) * g.sample();
            ev.showersMip()[base + r * cols + c] = v >= cfg.thresholdMip() ? (float) v : 0f;
          }
        }
      }
    }
    return ev;
  }

  /**
   * Air showers: E log-uniform in 3–100 EeV, zenith ∝ sinθ cosθ up to 60°, core uniform in
   * ±1 spacing around the centre; S = S1000 (r/1000 m)^β with β ≈ −3.3, Gaussian fluctuations of
   * σ = √S + 0.05 S, trigger at the configured threshold; plane front plus a delay growing with
   * r and jitter; times relative to the earliest triggered station. {@code curvatureUs} adds
   * an extra delay curvatureUs · (r / 1000 m)² (a distorted front).
   */
  public static AirShowerEvents airShower(ArrayConfig cfg, int n, long seed, double curvatureUs) {
    int side = cfg.stationsPerSide();
    int st = side * side;
    double spacing = cfg.spacingM();
    AirShowerEvents ev = AirShowerEvents.allocate(n, side, cfg.traceBins(), false);
    double c = 299.792458;
    for (int e = 0; e < n; e++) {
      UniformRandomProvider rng = Seeds.rng(Seeds.event(seed, e));
      ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
      double energy = 3 * Math.pow(100 / 3.0, rng.nextDouble());
      double cos2 = 1 - rng.nextDouble() * 0.75;
      double ct = Math.sqrt(cos2);
      double sinT = Math.sqrt(1 - cos2);
      double phi = 2 * Math.PI * rng.nextDouble();
      double ax = sinT * Math.cos(phi);
      double ay = sinT * Math.sin(phi);
      double az = ct;
      double coreX = (rng.nextDouble() * 2 - 1) * spacing;
      double coreY = (rng.nextDouble() * 2 - 1) * spacing;
      ev.energyEeV()[e] = (float) energy;
      ev.showerAxis()[3 * e] = (float) ax;
      ev.showerAxis()[3 * e + 1] = (float) ay;
      ev.showerAxis()[3 * e + 2] = (float) az;
      ev.showerCoreM()[2 * e] = (float) coreX;
      ev.showerCoreM()[2 * e + 1] = (float) coreY;
      ev.xmaxGcm2()[e] = (float) (750 + 60 * g.sample());
      ev.massA()[e] = 1;
      double s1000 = 25 * energy / 10 * (0.6 + 0.4 * ct) * (1 + 0.1 * g.sample());
      double beta = -3.3 + 0.3 * (1 - ct) + 0.1 * g.sample();
      double tmin = Double.POSITIVE_INFINITY;
      int base = e * st;
      for (int i = 0; i < side; i++) {
        for (int j = 0; j < side; j++) {
          double x = (j - (side - 1) / 2.0) * spacing;
          double y = (i - (side - 1) / 2.0) * spacing;
          double dx = x - coreX;
          double dy = y - coreY;
          double dot = dx * ax + dy * ay;
          double r = Math.sqrt(Math.max(0, dx * dx + dy * dy - dot * dot));
          double mean = s1000 * Math.pow(Math.max(r, 150) / 1000, beta);
          double s = mean + (Math.sqrt(mean) + 0.05 * mean) * g.sample();
          if (s < cfg.triggerThresholdVem()) {
            continue;
          }
          double rk = r / 1000;
          double t = -(ax * x + ay * y) / c
              + 0.05 * Math.pow(rk, 1.5) + curvatureUs * rk * rk
              + (0.02 + 0.02 * rk) * Math.abs(g.sample());
          ev.signalVem()[base + i * side + j] = (float) s;
          ev.timeUs()[base + i * side + j] = (float) t;
          tmin = Math.min(tmin, t);
        }
      }
      for (int k = 0; k < st; k++) {
        if (Double.isFinite(ev.timeUs()[base + k])) {
          ev.timeUs()[base + k] -= (float) tmin;
        }
      }
    }
    return ev;
  }

  private static double lgamma(double x) {
    return org.hipparchus.special.Gamma.logGamma(x);
  }
}
