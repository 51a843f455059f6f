package io.showers.generative.evaluation;

import io.showers.datasets.metrics.Binning;
import io.showers.datasets.observables.Column;
import io.showers.datasets.observables.Observables;
import io.showers.detector.EventBatch;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.util.Arrays;
import java.util.List;

/**
 * Network inputs for the evaluation networks: low-level (cells, station signals and times,
 * plus the labels) and high-level (observable columns), as float rows.
 */
public final class FeatureMatrix {
  private FeatureMatrix() {}

  /**
   * Low-level inputs: calorimeter E_cell / E_incident (MIP/GeV, as the CaloChallenge classifier)
   * per cell; air shower log10(1 + S/VEM) and the
   * arrival time in µs per station (untriggered: 0); followed by the labels (log10 energy,
   * impact or core/axis). Standardise before training.
   */
  public static float[][] lowLevel(EventBatch batch) {
    if (batch instanceof CalorimeterEvents c) {
      int cells = c.cells();
      float[][] x = new float[c.size()][cells + 3];
      for (int i = 0; i < c.size(); i++) {
        float[] r = x[i];
        int base = i * cells;
        float inv = c.incidentEnergyGeV()[i] > 0 ? 1f / c.incidentEnergyGeV()[i] : 0f;
        for (int k = 0; k < cells; k++) {
          r[k] = c.showersMip()[base + k] * inv;
        }
        r[cells] = (float) Math.log10(Math.max(1e-6, c.incidentEnergyGeV()[i]));
        r[cells + 1] = c.impactMm()[2 * i];
        r[cells + 2] = c.impactMm()[2 * i + 1];
      }
      return x;
    }
    if (batch instanceof AirShowerEvents a) {
      int st = a.side() * a.side();
      float[][] x = new float[a.size()][2 * st + 6];
      for (int i = 0; i < a.size(); i++) {
        float[] r = x[i];
        int base = i * st;
        for (int k = 0; k < st; k++) {
          float s = a.signalVem()[base + k];
          float t = a.timeUs()[base + k];
          r[k] = Float.isFinite(s) ? (float) Math.log10(1 + s) : 0f;
          r[st + k] = Float.isFinite(s) && Float.isFinite(t) ? t : 0f;
        }
        r[2 * st] = (float) Math.log10(Math.max(1e-6, a.energyEeV()[i]));
        r[2 * st + 1] = a.showerAxis()[3 * i];
        r[2 * st + 2] = a.showerAxis()[3 * i + 1];
        r[2 * st + 3] = a.showerAxis()[3 * i + 2];
        r[2 * st + 4] = a.showerCoreM()[2 * i] / 1000f;
        r[2 * st + 5] = a.showerCoreM()[2 * i + 1] / 1000f;
      }
      return x;
    }
    throw new IllegalArgumentException("unsupported event batch " + batch.getClass().getSimpleName());
  }

  /**
   * The named observable columns of two tables as rows. A column whose values are all ≥ 0 and
   * heavy-tailed (99.9% quantile above 50 × the median of the reference) enters as log10(1 + x).
   * NaN stays NaN (the standardiser turns it into 0 = the mean).
   */
  public static float[][][] highLevel(Observables reference, Observables candidate, List<String> names) {
    float[][] a = new float[reference.size()][names.size()];
    float[][] b = new float[candidate.size()][names.size()];
    for (int j = 0; j < names.size(); j++) {
      Column rc = reference.column(names.get(j));
      double[] rv = rc.values();
      double[] cv = candidate.values(names.get(j));
      boolean log = heavyTailed(rv);
      for (int i = 0; i < rv.length; i++) {
        a[i][j] = (float) (log ? Math.log10(1 + rv[i]) : rv[i]);
      }
      for (int i = 0; i < cv.length; i++) {
        b[i][j] = (float) (log && cv[i] > -1 ? Math.log10(1 + cv[i]) : (log ? 0 : cv[i]));
      }
    }
    return new float[][][] {a, b};
  }

  static boolean heavyTailed(double[] v) {
    double[] s = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
    if (s.length == 0 || s[0] < 0) {
      return false;
    }
    double med = Binning.quantileSorted(s, 0.5);
    double hi = Binning.quantileSorted(s, 0.999);
    return med > 0 ? hi > 50 * med : hi > 0 && s[s.length / 2] == 0 && hi > 50;
  }

  /** Per-column mean and standard deviation over the given rows (NaN ignored). */
  public static double[][] fitStandardiser(float[][] x, int[] rows) {
    int d = x[0].length;
    double[] m = new double[d];
    double[] s = new double[d];
    long[] n = new long[d];
    for (int r : rows) {
      float[] row = x[r];
      for (int j = 0; j < d; j++) {
        float v = row[j];
        if (Float.isFinite(v)) {
          m[j] += v;
          s[j] += (double) v * v;
          n[j]++;
        }
      }
    }
    for (int j = 0; j < d; j++) {
      if (n[j] == 0) {
        m[j] = 0;
        s[j] = 1;
        continue;
      }
      m[j] /= n[j];
      double var = s[j] / n[j] - m[j] * m[j];
      s[j] = var > 1e-12 ? Math.sqrt(var) : 1;
    }
    return new double[][] {m, s};
  }

  /** (x − mean)/std, NaN → 0, clipped to ±10. */
  public static float[] standardise(float[] row, double[][] ms) {
    float[] out = new float[row.length];
    for (int j = 0; j < row.length; j++) {
      double v = (row[j] - ms[0][j]) / ms[1][j];
      out[j] = Double.isFinite(v) ? (float) Math.max(-10, Math.min(10, v)) : 0f;
    }
    return out;
  }
}
