package io.showers.detector.airshower;

import io.showers.detector.Production;
import io.showers.detector.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealVector;

/** Helpers of the air-shower tests: primaries, station geometry, plane fit. */
final class ArraySupport {
  static final ArrayConfig ARRAY = ArrayConfig.defaults();
  static final int SIDE = ARRAY.stationsPerSide();
  static final int STATIONS = SIDE * SIDE;
  static final double C = ShowerModel.C_M_PER_NS;

  private ArraySupport() {}

  static double stationX(int i) {
    return (i % SIDE - (SIDE - 1) / 2.0) * ARRAY.spacingM();
  }

  static double stationY(int i) {
    return (i / SIDE - (SIDE - 1) / 2.0) * ARRAY.spacingM();
  }

  /** Primaries of fixed energy, zenith and mass, azimuths spread evenly, cores uniform in 750 m. */
  static AirShowerPrimaries fixed(int n, double energyEeV, double zenithDeg, int massA, long seed) {
    AirShowerPrimaries p = new PrimarySampler(PrimarySampler.Options.defaults()).sample(seed, 0, n);
    double t = Math.toRadians(zenithDeg);
    for (int k = 0; k < n; k++) {
      double ph = 2 * Math.PI * (k + 0.5) / n;
      p.energyEeV()[k] = (float) energyEeV;
      p.showerAxis()[3 * k] = (float) (Math.sin(t) * Math.cos(ph));
      p.showerAxis()[3 * k + 1] = (float) (Math.sin(t) * Math.sin(ph));
      p.showerAxis()[3 * k + 2] = (float) Math.cos(t);
      p.massA()[k] = massA;
    }
    return p;
  }

  /** A copy of the primaries with every energy replaced. */
  static AirShowerPrimaries withEnergy(AirShowerPrimaries p, double energyEeV) {
    AirShowerPrimaries q = p.slice(0, p.size());
    java.util.Arrays.fill(q.energyEeV(), (float) energyEeV);
    return q;
  }

  static AirShowerEvents run(AirShowerSimulator sim, AirShowerPrimaries p, long seed) {
    List<AirShowerEvents> parts = new ArrayList<>();
    int batch = 50;
    // two threads, ordered, the way productions run
    ConditionsSlicer slicer = new ConditionsSlicer(p);
    Production.run(slicer, sim, seed, 0, p.size(), batch, 2, parts::add, ProgressListener.NONE);
    return AirShowerEvents.concat(parts);
  }

  /** Hands out slices of fixed primaries as if they were sampled. */
  static final class ConditionsSlicer implements io.showers.detector.ConditionSampler<AirShowerPrimaries> {
    private final AirShowerPrimaries all;

    ConditionsSlicer(AirShowerPrimaries all) {
      this.all = all;
    }

    @Override
    public AirShowerPrimaries sample(long seed, long first, int n) {
      return all.slice((int) first, (int) first + n);
    }

    @Override
    public String describe() {
      return "{}";
    }
  }

  /** Shower-plane distance of station i from the true axis of event k, m. */
  static double axisDistance(AirShowerEvents ev, int k, int i) {
    double dx = stationX(i) - ev.showerCoreM()[2 * k];
    double dy = stationY(i) - ev.showerCoreM()[2 * k + 1];
    double ux = ev.showerAxis()[3 * k];
    double uy = ev.showerAxis()[3 * k + 1];
    double along = dx * ux + dy * uy;
    return Math.sqrt(Math.max(0, dx * dx + dy * dy - along * along));
  }

  /** Plane-front arrival time at station i of event k relative to the core, ns. */
  static double planeTimeNs(AirShowerEvents ev, int k, int i) {
    double dx = stationX(i) - ev.showerCoreM()[2 * k];
    double dy = stationY(i) - ev.showerCoreM()[2 * k + 1];
    return -(dx * ev.showerAxis()[3 * k] + dy * ev.showerAxis()[3 * k + 1]) / C;
  }

  static float signal(AirShowerEvents ev, int k, int i) {
    return ev.signalVem()[k * STATIONS + i];
  }

  static float timeUs(AirShowerEvents ev, int k, int i) {
    return ev.timeUs()[k * STATIONS + i];
  }

  static int triggered(AirShowerEvents ev, int k) {
    int n = 0;
    for (int i = 0; i < STATIONS; i++) {
      if (!Float.isNaN(signal(ev, k, i))) {
        n++;
      }
    }
    return n;
  }

  /**
   * Least-squares plane front c·T = c·t0 − (x u_x + y u_y) through the triggered stations.
   *
   * @return {u_x, u_y, u_z, t0 (ns)} or null with fewer than 4 stations
   */
  static double[] planeFit(AirShowerEvents ev, int k) {
    double[][] ata = new double[3][3];
    double[] atb = new double[3];
    int n = 0;
    for (int i = 0; i < STATIONS; i++) {
      float t = timeUs(ev, k, i);
      if (Float.isNaN(t)) {
        continue;
      }
      double[] row = {1, stationX(i), stationY(i)};
      double b = C * t * 1000.0;
      for (int a = 0; a < 3; a++) {
        atb[a] += row[a] * b;
        for (int c = 0; c < 3; c++) {
          ata[a][c] += row[a] * row[c];
        }
      }
      n++;
    }
    if (n < 4) {
      return null;
    }
    RealVector x = new LUDecomposition(new Array2DRowRealMatrix(ata)).getSolver().solve(new ArrayRealVector(atb));
    double ux = -x.getEntry(1);
    double uy = -x.getEntry(2);
    double uz = Math.sqrt(Math.max(0, 1 - ux * ux - uy * uy));
    return new double[] {ux, uy, uz, x.getEntry(0) / C};
  }

  static double angleDeg(double[] a, float[] axis, int k) {
    double dot = a[0] * axis[3 * k] + a[1] * axis[3 * k + 1] + a[2] * axis[3 * k + 2];
    double na = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    return Math.toDegrees(Math.acos(Math.min(1, dot / na)));
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double sd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  static double[] toArray(List<Double> l) {
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }
}
