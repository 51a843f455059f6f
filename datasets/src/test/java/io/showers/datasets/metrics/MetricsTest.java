package io.showers.datasets.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Seeds;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

class MetricsTest {

  static double[][] gaussian(int n, double[] mu, double sigma, long seed) {
    UniformRandomProvider rng = Seeds.rng(seed);
    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
    double[][] x = new double[n][mu.length];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < mu.length; j++) {
        x[i][j] = mu[j] + sigma * g.sample();
      }
    }
    return x;
  }

  static double[] column(double[][] x, int j) {
    double[] c = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i][j];
    }
    return c;
  }

  @Test
  void separationPowerLimits() {
    assertEquals(0, SeparationPower.of(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
    assertEquals(1, SeparationPower.of(new double[] {1, 0}, new double[] {0, 5}), 1e-15);
    // h = (0.5, 0.5), g = (1, 0): ½[(0.5)²/1.5 + 0.25/0.5] = ½(1/6 + 1/2) = 1/3
    assertEquals(1.0 / 3, SeparationPower.of(new double[] {1, 1}, new double[] {3, 0}), 1e-15);
  }

  @Test
  void separationPowerOfSameDistributionIsAtNoiseLevel() {
    double[] a = column(gaussian(20_000, new double[] {0}, 1, 1), 0);
    double[] b = column(gaussian(20_000, new double[] {0}, 1, 2), 0);
    Binning bins = Binning.shared(a, b);
    double sp = SeparationPower.of(a, b, bins);
    double noise = SeparationPower.noiseLevel(bins.bins(), a.length, b.length);
    assertTrue(sp < 3 * noise, "sp " + sp + " noise " + noise);
    double[] c = column(gaussian(20_000, new double[] {0.5}, 1, 3), 0);
    assertTrue(SeparationPower.of(a, c, Binning.shared(a, c)) > 20 * noise);
  }

  @Test
  void integerObservablesGetUnitBins() {
    Binning b = Binning.shared(new double[] {1, 2, 3, 5}, new double[] {4, Double.NaN});
    assertEquals(5, b.bins());
    assertEquals(0.5, b.edges()[0]);
    assertArrayEquals(new double[] {1, 1, 1, 0, 1}, b.counts(new double[] {1, 2, 3, 5, Double.NaN}));
  }

  /** A count spanning more values than bins (hits 3–45 in 40 bins) must not pile two integers into some bins. */
  @Test
  void wideIntegerObservablesGetEqualIntegerBins() {
    double[] uniform = new double[43 * 100];
    for (int i = 0; i < uniform.length; i++) {
      uniform[i] = 3 + i % 43;
    }
    Binning b = Binning.shared(uniform, uniform);
    assertEquals(22, b.bins(), "two integers per bin");
    assertEquals(2.5, b.edges()[0]);
    double[] h = b.counts(uniform);
    for (int i = 0; i < h.length - 1; i++) {
      assertEquals(200, h[i], 0, "bin " + i + " of a flat count distribution");
    }
    assertEquals(100, h[h.length - 1], 0, "the last bin holds the one remaining integer");
  }

  @Test
  void wassersteinExactValues() {
    assertEquals(2, Wasserstein.distance(new double[] {0, 1}, new double[] {2, 3}), 1e-12);
    assertEquals(1, Wasserstein.distance(new double[] {0}, new double[] {0, 2}), 1e-12);
    assertEquals(0, Wasserstein.distance(new double[] {3, 1, 2}, new double[] {1, 2, 3}), 1e-12);
    double[] a = column(gaussian(50_000, new double[] {0}, 1, 4), 0);
    double[] b = column(gaussian(50_000, new double[] {0.3}, 1, 5), 0);
    assertEquals(0.3, Wasserstein.distance(a, b), 0.02);
  }

  @Test
  void aucExactAndDeLongError() {
    Auc a = Auc.of(new double[] {1, 2, 3}, new double[] {0, 1.5});
    assertEquals(5.0 / 6, a.auc(), 1e-12);
    assertEquals(0.5, Auc.of(new double[] {1, 1}, new double[] {1}).auc(), 1e-12);
    int n = 5000;
    double[] p = column(gaussian(n, new double[] {0}, 1, 6), 0);
    double[] q = column(gaussian(n, new double[] {0}, 1, 7), 0);
    Auc same = Auc.of(p, q);
    double expectedSigma = Math.sqrt((2.0 * n + 1) / (12.0 * n * n));
    assertEquals(expectedSigma, same.error(), 0.1 * expectedSigma);
    assertEquals(0.5, same.auc(), 3 * expectedSigma);
    // N(1,1) vs N(0,1): AUC = Φ(1/√2) = 0.7602
    double[] r = column(gaussian(n, new double[] {1}, 1, 8), 0);
    assertEquals(0.7602, Auc.of(r, q).auc(), 0.02);
  }

  @Test
  void frechetDistanceKnownAnswers() {
    double[][] id = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    // N(0, I) vs N(μ, I): |μ|²
    assertEquals(1 + 4 + 0.25, FrechetDistance.frechet(new double[3], id, new double[] {1, 2, 0.5}, id), 1e-10);
    // diagonal covariances: Σ (√a − √b)²
    double[][] a = {{4, 0}, {0, 1}};
    double[][] b = {{1, 0}, {0, 9}};
    assertEquals(1 + 4, FrechetDistance.frechet(new double[2], a, new double[2], b), 1e-10);
    // non-commuting covariances: compare with Tr Σ1 + Tr Σ2 − 2 Σ √λ(Σ1Σ2)
    double[][] s1 = {{2, 0.8}, {0.8, 1}};
    double[][] s2 = {{1, -0.3}, {-0.3, 3}};
    double[] ev = realParts(s1, s2);
    double direct = 2 + 1 + 1 + 3 - 2 * (Math.sqrt(ev[0]) + Math.sqrt(ev[1]));
    assertEquals(direct, FrechetDistance.frechet(new double[2], s1, new double[2], s2), 1e-10);
  }

  private static double[] realParts(double[][] s1, double[][] s2) {
    var e = new EigenDecompositionNonSymmetric(
        MatrixUtils.createRealMatrix(s1).multiply(MatrixUtils.createRealMatrix(s2))).getEigenvalues();
    return new double[] {e[0].getReal(), e[1].getReal()};
  }

  @Test
  void fpdOfShiftedGaussiansMatchesFormulaAndSameIsZero() {
    double[] mu = {0.3, -0.2, 0.1};
    double[][] ref = gaussian(10_000, new double[3], 1, 11);
    double[][] cand = gaussian(10_000, mu, 1, 12);
    double[] scale = FeatureScaling.maxAbs(ref);
    double expected = 0;
    for (int j = 0; j < 3; j++) {
      expected += (mu[j] / scale[j]) * (mu[j] / scale[j]);
    }
    FrechetDistance.Result r = FrechetDistance.fpd(ref, cand, FrechetDistance.Options.defaults());
    // finite-sample error of the means dominates: σ(|Δμ|²) ≈ 2|Δμ|·√(2/N)/scale
    double tol = 4 * 2 * Math.sqrt(expected) * Math.sqrt(2.0 / 10_000) / scale[0] + 3 * r.error();
    assertEquals(expected, r.value(), tol, "fpd " + r.value() + " ± " + r.error());

    double[][] ref2 = gaussian(10_000, new double[3], 1, 13);
    FrechetDistance.Result zero = FrechetDistance.fpd(ref, ref2, FrechetDistance.Options.defaults());
    assertTrue(zero.value() <= 3 * zero.error() + 2 * zero.floor(),
        "fpd same " + zero.value() + " ± " + zero.error() + " floor " + zero.floor());
    assertTrue(r.value() > 20 * zero.value() + 1e-3);
  }

  @Test
  void fitWithNonNegativeParameters() {
    double[] x = {0.1, 0.2, 0.3, 0.4};
    double[] fit = FrechetDistance.fitNonNegativeLine(x, new double[] {1.2, 1.4, 1.6, 1.8});
    assertEquals(1, fit[0], 1e-12);
    assertEquals(2, fit[1], 1e-12);
    assertEquals(0, fit[2], 1e-9);
    // negative intercept clipped to 0
    double[] clipped = FrechetDistance.fitNonNegativeLine(x, new double[] {0.1, 0.3, 0.5, 0.7});
    assertEquals(0, clipped[0], 0);
    assertTrue(clipped[1] > 0);
  }

  @Test
  void mmdMatchesDirectComputationAndKnownAnswer() {
    // direct double loop on a small sample
    double[][] x = gaussian(40, new double[] {0, 0}, 1, 21);
    double[][] y = gaussian(30, new double[] {0.5, 0}, 1, 22);
    double direct = directMmd(x, y);
    assertEquals(direct, KernelDistance.mmd2Unbiased(x, y), 1e-9 * Math.abs(direct) + 1e-12);
    // 1-D: k = (xy + 1)^4 = Σ C(4,k)(xy)^k, so MMD² = Σ_k C(4,k)(E x^k − E y^k)², N(0,1) vs N(μ,1)
    double mu = 0.5;
    double[] m = {mu, 1 + mu * mu, mu * mu * mu + 3 * mu, Math.pow(mu, 4) + 6 * mu * mu + 3};
    double[] m0 = {0, 1, 0, 3};
    int[] binom = {4, 6, 4, 1};
    double expected = 0;
    for (int k = 0; k < 4; k++) {
      expected += binom[k] * (m[k] - m0[k]) * (m[k] - m0[k]);
    }
    double sum = 0;
    double sum2 = 0;
    int reps = 8;
    for (int r = 0; r < reps; r++) {
      double v = KernelDistance.mmd2Unbiased(gaussian(3000, new double[] {0}, 1, 100 + r),
          gaussian(3000, new double[] {mu}, 1, 200 + r));
      sum += v;
      sum2 += v * v;
    }
    double mean = sum / reps;
    double se = Math.sqrt((sum2 / reps - mean * mean) / (reps - 1));
    assertEquals(expected, mean, 4 * se + 0.02 * expected, "mmd " + mean + " ± " + se + " expected " + expected);
  }

  @Test
  void kpdOfSameDistributionConsistentWithZero() {
    double[][] a = gaussian(5000, new double[4], 1, 31);
    double[][] b = gaussian(5000, new double[4], 1, 32);
    KernelDistance.Result r = KernelDistance.kpd(a, b, KernelDistance.Options.defaults());
    assertTrue(Math.abs(r.value()) < 3 * r.error() + 1e-6, "kpd " + r.value() + " ± " + r.error());
    double[][] c = gaussian(5000, new double[] {0.2, 0, 0, 0}, 1, 33);
    KernelDistance.Result s = KernelDistance.kpd(a, c, KernelDistance.Options.defaults());
    assertTrue(s.value() > 5 * s.error(), "kpd shifted " + s.value() + " ± " + s.error());
  }

  private static double directMmd(double[][] x, double[][] y) {
    int d = x[0].length;
    double kxx = 0;
    double kyy = 0;
    double kxy = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        if (i != j) {
          kxx += k(x[i], x[j], d);
        }
      }
      for (double[] yj : y) {
        kxy += k(x[i], yj, d);
      }
    }
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < y.length; j++) {
        if (i != j) {
          kyy += k(y[i], y[j], d);
        }
      }
    }
    int m = x.length;
    int n = y.length;
    return kxx / (m * (m - 1.0)) + kyy / (n * (n - 1.0)) - 2 * kxy / ((double) m * n);
  }

  private static double k(double[] a, double[] b, int d) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += a[i] * b[i];
    }
    return Math.pow(s / d + 1, 4);
  }
}
