package io.showers.datasets.metrics;

import io.showers.detector.Seeds;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * Fréchet physics distance (FPD, Kansal et al., arXiv:2211.10295): the Fréchet distance
 * |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½) between Gaussian fits of the two feature samples,
 * evaluated on bootstrap batches at 10 sample sizes N evenly spaced in 1/N, averaged per N and
 * extrapolated to N → ∞ by a least-squares fit a + b/N with a, b ≥ 0; reports a ± σ_a.
 * Features are first divided by max|x| of the reference. Seeded, so reproducible.
 */
public final class FrechetDistance {

  /**
   * @param minSamples smallest batch size (0: 40% of maxSamples, after jetnet's 20k/50k)
   * @param maxSamples largest batch size (0: the smaller sample size, at most 50 000)
   * @param points number of batch sizes
   * @param batches bootstrap batches per size
   * @param seed seed of the bootstrap
   */
  public record Options(int minSamples, int maxSamples, int points, int batches, long seed) {
    public static Options defaults() {
      return new Options(0, 0, 10, 20, 42);
    }
  }

  /**
   * @param value extrapolated FPD a
   * @param error σ_a from the fit covariance
   * @param sizes batch sizes N
   * @param means mean Fréchet distance per size
   * @param slope fitted b of a + b/N: the finite-sample bias at batch size N is b/N
   * @param floor b / min(n_reference, n_candidate): the value two independent finite samples of
   *     the same distribution give (the Gaussian fits of finite samples always differ a little),
   *     so "consistent with zero" means value ≲ floor + a few errors
   */
  public record Result(double value, double error, int[] sizes, double[] means, double slope, double floor) {}

  private FrechetDistance() {}

  /** FPD of candidate against reference features, rows = events. */
  public static Result fpd(double[][] reference, double[][] candidate, Options o) {
    double[] scale = FeatureScaling.maxAbs(reference);
    double[][] x = FeatureScaling.divide(reference, scale);
    double[][] y = FeatureScaling.divide(candidate, scale);
    int maxN = o.maxSamples() > 0 ? o.maxSamples() : Math.min(50_000, Math.min(x.length, y.length));
    int minN = o.minSamples() > 0 ? o.minSamples() : Math.max(2, (int) (0.4 * maxN));
    int points = o.points();
    int[] ns = new int[points];
    for (int p = 0; p < points; p++) {
      double inv = 1.0 / minN + (1.0 / maxN - 1.0 / minN) * p / Math.max(1, points - 1);
      ns[p] = (int) (1.0 / inv);
    }
    int batches = o.batches();
    double[] vals = IntStream.range(0, points * batches).parallel().mapToDouble(t -> {
      int p = t / batches;
      UniformRandomProvider rng = Seeds.rng(Seeds.derive(o.seed(), t));
      double[][] a = resample(x, ns[p], rng);
      double[][] b = resample(y, ns[p], rng);
      return frechet(mean(a), covariance(a), mean(b), covariance(b));
    }).toArray();
    double[] means = new double[points];
    for (int p = 0; p < points; p++) {
      double s = 0;
      for (int k = 0; k < batches; k++) {
        s += vals[p * batches + k];
      }
      means[p] = s / batches;
    }
    double[] inv = new double[points];
    for (int p = 0; p < points; p++) {
      inv[p] = 1.0 / ns[p];
    }
    double[] fit = fitNonNegativeLine(inv, means);
    return new Result(fit[0], fit[2], ns, means, fit[1], fit[1] / Math.min(x.length, y.length));
  }

