package io.showers.datasets.metrics;

import io.showers.detector.Seeds;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Kernel physics distance (KPD, Kansal et al., arXiv:2211.10295): the unbiased estimator of
 * the squared maximum mean discrepancy with the polynomial kernel k(x, y) = (x·y/d + 1)⁴, on
 * bootstrap batches; reports the median ± half the 16–84% range over batches. Features are
 * first divided by max|x| of the reference. Can be slightly negative. Seeded.
 */
public final class KernelDistance {

  /**
   * @param batchSize events per batch and sample (0: the smaller sample size, at most 5000)
   * @param batches number of batches
   * @param seed seed of the sampling
   */
  public record Options(int batchSize, int batches, long seed) {
    public static Options defaults() {
      return new Options(0, 10, 42);
    }
  }

  /**
   * @param value median of the batch values
   * @param error half of the 16–84% range
   * @param values the per-batch MMD² values
   */
  public record Result(double value, double error, double[] values) {}

  private KernelDistance() {}

  public static Result kpd(double[][] reference, double[][] candidate, Options o) {
    double[] scale = FeatureScaling.maxAbs(reference);
    double[][] x = FeatureScaling.divide(reference, scale);
    double[][] y = FeatureScaling.divide(candidate, scale);
    int n = o.batchSize() > 0 ? o.batchSize() : Math.min(5000, Math.min(x.length, y.length));
    double[] vals = new double[o.batches()];
    for (int b = 0; b < o.batches(); b++) {
      UniformRandomProvider rng = Seeds.rng(Seeds.derive(o.seed(), b));
      vals[b] = mmd2Unbiased(FrechetDistance.resample(x, n, rng), FrechetDistance.resample(y, n, rng));
    }
    double[] s = vals.clone();
    Arrays.sort(s);
    double median = Binning.quantileSorted(s, 0.5);
    double half = 0.5 * (Binning.quantileSorted(s, 0.8373) - Binning.quantileSorted(s, 0.1627));
    return new Result(median, half, vals);
  }

  /**
   * Unbiased MMD² = mean_{i≠j} k(x_i, x_j) + mean_{i≠j} k(y_i, y_j) − 2 mean k(x_i, y_j) with
   * k(x, y) = (x·y/d + 1)⁴.
   */
  public static double mmd2Unbiased(double[][] x, double[][] y) {
    int m = x.length;
    int n = y.length;
    int d = x[0].length;
    double[] xt = transpose(x);
    double[] yt = transpose(y);
    double kxx = offDiagonalSum(x, xt, m, d, true);
    double kyy = offDiagonalSum(y, yt, n, d, true);
    double kxy = offDiagonalSum(x, yt, n, d, false);
    return kxx / ((double) m * (m - 1)) + kyy / ((double) n * (n - 1)) - 2 * kxy / ((double) m * n);
  }

  /** Column-major copy (d, n) so inner loops run over events contiguously (vectorisable). */
  private static double[] transpose(double[][] x) {
    int n = x.length;
    int d = x[0].length;
    double[] t = new double[d * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        t[j * n + i] = x[i][j];
      }
    }
    return t;
  }

  /** Σ k(a_i, b_j) over all i, j (or over i ≠ j when {@code skipDiagonal}, a = b). */
  private static double offDiagonalSum(double[][] a, double[] bt, int nb, int d, boolean skipDiagonal) {
    double inv = 1.0 / d;
    double[] rows = IntStream.range(0, a.length).parallel().mapToDouble(i -> {
      double[] acc = new double[nb];
      double[] ai = a[i];
      for (int f = 0; f < d; f++) {
        double v = ai[f];
        int off = f * nb;
        for (int j = 0; j < nb; j++) {
          acc[j] += v * bt[off + j];
        }
      }
      double s = 0;
      for (int j = 0; j < nb; j++) {
        double k = acc[j] * inv + 1;
        k *= k;
        s += k * k;
      }
      if (skipDiagonal) {
        double k = acc[i] * inv + 1;
        k *= k;
        s -= k * k;
      }
      return s;
    }).toArray();
    double total = 0;
    for (double r : rows) {
      total += r;
    }
    return total;
  }
}
