package io.showers.datasets.metrics;

import io.showers.detector.Seeds;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import java.util.stream.IntStream;

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

  private static final int TILE = 512;
  private static final int ROWS = 64;

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
    double kxx = kernelSum(x, x, true);
    double kyy = kernelSum(y, y, true);
    double kxy = kernelSum(x, y, false);
    return kxx / ((double) m * (m - 1)) + kyy / ((double) n * (n - 1)) - 2 * kxy / ((double) m * n);
  }

  /**
   * Σ_{i,j} k(a_i, b_j) (i ≠ j when {@code skipDiagonal}, a = b). Pure Java: B is stored
   * feature-major in tiles of {@link #TILE} events so the inner loop is a vectorisable axpy over
   * events; rows run in parallel and their sums are added in order (deterministic).
   */
  private static double kernelSum(double[][] a, double[][] b, boolean skipDiagonal) {
    int d = a[0].length;
    int nb = b.length;
    int tiles = (nb + TILE - 1) / TILE;
    double[][] bt = new double[tiles][];
    for (int t = 0; t < tiles; t++) {
      int from = t * TILE;
      int w = Math.min(TILE, nb - from);
      double[] tile = new double[d * w];
      for (int j = 0; j < w; j++) {
        double[] bj = b[from + j];
        for (int f = 0; f < d; f++) {
          tile[f * w + j] = bj[f];
        }
      }
      bt[t] = tile;
    }
    double inv = 1.0 / d;
    int rowBlocks = (a.length + ROWS - 1) / ROWS;
    double[] partial = IntStream.range(0, rowBlocks).parallel().mapToDouble(rb -> {
      double[] acc = new double[TILE];
      double s = 0;
      int r1 = Math.min(a.length, (rb + 1) * ROWS);
      for (int t = 0; t < tiles; t++) {
        double[] tile = bt[t];
        int w = tile.length / d;
        for (int i = rb * ROWS; i < r1; i++) {
          double[] ai = a[i];
          java.util.Arrays.fill(acc, 0, w, 0.0);
          for (int f = 0; f < d; f++) {
            double v = ai[f];
            int off = f * w;
            for (int j = 0; j < w; j++) {
              acc[j] += v * tile[off + j];
            }
          }
          for (int j = 0; j < w; j++) {
            double k = acc[j] * inv + 1;
            k *= k;
            s += k * k;
          }
        }
      }
      return s;
    }).toArray();
    double total = 0;
    for (double p : partial) {
      total += p;
    }
    if (skipDiagonal) {
      for (double[] x : a) {
        double dot = 0;
        for (double v : x) {
          dot += v * v;
        }
        double k = dot * inv + 1;
        k *= k;
        total -= k * k;
      }
    }
    return total;
  }
}
