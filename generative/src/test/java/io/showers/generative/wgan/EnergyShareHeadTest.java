package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import org.hipparchus.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The energy-share head: exact energy sharing, priors that reproduce the mean event, its
 * backward pass against central differences, and a generator that saves and reloads it.
 */
class EnergyShareHeadTest {
  static final double L = 3.0;
  static final int GROUPS = 3;
  static final int SIZE = 4;
  static final int CELLS = GROUPS * SIZE;
  /** Columns after the cells that the network emits directly (as arrival times). */
  static final int PASS = 2;
  static final int EVENT = CELLS + PASS;

  static EnergyShareHead head(long seed) {
    Rng rng = new Rng(seed);
    double[] a0 = new double[GROUPS];
    float[] c0 = new float[CELLS];
    for (int g = 0; g < GROUPS; g++) {
      a0[g] = rng.nextGaussian();
    }
    for (int i = 0; i < CELLS; i++) {
      c0[i] = (float) rng.nextGaussian();
    }
    return new EnergyShareHead(L, GROUPS, SIZE, PASS, 1.5, a0, c0);
  }

  /**
   * A head with counting spread and random priors: a total of e^5 ≈ 150 units, cells of a few to a few tens of units,
   * spreads between the flat part and the clamp.
   */
  static EnergyShareHead countingHead(long seed) {
    Rng prior = new Rng(seed);
    double[] a0 = new double[GROUPS];
    float[] c0 = new float[CELLS];
    for (int g = 0; g < GROUPS; g++) {
      a0[g] = 0.5 * prior.nextGaussian();
    }
    for (int i = 0; i < CELLS; i++) {
      c0[i] = (float) prior.nextGaussian();
    }
    return new EnergyShareHead(L, GROUPS, SIZE, PASS, 5.0, a0, c0).withCountingSpread(true);
  }

  static float[] raw(int n, long seed, double scale) {
    return raw(n, EVENT + GROUPS + 1, seed, scale);
  }

