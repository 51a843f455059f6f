package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import io.showers.generative.nn.Rng;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The generalised-Gumbel density that draws an air shower's Xmax first: its likelihood gradient
 * against finite differences, the maximum-likelihood fit recovering a known mass-dependent mean,
 * width and shape (a proton-like Gumbel tail and an iron-like near-Gaussian) within its sampling
 * error, the ceiling, and reproducible draws.
 */
class GumbelDensityTest {
  /** Truth on labels (y0 ∈ [−1, 1] "log energy", y1 ∈ {0, 1} "mass"), in units of 100 g/cm². */
  static double trueMean(double y0, double y1) {
    return 0.4 + 0.58 * y0 - 0.9 * y1;
  }

  static double trueStd(double y1) {
    return 0.55 - 0.35 * y1;
  }

  static double trueShape(double y1) {
    return 1 + 2 * y1;
  }

  /** Skewness of the generalised Gumbel of shape λ: −ψ''(λ) / ψ'(λ)^1.5 (ψ'' by a central difference of ψ'). */
  static double skewness(double lambda) {
    double h = 1e-4;
    double psi2 = (Gamma.trigamma(lambda + h) - Gamma.trigamma(lambda - h)) / (2 * h);
    return -psi2 / Math.pow(Gamma.trigamma(lambda), 1.5);
  }

  static double draw(double y0, double y1, Rng rng) {
    double lambda = trueShape(y1);
    double scale = trueStd(y1) / Math.sqrt(Gamma.trigamma(lambda));
    double location = trueMean(y0, y1) - scale * (Math.log(lambda) - Gamma.digamma(lambda));
    double g = AhrensDieterMarsagliaTsangGammaSampler.of(rng::nextLong, lambda, 1).sample();
    return location - scale * Math.log(g / lambda);
  }

  @Test
  void gradientMatchesFiniteDifferencesOfTheLikelihood() {
    // (μ, ln σ, ln λ, target, step); the last point lies 23 widths below the location, where the likelihood
    // (5e8 there) is held flat in μ and σ: a larger step keeps the difference's rounding under the tolerance
    double[][] points = {{0.1, -0.3, 0.2, 0.5, 1e-6}, {-0.4, 0.4, -0.5, 2.5, 1e-6}, {0.3, -1.2, 1.1, -0.7, 1e-6},
        {0, -2.5, 0, -1.9, 1e-2}};
    for (double[] p : points) {
      float[] out = {(float) p[0], (float) p[1], (float) p[2]};
      float[] d = new float[3];
      GumbelDensity.nllGradient(out, 0, p[3], d, 1);
      for (int j = 0; j < 3; j++) {
        double h = p[4];
        double[] up = {p[0], p[1], p[2]};
        double[] down = {p[0], p[1], p[2]};
        up[j] += h;
        down[j] -= h;
        double fd = (GumbelDensity.negativeLogLikelihood(up[0], up[1], up[2], p[3])
            - GumbelDensity.negativeLogLikelihood(down[0], down[1], down[2], p[3])) / (2 * h);
        // float outputs: relative 1e-6; the central difference's own error: rounding, and h^2 f'''/6 (relative h^2)
        assertEquals(fd, d[j], (1e-5 + h * h) * Math.max(1, Math.abs(fd)), "parameter " + j + " at " + java.util.Arrays.toString(p));
      }
    }
  }

  @Test
  void maximumLikelihoodRecoversMassDependentWidthAndTail() {
    int n = 20000;
    Rng rng = new Rng(5);
    float[] y = new float[2 * n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      y[2 * i] = (float) (2 * rng.nextDouble() - 1);
      y[2 * i + 1] = rng.nextDouble() < 0.5 ? 0 : 1;
      x[i] = draw(y[2 * i], y[2 * i + 1], rng);
    }
    GumbelDensity d = GumbelDensity.fit(x, y, 2, null, 9);
    float[] rows = {-0.7f, 0f, 0.5f, 0f, -0.5f, 1f, 0.6f, 1f};
    double[][] p = d.parameters(rows, 4);
    for (int k = 0; k < 4; k++) {
      double y0 = rows[2 * k];
      double y1 = rows[2 * k + 1];
      double lambda = p[k][2];
      double mean = p[k][0] + p[k][1] * (Math.log(lambda) - Gamma.digamma(lambda));
      double std = p[k][1] * Math.sqrt(Gamma.trigamma(lambda));
      // 5000 events per quarter of the label space: the mean to a tenth of the width, the width to 6 %;
      // the skewness (1.14 for λ = 1, 0.61 for λ = 3) to 0.25, which tells the two apart
      assertEquals(trueMean(y0, y1), mean, 0.1 * trueStd(y1), "mean at " + y0 + ", " + y1);
      assertEquals(trueStd(y1), std, 0.06 * trueStd(y1), "width at " + y0 + ", " + y1);
      assertEquals(skewness(trueShape(y1)), skewness(lambda), 0.25, "skewness at " + y0 + ", " + y1 + " (λ " + lambda + ")");
    }
    // draws at one label row have the truth's mean and width (4 standard errors of 4000 draws, plus the fit's tolerance)
    int m = 4000;
    float[] same = new float[2 * m];
    long[] seeds = new long[m];
    for (int k = 0; k < m; k++) {
      same[2 * k] = 0.2f;
      same[2 * k + 1] = 0f;
      seeds[k] = 1000 + k;
    }
    float[] v = d.draw(same, m, seeds);
    double s1 = 0;
    double s2 = 0;
    for (float f : v) {
      s1 += f;
      s2 += f * f;
    }
    double mean = s1 / m;
    double std = Math.sqrt(s2 / m - mean * mean);
    assertEquals(trueMean(0.2, 0), mean, 4 * trueStd(0) / Math.sqrt(m) + 0.1 * trueStd(0));
    assertEquals(trueStd(0), std, 4 * trueStd(0) / Math.sqrt(2 * m) + 0.06 * trueStd(0));
  }