  /**
   * Least squares y = a + b·x with a, b ≥ 0. Returns {a, b, σ_a}, σ_a from the covariance
   * s²(XᵀX)⁻¹ of the two-parameter model, s² = SSE / (n − 2), as curve_fit reports it.
   */
  public static double[] fitNonNegativeLine(double[] x, double[] y) {
    int n = x.length;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
      sx += x[i];
      sy += y[i];
      sxx += x[i] * x[i];
      sxy += x[i] * y[i];
    }
    double det = n * sxx - sx * sx;
    double a;
    double b;
    if (det > 0) {
      b = (n * sxy - sx * sy) / det;
      a = (sy - b * sx) / n;
    } else {
      a = sy / n;
      b = 0;
    }
    if (a < 0 || b < 0) {
      // best feasible point on the boundary: a = 0 or b = 0
      double b0 = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
      double a1 = Math.max(0, sy / n);
      double sse0 = sse(x, y, 0, b0);
      double sse1 = sse(x, y, a1, 0);
      if (sse0 < sse1) {
        a = 0;
        b = b0;
      } else {
        a = a1;
        b = 0;
      }
    }
    double s2 = n > 2 ? sse(x, y, a, b) / (n - 2) : 0;
    double varA = det > 0 ? s2 * sxx / det : s2 / n;
    return new double[] {a, b, Math.sqrt(Math.max(0, varA))};
  }

  private static double sse(double[] x, double[] y, double a, double b) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double r = y[i] - a - b * x[i];
      s += r * r;
    }
    return s;
  }

  /** Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂), using Tr((Σ₁Σ₂)^½) = Tr((Σ₁^½ Σ₂ Σ₁^½)^½). */
  public static double frechet(double[] mu1, double[][] cov1, double[] mu2, double[][] cov2) {
    int d = mu1.length;
    double dm = 0;
    double tr = 0;
    for (int i = 0; i < d; i++) {
      dm += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
      tr += cov1[i][i] + cov2[i][i];
    }
    RealMatrix s1 = MatrixUtils.createRealMatrix(cov1);
    RealMatrix s2 = MatrixUtils.createRealMatrix(cov2);
    RealMatrix root1 = sqrtPsd(s1);
    RealMatrix m = root1.multiply(s2).multiply(root1);
    m = m.add(m.transpose()).scalarMultiply(0.5);
    double[] ev = new EigenDecompositionSymmetric(m).getEigenvalues();
    double trRoot = 0;
    for (double e : ev) {
      trRoot += Math.sqrt(Math.max(0, e));
    }
    return dm + tr - 2 * trRoot;
  }

  /** Square root of a symmetric positive semi-definite matrix (negative eigenvalues set to 0). */
  static RealMatrix sqrtPsd(RealMatrix s) {
    RealMatrix sym = s.add(s.transpose()).scalarMultiply(0.5);
    EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(sym);
    double[] ev = e.getEigenvalues();
    RealMatrix v = e.getV();
    int d = ev.length;
    double[][] out = new double[d][d];
    for (int k = 0; k < d; k++) {
      double r = Math.sqrt(Math.max(0, ev[k]));
      if (r == 0) {
        continue;
      }
      for (int i = 0; i < d; i++) {
        double vik = v.getEntry(i, k) * r;
        for (int j = 0; j < d; j++) {
          out[i][j] += vik * v.getEntry(j, k);
        }
      }
    }
    return MatrixUtils.createRealMatrix(out);
  }

  static double[][] resample(double[][] x, int n, UniformRandomProvider rng) {
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = x[rng.nextInt(x.length)];
    }
    return out;
  }

  public static double[] mean(double[][] x) {
    int d = x[0].length;
    double[] m = new double[d];
    for (double[] r : x) {
      for (int j = 0; j < d; j++) {
        m[j] += r[j];
      }
    }
    for (int j = 0; j < d; j++) {
      m[j] /= x.length;
    }
    return m;
  }

  /** Sample covariance (divisor n − 1), as numpy.cov. */
  public static double[][] covariance(double[][] x) {
    int n = x.length;
    int d = x[0].length;
    double[] m = mean(x);
    double[][] c = new double[d][d];
    double[] z = new double[d];
    for (double[] r : x) {
      for (int j = 0; j < d; j++) {
        z[j] = r[j] - m[j];
      }
      for (int i = 0; i < d; i++) {
        double zi = z[i];
        double[] ci = c[i];
        for (int j = i; j < d; j++) {
          ci[j] += zi * z[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        c[i][j] /= Math.max(1, n - 1);
        c[j][i] = c[i][j];
      }
    }
    return c;
  }

}
