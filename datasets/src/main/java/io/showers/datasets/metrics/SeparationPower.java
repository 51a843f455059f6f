package io.showers.datasets.metrics;

/**
 * Separation power ½ Σ (h − g)² / (h + g) of two histograms normalised to unit sum
 * (CaloChallenge 2022): 0 for identical shapes, 1 for disjoint ones.
 */
public final class SeparationPower {
  private SeparationPower() {}

  /** Separation power of two count (or weight) histograms with the same bins. */
  public static double of(double[] h, double[] g) {
    if (h.length != g.length) {
      throw new IllegalArgumentException("histograms of " + h.length + " and " + g.length + " bins");
    }
    double sh = 0;
    double sg = 0;
    for (int i = 0; i < h.length; i++) {
      sh += h[i];
      sg += g[i];
    }
    if (sh <= 0 || sg <= 0) {
      return sh == sg ? 0 : 1;
    }
    double sp = 0;
    for (int i = 0; i < h.length; i++) {
      double a = h[i] / sh;
      double b = g[i] / sg;
      if (a + b > 0) {
        sp += (a - b) * (a - b) / (a + b);
      }
    }
    return 0.5 * sp;
  }

  /** Separation power of two samples on the given bins. */
  public static double of(double[] a, double[] b, Binning binning) {
    return of(binning.counts(a), binning.counts(b));
  }

  /**
   * Expected separation power of two finite samples of sizes n1, n2 drawn from the same
   * distribution over {@code bins} occupied bins: (bins − 1)(1/n1 + 1/n2)/4 (to leading order).
   */
  public static double noiseLevel(int bins, long n1, long n2) {
    return Math.max(0, bins - 1) * (1.0 / n1 + 1.0 / n2) / 4;
  }
}