  @Test
  void ceilingBoundsDrawsAtTheDeepestTrainingValue() {
    // y1 = cos θ ∈ [0.5, 1]; physical 750 + 100 x, kept while (750 + 100 x) cos θ <= 860 (the simulator's redraw)
    int n = 6000;
    Rng rng = new Rng(8);
    float[] y = new float[2 * n];
    double[] x = new double[n];
    double deepest = 0;
    for (int i = 0; i < n; i++) {
      double c = 0.5 + 0.5 * rng.nextDouble();
      double v;
      do {
        v = draw(2 * rng.nextDouble() - 1, 0, rng);
      } while ((750 + 100 * v) * c > 860);
      y[2 * i] = (float) (2 * rng.nextDouble() - 1);
      y[2 * i + 1] = (float) c;
      x[i] = v;
      deepest = Math.max(deepest, (750 + 100 * v) * y[2 * i + 1]);
    }
    GumbelDensity d = GumbelDensity.fit(x, y, 2, new GumbelDensity.Ceiling(1, 750, 100, Double.NaN), 4);
    assertEquals(deepest, d.ceiling().limit(), 1e-9);
    assertTrue(deepest > 855 && deepest <= 860, "the deepest kept maximum lies just under the cut: " + deepest);
    // vertical, high energy: the untruncated distribution puts a fifth of its draws beyond the ceiling
    int m = 3000;
    float[] rows = new float[2 * m];
    long[] seeds = new long[m];
    for (int k = 0; k < m; k++) {
      rows[2 * k] = 1f;
      rows[2 * k + 1] = 1f;
      seeds[k] = k;
    }
    float[] v = d.draw(rows, m, seeds);
    double max = (deepest - 750) / 100;
    int near = 0;
    for (float f : v) {
      assertTrue(f <= max + 1e-6, "a draw beyond the ceiling: " + f + " > " + max);
      near += f > max - 0.2 ? 1 : 0;
    }
    assertTrue(near > m / 20, "draws reach up to the ceiling: " + near + " of " + m + " within 20 g/cm²");
  }

  @Test
  void drawsAreReproducibleAndIndependentOfTheBatch() throws Exception {
    int n = 2000;
    Rng rng = new Rng(2);
    float[] y = new float[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = (float) (2 * rng.nextDouble() - 1);
      x[i] = draw(y[i], 0, rng);
    }
    GumbelDensity d = GumbelDensity.fit(x, y, 1, null, 3);
    float[] rows = {-0.5f, 0.1f, 0.9f};
    float[] all = d.draw(rows, 3, new long[] {7, 8, 9});
    assertArrayEquals(all, d.draw(rows, 3, new long[] {7, 8, 9}));
    assertEquals(all[1], d.draw(new float[] {0.1f}, 1, new long[] {8})[0]);
    GumbelDensity back = Json.mapper().readValue(Json.write(Json.mapper().valueToTree(d)), GumbelDensity.class);
    assertEquals(d, back);
    assertArrayEquals(all, back.draw(rows, 3, new long[] {7, 8, 9}));
    // a density whose ceiling lost its limit is refused, not read as a bound at 0
    GumbelDensity bounded = GumbelDensity.fit(x, y, 1, new GumbelDensity.Ceiling(0, 750, 100, Double.NaN), 3);
    String json = Json.write(Json.mapper().valueToTree(bounded)).replaceAll(",?\"limit\":[-0-9.eE]+", "");
    assertThrows(Exception.class, () -> Json.mapper().readValue(json, GumbelDensity.class), json);
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    float[] y = new float[400];
    double[] x = new double[400];
    for (int i = 0; i < 400; i++) {
      y[i] = i / 400f;
      x[i] = Math.sin(i);
    }
    x[17] = Double.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GumbelDensity.fit(x, y, 1, null, 1));
    assertTrue(e.getMessage().contains("event 17") && e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GumbelDensity.fit(new double[10], new float[10], 1, null, 1));
    assertTrue(e.getMessage().contains("at least"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GumbelDensity.fit(new double[400], y, 2, null, 1));
    assertTrue(e.getMessage().contains("label values for 2 labels"), e.getMessage());
  }
}
