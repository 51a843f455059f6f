package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The total's density: a heteroscedastic log-normal recovered from samples within its sampling
 * error, the mean correction converging to a known loss below threshold, and an energy-share head
 * that draws its total from it.
 */
class TotalDensityTest {
  /** Known truth on two labels: ln T = 6 + 2 y0 − 0.5 y1², σ = 0.2 exp(−0.8 y0) (a resolution falling with energy). */
  static double trueMean(double y0, double y1) {
    return 6 + 2 * y0 - 0.5 * y1 * y1;
  }

  static double trueSpread(double y0) {
    return 0.2 * Math.exp(-0.8 * y0);
  }

  static float[] labels(int n, Rng rng) {
    float[] y = new float[2 * n];
    for (int i = 0; i < n; i++) {
      y[2 * i] = (float) (2 * rng.nextDouble() - 1);
      y[2 * i + 1] = (float) (2 * rng.nextDouble() - 1);
    }
    return y;
  }

  @Test
  void maximumLikelihoodFitRecoversHeteroscedasticLogNormal() {
    int n = 20000;
    Rng rng = new Rng(3);
    float[] y = labels(n, rng);
    double[] logT = new double[n];
    for (int i = 0; i < n; i++) {
      logT[i] = trueMean(y[2 * i], y[2 * i + 1]) + trueSpread(y[2 * i]) * rng.nextGaussian();
    }
    logT[5] = Double.NEGATIVE_INFINITY; // an event with nothing above threshold is left out, not fatal
    TotalDensity d = TotalDensity.fit(logT, y, 2, null, 11);
    float[] rows = {-0.8f, 0.5f, 0f, 0f, 0.8f, -0.7f, 0.4f, 0.9f};
    double[] mean = d.logTotals(rows, 4, null);
    double[] spread = d.spreads(rows, 4);
    for (int k = 0; k < 4; k++) {
      double y0 = rows[2 * k];
      // the spread is 0.09–0.45 over the range; a mean within a tenth of the local spread, ln σ within 0.1
      assertEquals(trueMean(y0, rows[2 * k + 1]), mean[k], 0.1 * trueSpread(y0) + 0.01, "mean at y0 = " + y0);
      assertEquals(Math.log(trueSpread(y0)), Math.log(spread[k]), 0.1, "log spread at y0 = " + y0);
    }
    // a draw z moves the log total by z σ
    double[] drawn = d.logTotals(rows, 4, new float[] {1f, -2f, 0f, 0.5f});
    assertEquals(mean[1] - 2 * spread[1], drawn[1], 1e-9);
    assertEquals(d, TotalDensity.fit(logT, y, 2, null, 11), "the same seed, the same density");
    assertThrows(IllegalArgumentException.class, () -> TotalDensity.fit(new double[10], new float[20], 2, null, 1),
        "too few events");
  }

  @Test
  void footprintInputGivesTheTotalsDependenceOnTheCoreGeometry() {
    // 4 x 4 stations one unit apart; labels (energy, axis x y z, core x y); the total is the lateral
    // distribution summed over the stations, which has a bump wherever the core meets a station
    double[] sx = new double[16];
    double[] sy = new double[16];
    for (int i = 0; i < 16; i++) {
      sx[i] = i % 4 - 1.5;
      sy[i] = i / 4 - 1.5;
    }
    LateralPrior ldf = new LateralPrior(sx, sy, 4, 5, 1, 0.2, 3.0);
    int n = 20000;
    Rng rng = new Rng(12);
    float[] y = new float[6 * n];
    double[] logT = new double[n];
    double[] c0 = new double[16];
    double[] scratch = new double[16];
    for (int k = 0; k < n; k++) {
      y[6 * k] = (float) (rng.nextDouble() - 0.5);
      y[6 * k + 3] = 1;
      y[6 * k + 4] = (float) (2 * rng.nextDouble() - 1);
      y[6 * k + 5] = (float) (2 * rng.nextDouble() - 1);
      logT[k] = 2 * y[6 * k] + logSumExp(ldf, y, 6 * k, c0, scratch) + 0.05 * rng.nextGaussian();
    }
    TotalDensity d = TotalDensity.fit(logT, y, 6, ldf, 13);
    // on a station, between two, in the middle of a cell
    float[] rows = {0.2f, 0, 0, 1, 0.5f, 0.5f, 0f, 0, 0, 1, 0f, 0.5f, -0.3f, 0, 0, 1, 0f, 0f};
    double[] mean = d.logTotals(rows, 3, null);
    double[] spread = d.spreads(rows, 3);
    for (int k = 0; k < 3; k++) {
      double truth = 2 * rows[6 * k] + logSumExp(ldf, rows, 6 * k, c0, scratch);
      assertEquals(truth, mean[k], 0.03, "mean at row " + k);
      assertEquals(0.05, spread[k], 0.015, "spread at row " + k + ": the core's geometry is not taken for noise");
    }
    assertTrue(mean[0] - mean[2] > 1, "a core on a station gives the larger total");
  }

