package io.showers.generative.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** σ68 equals the Gaussian width for a Gaussian response and ignores a small tail of wild values. */
class CoreResolutionTest {
  static final int N = 20_000;

  @Test
  void gaussianResponseGivesItsWidth() {
    Random rnd = new Random(3);
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      v[i] = 1.0 + 0.1 * rnd.nextGaussian();
    }
    // the 68% interval's half-width has a standard error of about 1.1 σ / sqrt(N) = 0.0008: allow 4 of them
    assertEquals(0.1, EnergyResponse.coreResolution(v), 0.0032);
  }

  @Test
  void tailsWidenTheRmsButNotTheCore() {
    Random rnd = new Random(4);
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      v[i] = i % 20 == 0 ? 3.0 + rnd.nextDouble() : 1.0 + 0.1 * rnd.nextGaussian(); // 5% wild
    }
    double core = EnergyResponse.coreResolution(v);
    // the core interval now covers 0.683/0.95 of the Gaussian part: z = 1.077 instead of 1, median moves a little
    assertEquals(0.1077, core, 0.006);
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= N;
    double rms = 0;
    for (double x : v) {
      rms += (x - mean) * (x - mean);
    }
    rms = Math.sqrt(rms / N) / mean;
    assertTrue(rms > 4 * core, "rms " + rms + " vs core " + core);
  }
}