  static float[] raw(int n, int width, long seed, double scale) {
    Rng rng = new Rng(seed);
    float[] r = new float[n * width];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) (scale * rng.nextGaussian());
    }
    return r;
  }

  static double amount(float x) {
    return Math.expm1(x * L);
  }

  @Test
  void groupSumsAndTotalAreTheirOwnOutputs() {
    EnergyShareHead h = head(1);
    int n = 5;
    float[] r = raw(n, 2, 1.0);
    float[] x = new float[n * EVENT];
    h.apply(r, x, n);
    for (int k = 0; k < n; k++) {
      int o = k * h.rawDim();
      for (int p = 0; p < PASS; p++) {
        assertEquals(r[o + CELLS + p], x[k * EVENT + CELLS + p], 0f, "pass-through column " + p);
      }
      double total = Math.exp(h.priorLogTotal() + r[o + EVENT + GROUPS]);
      double[] a = new double[GROUPS];
      double z = 0;
      for (int g = 0; g < GROUPS; g++) {
        a[g] = Math.exp(h.priorGroupLogits()[g] + r[o + EVENT + g]);
        z += a[g];
      }
      double sum = 0;
      for (int g = 0; g < GROUPS; g++) {
        double group = 0;
        for (int i = g * SIZE; i < (g + 1) * SIZE; i++) {
          group += amount(x[k * EVENT + i]);
        }
        // float32 log encoding: relative rounding ~1e-7 per cell, amplified by L·x
        assertEquals(total * a[g] / z, group, 2e-5 * total, "group " + g + " of event " + k);
        sum += group;
      }
      assertEquals(total, sum, 2e-5 * total, "total of event " + k);
    }
  }

  @Test
  void priorsFittedToIdenticalEventsReproduceThem() {
    // one shower shape, repeated: the fitted head with zero raw output must give it back
    float[] event = new float[EVENT];
    Rng rng = new Rng(3);
    for (int i = 0; i < EVENT; i++) {
      event[i] = i % 5 == 0 ? 0f : (float) (0.2 + 0.6 * rng.nextDouble());
    }
    int n = 7;
    float[] train = new float[n * EVENT];
    for (int k = 0; k < n; k++) {
      System.arraycopy(event, 0, train, k * EVENT, EVENT);
    }
    EnergyShareHead h = EnergyShareHead.fit(train, GROUPS, SIZE, PASS, L);
    float[] x = new float[EVENT];
    h.apply(new float[h.rawDim()], x, 1);
    double total = 0;
    for (int i = 0; i < CELLS; i++) {
      total += amount(event[i]); // the pass-through columns are no amounts
    }
    for (int i = 0; i < CELLS; i++) {
      // empty cells keep the 1e-6 share floor: tiny, far below any detector threshold
      assertEquals(amount(event[i]), amount(x[i]), 1e-5 * total, "cell " + i);
    }
  }

  @Test
  void backwardMatchesCentralDifferences() {
    EnergyShareHead h = head(4);
    int n = 3;
    float[] r = raw(n, 5, 0.7);
    Rng rng = new Rng(6);
    float[] w = new float[n * EVENT];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    INDArray rawArr = Nd4j.create(r.clone(), new long[] {n, h.rawDim()}, 'c');
    INDArray grad = h.backward(rawArr, Nd4j.create(w, new long[] {n, EVENT}, 'c'));
    assertMatchesCentralDifferences(grad, r, raw -> loss(h, raw, w, n));
  }

  /**
   * Every entry of {@code grad} (rows of raw outputs) agrees with the central difference of {@code
   * loss} at {@code r}: step 1e-2, so truncation O(h²) ~ 1e-4 of the curvature and float32 loss
   * rounding ~1e-6 / h stay under the tolerance 2e-3 of the largest gradient (at least 1).
   */
  static void assertMatchesCentralDifferences(INDArray grad, float[] r, ToDoubleFunction<float[]> loss) {
    float[] g = grad.dup('c').data().asFloat();
    double tolerance = 2e-3 * Math.max(1, grad.amaxNumber().doubleValue());
    float step = 1e-2f;
    for (int i = 0; i < r.length; i++) {
      float[] plus = r.clone();
      float[] minus = r.clone();
      plus[i] += step;
      minus[i] -= step;
      double fd = (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / (2 * step);
      assertEquals(fd, g[i], tolerance, "raw " + i);
    }
  }

  /**
   * With cell spread, the backward pass is exact for fixed noise streams (the spread outputs
   * included), the group sums stay exact, the same raw row always gives the same event, and a
   * larger raw log spread widens the cell-to-cell fluctuations as σ = 0.3 e^r.
   */
  @Test
  void cellSpreadKeepsEnergySharingAndHasAnExactGradient() {
    EnergyShareHead h = head(11).withCellSpread(true);
    assertEquals(EVENT + 2 * GROUPS + 1, h.rawDim());
    int n = 3;
    float[] r = raw(n, h.rawDim(), 12, 0.7);
    assertSeededBackwardMatchesCentralDifferences(h, r, n, 13, new long[] {5, 6, 7});
    // energy sharing is still exact, and the event is a function of its raw row
    float[] x = new float[n * EVENT];
    h.apply(r, x, n);
    float[] again = new float[n * EVENT];
    h.apply(r, again, n);
    assertArrayEquals(x, again);
    assertTotalsAreTheNetworks(h, r, x, n);
    // the spread of a cell's log share over many noise streams is 0.3 e^r (one group of SIZE cells,
    // zero logits: the log-share differences between two cells are the noise differences, variance 2σ²)
    for (double logSpread : new double[] {-1.0, 0.5}) {
      EnergyShareHead one = new EnergyShareHead(L, 1, SIZE, 0, 0.0, new double[] {0}, new float[SIZE], true, null, null, null,
          false, false, false, 0, null, null, null);
      float[] row = new float[one.rawDim()];
      row[row.length - 1] = (float) logSpread;
      int events = 4000;
      double sumSq = 0;
      float[] out = new float[SIZE];
      for (int k = 0; k < events; k++) {
        one.apply(row, out, 1, null, null, null, new long[] {1000L + k});
        double a = Math.log(amount(out[0]));
        double b = Math.log(amount(out[1]));
        sumSq += (a - b) * (a - b);
      }
      double sigma = Math.sqrt(sumSq / events / 2);
      double expected = 0.3 * Math.exp(logSpread);
      // the sample rms of 4000 Gaussian differences is known to ~1.1 %; 5 % leaves room for the float encoding
      assertEquals(expected, sigma, 0.05 * expected, "cell spread at raw log spread " + logSpread);
    }
  }

  /**
   * Counting spread: the backward pass is exact through every path (noisy logits, the noise-free amounts that set
   * each cell's spread, group logits, total, flat spread and counting coefficient), and energy sharing stays exact.
   */
  @Test
  void countingSpreadHasAnExactGradient() {
    EnergyShareHead h = countingHead(14);
    assertEquals(EVENT + 3 * GROUPS + 1, h.rawDim(), "cells, pass-through, groups, total, spreads, counting");
    int n = 3;
    float[] r = raw(n, h.rawDim(), 15, 0.7);
    long[] seeds = {8, 9, 10};
    INDArray grad = assertSeededBackwardMatchesCentralDifferences(h, r, n, 16, seeds);
    for (int k = 0; k < n; k++) {
      for (int j = EVENT + 2 * GROUPS + 1; j < h.rawDim(); j++) {
        assertTrue(grad.getDouble(k, j) != 0, "the counting coefficients take a gradient (event " + k + ")");
      }
    }
    float[] x = new float[n * EVENT];
    h.apply(r, x, n, null, null, null, seeds);
    assertTotalsAreTheNetworks(h, r, x, n);
    assertThrows(IllegalArgumentException.class, () -> new EnergyShareHead(L, GROUPS, SIZE, PASS, 5.0,
        h.priorGroupLogits(), h.priorCellLogits(), false, null, null, null, false, true, false, 0, null, null, null),
        "counting spread without cell spread");
  }

  /**
   * Counting noise fixed to fitted coefficients: the network's log spread and log counting coefficient are unused (the
   * events do not change with them) and take no gradient, the rest of the backward pass still agrees with central
   * differences, and the noise is the one the network would make with those coefficients.
   */
  @Test
  void fixedCountingNoiseReplacesTheNetworksCoefficients() throws Exception {
    EnergyShareHead learned = countingHead(21);
    double kappa = 1.7;
    double flat = 0.02;
    EnergyShareHead fixed = learned.withFixedCounting(new CountingNoise(kappa, flat));
    assertEquals(learned.rawDim(), fixed.rawDim(), "the network's outputs keep their layout");
    int n = 3;
    int spreads = EVENT + GROUPS + 1;
    float[] r = raw(n, fixed.rawDim(), 17, 0.7);
    long[] seeds = {11, 12, 13};
    INDArray grad = assertSeededBackwardMatchesCentralDifferences(fixed, r, n, 18, seeds);
    float[] asLearned = r.clone();
    float[] otherRaw = r.clone();
    for (int k = 0; k < n; k++) {
      for (int g = 0; g < GROUPS; g++) {
        assertEquals(0.0, grad.getDouble(k, spreads + g), "no gradient to the unused log spread");
        assertEquals(0.0, grad.getDouble(k, spreads + GROUPS + g), "no gradient to the unused counting coefficient");
        otherRaw[k * fixed.rawDim() + spreads + g] += 1.3f;
        otherRaw[k * fixed.rawDim() + spreads + GROUPS + g] -= 0.8f;
        // the raw values with which the network's head has the same coefficients (priors 0.1 and 1)
        asLearned[k * fixed.rawDim() + spreads + g] = (float) Math.log(flat / 0.1);
        asLearned[k * fixed.rawDim() + spreads + GROUPS + g] = (float) Math.log(kappa);
      }
    }
    float[] x = new float[n * EVENT];
    float[] other = new float[n * EVENT];
    float[] viaNetwork = new float[n * EVENT];
    fixed.apply(r, x, n, null, null, null, seeds);
    fixed.apply(otherRaw, other, n, null, null, null, seeds);
    learned.apply(asLearned, viaNetwork, n, null, null, null, seeds);
    assertArrayEquals(x, other, "the network's coefficients are unused");
    for (int i = 0; i < x.length; i++) {
      // float rounding of the raw log coefficients only
      assertEquals(viaNetwork[i], x[i], 1e-5 * Math.max(1, Math.abs(x[i])), "the same noise as the network's head");
    }
    assertEquals(fixed, Json.mapper().readValue(Json.mapper().writeValueAsString(fixed), EnergyShareHead.class));
    assertEquals(null, fixed.withCountingSpread(false).fixedCounting(), "no counting spread, no fixed coefficients");
    assertThrows(IllegalArgumentException.class, () -> new EnergyShareHead(L, GROUPS, SIZE, PASS, 5.0,
        learned.priorGroupLogits(), learned.priorCellLogits(), true, null, null, null, false, false, false, 0, null,
        null, new CountingNoise(1, 0)), "fixed counting without it");
    assertThrows(IllegalArgumentException.class, () -> new CountingNoise(0, 0.1), "κ must be positive");
    assertThrows(IllegalArgumentException.class, () -> new CountingNoise(1, Double.NaN), "a NaN spread");
  }

  /**
   * A counting fluctuation: over many noise streams, the log amount of a cell expected to hold 4 units scatters by
   * √(κ/4) = 0.5 and one expected to hold 400 by 0.05 (κ = 1, the flat part 0.005), and each keeps its expected
   * amount on average (a log-normal without the −σ²/2 would put the 4-unit cell 13 % high).
   */
  @Test
  void countingSpreadFallsAsOneOverRootAmountAndKeepsTheMean() {
    int size = 64;
    double total = 10000;
    double[] expected = new double[size];
    expected[0] = 400;
    expected[1] = 4;
    for (int i = 2; i < size; i++) {
      expected[i] = (total - 404) / (size - 2);
    }
    float[] c0 = new float[size];
    for (int i = 0; i < size; i++) {
      c0[i] = (float) Math.log(expected[i] / total);
    }
    EnergyShareHead h = new EnergyShareHead(L, 1, size, 0, Math.log(total), new double[] {0}, c0)
        .withCountingSpread(true);
    float[] row = new float[h.rawDim()];
    row[size + 2] = -3; // flat spread 0.1 e^-3 = 0.005
    row[size + 3] = 0; // κ = 1 unit
    int events = 4000;
    double[] logRatio01 = new double[events];
    double[] logRatio02 = new double[events];
    double mean1 = 0;
    float[] out = new float[size];
    for (int k = 0; k < events; k++) {
      h.apply(row, out, 1, null, null, null, new long[] {5000L + k});
      double a = Math.log(amount(out[0]));
      double b = Math.log(amount(out[1]));
      double c = Math.log(amount(out[2]));
      logRatio01[k] = a - b;
      logRatio02[k] = a - c;
      mean1 += amount(out[1]) / events;
    }
    double flat = 0.005 * 0.005;
    double var0 = flat + 1 / expected[0];
    // a log ratio of two cells scatters by √(σ_i² + σ_j²): the normalisation cancels
    double expected01 = Math.sqrt(var0 + flat + 1 / expected[1]);
    double expected02 = Math.sqrt(var0 + flat + 1 / expected[2]);
    // the standard deviation of 4000 Gaussian values is known to 1.1 %; 5 % leaves room for the float encoding
    assertEquals(expected01, new StandardDeviation().evaluate(logRatio01), 0.05 * expected01, "4 against 400 units");
    assertEquals(expected02, new StandardDeviation().evaluate(logRatio02), 0.05 * expected02, "155 against 400 units");
    // the mean of e^(σε − σ²/2) with σ = 0.5 over 4000 draws is 1 ± 0.0085
    assertEquals(expected[1], mean1, 0.035 * expected[1], "the 4-unit cell keeps its mean");
  }

  /**
   * The backward pass of {@code n} raw rows ({@code r}) with their labels ({@code n} rows), density noise and noise
   * streams (either null where the head needs none) agrees with central differences, for a loss weighting drawn from
   * {@code weights}.
   */
  static void assertLabelledBackwardMatchesCentralDifferences(EnergyShareHead h, float[] r, int n, float[] labels,
      float[] densityNoise, long[] seeds, Rng weights) {
    float[] w = new float[n * h.eventDim()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) weights.nextGaussian();
    }
    INDArray grad = h.backward(Nd4j.create(r.clone(), new long[] {n, h.rawDim()}, 'c'),
        Nd4j.create(w, new long[] {n, h.eventDim()}, 'c'),
        Nd4j.create(labels, new long[] {n, labels.length / n}, 'c'), densityNoise, seeds);
    assertMatchesCentralDifferences(grad, r, raw -> {
      float[] x = new float[n * h.eventDim()];
      h.apply(raw, x, n, null, labels, densityNoise, seeds);
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        s += (double) w[i] * x[i];
      }
      return s;
    });
  }

  /** The backward pass of {@code n} raw rows with noise streams {@code seeds}, for a random loss weighting. */
  static INDArray assertSeededBackwardMatchesCentralDifferences(EnergyShareHead h, float[] r, int n, long weightSeed,
      long[] seeds) {
    Rng rng = new Rng(weightSeed);
    float[] w = new float[n * EVENT];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    INDArray grad = h.backward(Nd4j.create(r.clone(), new long[] {n, h.rawDim()}, 'c'),
        Nd4j.create(w, new long[] {n, EVENT}, 'c'), null, null, seeds);
    assertMatchesCentralDifferences(grad, r, raw -> seededLoss(h, raw, w, n, seeds));
    return grad;
  }

  /** Energy sharing is exact: each event's cells add up to the total the network emitted. */
  static void assertTotalsAreTheNetworks(EnergyShareHead h, float[] r, float[] x, int n) {
    for (int k = 0; k < n; k++) {
      double sum = 0;
      for (int i = 0; i < CELLS; i++) {
        sum += amount(x[k * EVENT + i]);
      }
      double total = Math.exp(h.priorLogTotal() + r[k * h.rawDim() + EVENT + GROUPS]);
      assertEquals(total, sum, 2e-5 * total, "total of event " + k);
    }
  }

  static double seededLoss(EnergyShareHead h, float[] r, float[] w, int n, long[] seeds) {
    float[] x = new float[n * EVENT];
    h.apply(r, x, n, null, null, null, seeds);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (double) w[i] * x[i];
    }
    return s;
  }

  static double loss(EnergyShareHead h, float[] r, float[] w, int n) {
    float[] x = new float[n * EVENT];
    h.apply(r, x, n);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (double) w[i] * x[i];
    }
    return s;
  }

  @Test
  void generatorWithHeadSavesReloadsAndIsBatchIndependent(@TempDir Path dir) throws Exception {
    EnergyShareHead h = head(7);
    DenseNet net = DenseNet.initialise(DenseSpec.of(4 + 1, 16, h.rawDim()), 8);
    Generator g = new Generator(net, 4, 1, NoiseDistribution.GAUSSIAN, h);
    assertEquals(EVENT, g.eventDim());
    g.save(dir);
    Generator back = Generator.load(dir);
    assertEquals(h, back.head());
    float[] labels = {0.1f, -0.3f, 0.7f};
    float[] all = back.generate(labels, 3, new Rng(9));
    assertArrayEquals(g.generate(labels, 3, new Rng(9)), all);
    float[] one = back.generate(new float[] {labels[0]}, 1, new Rng(9)); // the first event alone, same noise
    for (int i = 0; i < EVENT; i++) {
      assertEquals(all[i], one[i], 0f, "column " + i);
    }
    // the INDArray path goes through the head too
    INDArray in = Nd4j.create(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, new long[] {1, 5}, 'c');
    assertEquals(EVENT, back.generate(in).columns());
  }

  @Test
  void jsonRoundTripAndBadSettings() throws Exception {
    EnergyShareHead h = head(10);
    String json = Json.mapper().writeValueAsString(h);
    assertEquals(h, Json.mapper().readValue(json, EnergyShareHead.class));
    EnergyShareHead spread = h.withCellSpread(true);
    assertEquals(spread, Json.mapper().readValue(Json.mapper().writeValueAsString(spread), EnergyShareHead.class));
    assertThrows(IllegalArgumentException.class,
        () -> new EnergyShareHead(L, GROUPS, SIZE, 0, 0, new double[GROUPS - 1], new float[CELLS]));
    assertThrows(IllegalArgumentException.class,
        () -> new EnergyShareHead(L, GROUPS, SIZE, 0, Double.NaN, new double[GROUPS], new float[CELLS]));
    assertThrows(IllegalArgumentException.class,
        () -> new EnergyShareHead(L, GROUPS, SIZE, -1, 0, new double[GROUPS], new float[CELLS]));
    assertThrows(IllegalArgumentException.class,
        () -> new EnergyShareHead(L, GROUPS, SIZE, 0, 0, new double[GROUPS], new float[] {Float.NaN}));
    // all-empty training events have no shares to fit
    assertThrows(IllegalArgumentException.class, () -> EnergyShareHead.fit(new float[2 * EVENT], GROUPS, SIZE, PASS, L));
    assertThrows(IllegalArgumentException.class,
        () -> WganConfig.builder(CELLS, 1).outputHead(h).build()); // the head makes events of EVENT columns
    WganConfig c = WganConfig.builder(EVENT, 1).outputHead(h).build();
    assertEquals(h.rawDim(), c.generator().outputSize());
    assertEquals(c, Json.mapper().readValue(Json.mapper().writeValueAsString(c), WganConfig.class));
  }
}