  private static double logSumExp(LateralPrior ldf, float[] labels, int offset, double[] c0, double[] scratch) {
    ldf.logits(labels, offset, c0, scratch);
    double max = java.util.Arrays.stream(c0).max().orElseThrow();
    return max + Math.log(java.util.Arrays.stream(c0).map(v -> Math.exp(v - max)).sum());
  }

  /**
   * The total-ratio density's correction is a function of the labels alone: with the amplitude column of its label
   * rows at 0, every basis term in it keeps a zero coefficient, so amplitudes drawn later do not move the correction,
   * while a difference that grows with the first label is taken up.
   */
  @Test
  void meanCorrectionWithAZeroColumnLeavesThatColumnsTermsAtZero() {
    int n = 2000;
    Rng rng = new Rng(8);
    float[] y = new float[3 * n];
    double[] diff = new double[n];
    for (int i = 0; i < n; i++) {
      y[3 * i] = (float) rng.nextGaussian();
      y[3 * i + 1] = (float) rng.nextDouble();
      diff[i] = 0.2 + 0.3 * y[3 * i];
    }
    RealMatrix c = TotalDensity.inverseMoments(y, 3);
    TotalDensity d = new TotalDensity(3, DenseSpec.of(3, 2), new float[8], new double[4], 1,
        new double[TotalDensity.basisSize(3)]);
    double[] shift = d.adjustShift(diff, y, c, 1.0).shift();
    // basis (1, y0, y1, y2, y0², y0y1, y0y2, y1², y1y2, y2²): the terms with y2 are 3, 6, 8, 9
    for (int j : new int[] {3, 6, 8, 9}) {
      assertEquals(0, shift[j], 1e-12, "term " + j);
    }
    assertEquals(-0.2, shift[0], 1e-6, "constant part");
    assertEquals(-0.3, shift[1], 1e-6, "the first label's part");
  }

  @Test
  void meanCorrectionOnUnitVectorLabelsStaysFinite() {
    // an axis label is a unit vector: its squares sum to 1, so the quadratic basis of the mean
    // correction is singular, and a plain inverse of its moments would blow the correction up
    int n = 3000;
    Rng rng = new Rng(4);
    float[] y = new float[3 * n];
    for (int i = 0; i < n; i++) {
      double cosTheta = 0.5 + 0.5 * rng.nextDouble();
      double phi = 2 * Math.PI * rng.nextDouble();
      double sin = Math.sqrt(1 - cosTheta * cosTheta);
      y[3 * i] = (float) (sin * Math.cos(phi));
      y[3 * i + 1] = (float) (sin * Math.sin(phi));
      y[3 * i + 2] = (float) cosTheta;
    }
    RealMatrix c = TotalDensity.inverseMoments(y, 3);
    TotalDensity d = new TotalDensity(3, DenseSpec.of(3, 2), new float[8], new double[4], 1, new double[TotalDensity.basisSize(3)]);
    // over the very labels the moments came from, one full step is the least-squares fit itself
    double[] diff = new double[n];
    java.util.Arrays.fill(diff, 0.5);
    TotalDensity moved = d.adjustShift(diff, y, c, 1.0);
    double[] shifted = moved.logTotals(java.util.Arrays.copyOf(y, 30), 10, null);
    for (double v : shifted) {
      assertEquals(-0.5, v, 1e-6, "a full step removes a constant difference");
    }
  }

