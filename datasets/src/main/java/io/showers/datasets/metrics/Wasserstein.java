package io.showers.datasets.metrics;

/** The 1-D Wasserstein-1 (earth mover's) distance between two empirical distributions. */
public final class Wasserstein {
  private Wasserstein() {}

  /**
   * W1 = ∫ |F_a(x) − F_b(x)| dx of the two empirical CDFs, exact; NaN values are left out.
   * Returns NaN if either sample has no finite value.
   */
  public static double distance(double[] a, double[] b) {
    double[] x = Binning.finiteSorted(a, null);
    double[] y = Binning.finiteSorted(b, null);
    int n = x.length;
    int m = y.length;
    if (n == 0 || m == 0) {
      return Double.NaN;
    }
    int i = 0;
    int j = 0;
    double prev = Math.min(x[0], y[0]);
    double w = 0;
    while (i < n || j < m) {
      double next;
      if (j >= m || (i < n && x[i] <= y[j])) {
        next = x[i];
      } else {
        next = y[j];
      }
      double fa = (double) i / n;
      double fb = (double) j / m;
      w += Math.abs(fa - fb) * (next - prev);
      prev = next;
      while (i < n && x[i] == next) {
        i++;
      }
      while (j < m && y[j] == next) {
        j++;
      }
    }
    return w;
  }
}
