package io.showers.datasets.metrics;

/** The FPD/KPD normalisation of Kansal et al.: every feature divided by max|x| of the reference. */
public final class FeatureScaling {
  private FeatureScaling() {}

  /** Per-feature max|x| over the reference rows (1 where the feature is identically 0). */
  public static double[] maxAbs(double[][] reference) {
    int d = reference.length == 0 ? 0 : reference[0].length;
    double[] m = new double[d];
    for (double[] row : reference) {
      for (int j = 0; j < d; j++) {
        double a = Math.abs(row[j]);
        if (a > m[j]) {
          m[j] = a;
        }
      }
    }
    for (int j = 0; j < d; j++) {
      if (!(m[j] > 0) || !Double.isFinite(m[j])) {
        m[j] = 1;
      }
    }
    return m;
  }

  /** A copy of {@code x} with column j divided by {@code scale[j]}. */
  public static double[][] divide(double[][] x, double[] scale) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double[] r = new double[scale.length];
      for (int j = 0; j < scale.length; j++) {
        r[j] = x[i][j] / scale[j];
      }
      out[i] = r;
    }
    return out;
  }
}
