package io.showers.datasets.metrics;

import java.util.Arrays;

/**
 * Histogram bins shared by two samples. Values below the first or above the last edge are
 * counted in the first or last bin (so tails still count); NaN values are left out.
 *
 * @param edges ascending bin edges, bins + 1 of them
 * @param log whether the bins are uniform in log10 (for quantities spanning decades)
 */
public record Binning(double[] edges, boolean log) {
  /** Default number of bins for continuous observables. */
  public static final int DEFAULT_BINS = 40;

  public int bins() {
    return edges.length - 1;
  }

  /**
   * Bins for both samples: the 0.1–99.9% range of the pooled finite values; integer-valued samples
   * get bins of a whole number of integers each.
   */
  public static Binning shared(double[] a, double[] b) {
    return shared(a, b, DEFAULT_BINS);
  }

  public static Binning shared(double[] a, double[] b, int maxBins) {
    double[] all = finiteSorted(a, b);
    if (all.length == 0) {
      return new Binning(new double[] {-0.5, 0.5}, false);
    }
    double lo = quantileSorted(all, 0.001);
    double hi = quantileSorted(all, 0.999);
    boolean integer = true;
    for (double v : all) {
      if (v != Math.rint(v)) {
        integer = false;
        break;
      }
    }
    if (integer) {
      // counts (hits, stations): every bin holds the same number of integers, edges at half-integers;
      // equal-width bins over a range wider than maxBins would hold one integer here and two there
      lo = Math.floor(lo);
      hi = Math.ceil(hi);
      int values = (int) (hi - lo) + 1;
      int width = (values + maxBins - 1) / maxBins;
      int nb = (values + width - 1) / width;
      double[] e = new double[nb + 1];
      for (int i = 0; i <= nb; i++) {
        e[i] = lo - 0.5 + (double) i * width;
      }
      return new Binning(e, false);
    }
    if (!(hi > lo)) {
      double w = lo == 0 ? 0.5 : Math.abs(lo) * 1e-3;
      return new Binning(new double[] {lo - w, hi + w}, false);
    }
    double[] e = new double[maxBins + 1];
    if (lo > 0 && hi / lo > 100) {
      double l0 = Math.log10(lo);
      double l1 = Math.log10(hi);
      for (int i = 0; i <= maxBins; i++) {
        e[i] = Math.pow(10, l0 + (l1 - l0) * i / maxBins);
      }
      return new Binning(e, true);
    }
    for (int i = 0; i <= maxBins; i++) {
      e[i] = lo + (hi - lo) * i / maxBins;
    }
    return new Binning(e, false);
  }

  /** Counts per bin (out-of-range values in the edge bins, NaN left out). */
  public double[] counts(double[] values) {
    double[] h = new double[bins()];
    for (double v : values) {
      if (Double.isFinite(v)) {
        h[bin(v)]++;
      }
    }
    return h;
  }

  /** The bin of a finite value, clamped to the range. */
  public int bin(double v) {
    int nb = bins();
    if (v < edges[1]) {
      return 0;
    }
    if (v >= edges[nb - 1]) {
      return nb - 1;
    }
    int i = Arrays.binarySearch(edges, v);
    return i >= 0 ? Math.min(i, nb - 1) : -i - 2;
  }

  /** Bin centres (geometric for log bins). */
  public double[] centres() {
    double[] c = new double[bins()];
    for (int i = 0; i < c.length; i++) {
      c[i] = log ? Math.sqrt(edges[i] * edges[i + 1]) : 0.5 * (edges[i] + edges[i + 1]);
    }
    return c;
  }

  static double[] finiteSorted(double[] a, double[] b) {
    double[] all = new double[a.length + (b == null ? 0 : b.length)];
    int n = 0;
    for (double v : a) {
      if (Double.isFinite(v)) {
        all[n++] = v;
      }
    }
    if (b != null) {
      for (double v : b) {
        if (Double.isFinite(v)) {
          all[n++] = v;
        }
      }
    }
    double[] out = Arrays.copyOf(all, n);
    Arrays.sort(out);
    return out;
  }

  /** Linear-interpolated quantile of a sorted array. */
  public static double quantileSorted(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    if (i >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double f = pos - i;
    return sorted[i] + f * (sorted[i + 1] - sorted[i]);
  }
}
