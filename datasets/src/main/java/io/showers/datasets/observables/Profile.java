package io.showers.datasets.observables;

/**
 * A per-event profile (e.g. energy per layer vs depth, signal vs core distance): {@code bins}
 * values per event, NaN where the event has no entry in that bin.
 *
 * @param name machine name
 * @param xTitle x-axis title with unit
 * @param yTitle y-axis title with unit
 * @param x bin centres (or layer depths), one per bin
 * @param values (N, bins) row-major
 * @param logY whether plots should use a logarithmic y axis
 */
public record Profile(String name, String xTitle, String yTitle, double[] x, double[] values, boolean logY) {

  public Profile {
    if (x.length == 0 || values.length % x.length != 0) {
      throw new IllegalArgumentException(
          "profile " + name + ": " + values.length + " values do not fit " + x.length + " bins");
    }
  }

  public int bins() {
    return x.length;
  }

  public int events() {
    return values.length / x.length;
  }

  /** Mean over events of each bin, ignoring NaN (NaN where no event has an entry). */
  public double[] mean() {
    return stat(false);
  }

  /** Standard error of {@link #mean()} per bin. */
  public double[] standardError() {
    return stat(true);
  }

  private double[] stat(boolean error) {
    int b = x.length;
    double[] sum = new double[b];
    double[] sum2 = new double[b];
    long[] n = new long[b];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (Double.isFinite(v)) {
        int k = i % b;
        sum[k] += v;
        sum2[k] += v * v;
        n[k]++;
      }
    }
    double[] out = new double[b];
    for (int k = 0; k < b; k++) {
      if (n[k] == 0) {
        out[k] = Double.NaN;
        continue;
      }
      double m = sum[k] / n[k];
      if (!error) {
        out[k] = m;
      } else {
        double var = n[k] > 1 ? Math.max(0, (sum2[k] - n[k] * m * m) / (n[k] - 1)) : 0;
        out[k] = Math.sqrt(var / n[k]);
      }
    }
    return out;
  }
}
