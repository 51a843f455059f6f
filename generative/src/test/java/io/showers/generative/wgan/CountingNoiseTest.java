package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The counting-noise fit recovers known coefficients from footprints whose cells are sums of Poisson-many deposits of
 * a known size on a lateral distribution that changes from event to event, with a trigger threshold cutting the small
 * cells.
 */
class CountingNoiseTest {
  static final int CELLS = 30;
  static final double THRESHOLD = 3;

  /**
   * {@code n} footprints: {@code ln ū = a + b x + c x²} in {@code x = ln(r / 1000)} with event-to-event amplitude and
   * slope; with {@code counts}, each cell {@code κ × Poisson(ū / κ)} (so {@code Var = κ ū}) times a mean-one
   * log-normal of spread {@code flat}, else the head's own noise, {@code ū exp(σ ε − σ²/2)} with {@code σ² = flat² +
   * κ / ū}; cells under the threshold read 0.
   */
  static double[][] footprints(int n, double kappa, double flat, boolean counts, long seed) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    ZigguratSampler.NormalizedGaussian gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
    double[] amounts = new double[n * CELLS];
    double[] distances = new double[n * CELLS];
    for (int k = 0; k < n; k++) {
      double a = Math.log(20 + 280 * rng.nextDouble());
      double b = -2.2 - 0.8 * rng.nextDouble();
      double c = -0.4 * rng.nextDouble();
      for (int i = 0; i < CELLS; i++) {
        double r = 200 * Math.pow(15, rng.nextDouble()); // 200 m to 3 km, log-uniform
        double x = Math.log(r / 1000);
        double mean = Math.exp(a + b * x + c * x * x);
        double u;
        if (counts) {
          u = kappa * PoissonSampler.of(rng, mean / kappa).sample() * Math.exp(flat * gaussian.sample() - 0.5 * flat * flat);
        } else {
          double sigma = Math.sqrt(flat * flat + kappa / mean);
          u = mean * Math.exp(sigma * gaussian.sample() - 0.5 * sigma * sigma);
        }
        amounts[k * CELLS + i] = u < THRESHOLD ? 0 : u;
        distances[k * CELLS + i] = r;
      }
    }
    return new double[][] {amounts, distances};
  }

  static CountingNoise fit(double[][] f) {
    return CountingNoise.fit(f[0], f[1], CELLS, 300, 1000, 5 * THRESHOLD, 400);
  }

  /**
   * The head's own noise, κ = 0.8 and no flat spread: recovered. About 40 000 residuals in the window, each {@code ū
   * e² / (1 − h)} with relative scatter √2 about κ: five seeds gave κ 0.78–0.81; 5 % is about three times their spread.
   * The flat spread stays under 0.02 (its variance 4e-4 would add 0.16 to {@code ū e²} at 400 units).
   */
  @Test
  void recoversThePureCountingCoefficient() {
    CountingNoise noise = fit(footprints(2000, 0.8, 0, false, 31));
    assertEquals(0.8, noise.kappa(), 0.05 * 0.8, noise.toString());
    assertTrue(noise.flatSpread() < 0.02, noise.toString());
  }

  /**
   * κ = 1 with a 10 % flat spread, which carries {@code s² ū} = 4 of {@code ū e²} at 400 units against κ's 1: both
   * recovered (five seeds: κ 0.99–1.06, s 0.097–0.102; tolerances about three times that).
   */
  @Test
  void separatesCountingFromAFlatSpread() {
    CountingNoise noise = fit(footprints(2000, 1.0, 0.1, false, 32));
    assertEquals(1.0, noise.kappa(), 0.15, noise.toString());
    assertEquals(0.1, noise.flatSpread(), 0.012, noise.toString());
  }

  /**
   * Counted deposits of 0.8 units: the fit, made in log amounts as the head's noise is, reads the log scatter, which
   * exceeds κ / ū by {@code O(κ² / ū²)} (a Poisson count's {@code Var(ln N) ≈ 1/λ + 3/(2λ²)}): within 6 % of the
   * deposit size over 15–400 units (five seeds: 0.815–0.830).
   */
  @Test
  void readsTheDepositSizeOfCountedCells() {
    CountingNoise noise = fit(footprints(2000, 0.8, 0, true, 33));
    assertEquals(0.8, noise.kappa(), 0.06 * 0.8, noise.toString());
    assertTrue(noise.flatSpread() < 0.02, noise.toString());
  }

  @Test
  void refusesTooFewCellsBadValuesAndAnInvertedWindow() throws Exception {
    double[][] few = footprints(3, 1.0, 0, false, 34);
    assertThrows(IllegalArgumentException.class, () -> fit(few), "three events leave too few residuals");
    double[][] f = footprints(50, 1.0, 0, false, 35);
    f[0][7] = Double.NaN;
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> fit(f));
    assertTrue(nan.getMessage().contains("event 0 cell 7"), nan.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> CountingNoise.fit(f[0], f[1], CELLS, 300, 1000, 400, 15), "window inverted");
    assertThrows(IllegalArgumentException.class,
        () -> CountingNoise.fit(f[0], new double[CELLS], CELLS, 300, 1000, 15, 400), "distances of another size");
    CountingNoise c = new CountingNoise(1.3, 0.02);
    assertEquals(c, Json.mapper().readValue(Json.mapper().writeValueAsString(c), CountingNoise.class));
  }
}