  @Test
  void meanCorrectionConvergesToTheLossBelowThreshold() {
    // a generator whose totals after the threshold come out low by 0.1 + 0.15 y0 (ln units), with the
    // reference's scatter on both sides: the correction must learn to add exactly that
    Rng rng = new Rng(5);
    int n = 4000;
    float[] train = labels(n, rng);
    RealMatrix c = TotalDensity.inverseMoments(train, 2);
    TotalDensity d = new TotalDensity(2, DenseSpec.of(2, 2), new float[6], new double[3], 1, new double[6]);
    int batch = 64;
    for (int step = 0; step < 1500; step++) {
      float[] y = labels(batch, rng);
      double rate = step < 1000 ? 0.02 : 0.002;
      double[] diff = new double[batch];
      for (int i = 0; i < batch; i++) {
        double loss = 0.1 + 0.15 * y[2 * i];
        double fake = d.logTotals(new float[] {y[2 * i], y[2 * i + 1]}, 1, null)[0] - loss + 0.3 * rng.nextGaussian();
        double real = 0.3 * rng.nextGaussian();
        diff[i] = fake - real;
      }
      diff[3] = Double.NaN; // an empty generated event is skipped
      d = d.adjustShift(diff, y, c, rate);
    }
    // equilibrium noise: rate/2 · Var(d) p / batch ≈ (0.002/2) 0.18 · 6/64 → 0.004 rms; 5σ
    for (float y0 : new float[] {-0.9f, 0f, 0.9f}) {
      float[] row = {y0, 0.3f};
      assertEquals(0.1 + 0.15 * y0, d.logTotals(row, 1, null)[0], 0.03, "correction at y0 = " + y0);
    }
  }

  @Test
  void headDrawsTotalFromDensityAndPassesNoGradientToUnusedOutput() throws Exception {
    int cells = 4;
    // μ = 3 + y0 (the linear baseline) and σ = 0.1: one linear layer, weights (in x out) then biases (μ, ln σ)
    TotalDensity density = new TotalDensity(2, DenseSpec.of(2, 2),
        new float[] {0, 0, 0, 0, 0, (float) Math.log(0.1)}, new double[] {3, 1, 0}, 1, new double[6]);
    EnergyShareHead h = new EnergyShareHead(1.0, 1, cells, 0, 0.0, new double[] {0}, new float[cells])
        .withTotalDensity(density);
    assertEquals(2, h.labelsRead());
    int n = 4000;
    Rng rng = new Rng(6);
    float[] raw = new float[n * h.rawDim()];
    float[] z = new float[n];
    float[] y = new float[2 * n];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < h.rawDim(); i++) {
        raw[k * h.rawDim() + i] = (float) rng.nextGaussian();
      }
      z[k] = (float) rng.nextGaussian();
      y[2 * k] = 0.5f;
    }
    float[] out = new float[n * cells];
    h.apply(raw, out, n, null, y, z);
    double[] logT = h.logTotals(out);
    double sum = 0;
    double sum2 = 0;
    for (int k = 0; k < n; k++) {
      // the network's own log-total output (raw[cells + 1]) has no say
      assertEquals(3.5 + 0.1 * z[k], logT[k], 1e-4, "event " + k);
      sum += logT[k];
      sum2 += logT[k] * logT[k];
    }
    double mean = sum / n;
    double std = Math.sqrt(sum2 / n - mean * mean);
    assertEquals(3.5, mean, 5 * 0.1 / Math.sqrt(n));
    assertEquals(0.1, std, 5 * 0.1 / Math.sqrt(2.0 * n));
    assertThrows(IllegalArgumentException.class, () -> h.apply(raw, out, n, null, y, null), "z is required");

    INDArray grad = h.backward(Nd4j.create(raw, new long[] {n, h.rawDim()}, 'c'),
        Nd4j.ones(n, cells), Nd4j.create(y, new long[] {n, 2}, 'c'), z);
    assertEquals(0.0, grad.getColumn(cells + 1).norm1Number().doubleValue(), 0.0, "unused total output");
    assertTrue(grad.getColumn(0).norm1Number().doubleValue() > 0, "shares still learn");

    EnergyShareHead back = Json.mapper().readValue(Json.mapper().writeValueAsString(h), EnergyShareHead.class);
    assertEquals(h, back, "the density travels with the head");
    // a model whose labels are not the density's is refused when configured, not mid-training
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WganConfig.builder(cells, 3).noiseDim(2).outputHead(h).build());
    assertTrue(e.getMessage().contains("2 labels"), e.getMessage());
  }
}
