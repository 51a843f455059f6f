package io.showers.benchmarks.report;

import java.util.Arrays;

/** Summary statistics of per-iteration benchmark scores. */
public final class Stats {
  private Stats() {}

  /**
   * The {@code p}-th percentile (0 ≤ p ≤ 100) by linear interpolation between the closest ranks
   * (the default of NumPy and R type 7): position {@code p/100 · (n-1)} in the sorted sample.
   */
  public static double percentile(double[] values, double p) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in [0, 100]: " + p);
    }
    double[] s = values.clone();
    Arrays.sort(s);
    double pos = p / 100.0 * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (pos - lo) * (s[hi] - s[lo]);
  }

  public static double median(double[] values) {
    return percentile(values, 50);
  }

  public static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  public static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }
}
