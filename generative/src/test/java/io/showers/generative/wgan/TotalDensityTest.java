package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
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
  void fitRecoversHeteroscedasticLogNormalWithinSamplingError() {
    int n = 20000;
    Rng rng = new Rng(3);
    float[] y = labels(n, rng);
    double[] logT = new double[n];
    for (int i = 0; i < n; i++) {
      logT[i] = trueMean(y[2 * i], y[2 * i + 1]) + trueSpread(y[2 * i]) * rng.nextGaussian();
    }
    logT[5] = Double.NEGATIVE_INFINITY; // an event with nothing above threshold is left out, not fatal
    TotalDensity d = TotalDensity.fit(logT, y, 2);
    double[] scratch = new double[TotalDensity.basisSize(2)];
    for (float[] row : new float[][] {{-0.8f, 0.5f}, {0f, 0f}, {0.8f, -0.7f}}) {
      // the mean's error: σ √(p/n) ≈ 0.005 at most; 5σ
      assertEquals(trueMean(row[0], row[1]), d.logTotal(row, 0, 0, scratch), 0.025, "mean at " + row[0]);
      // ln σ from ln r²: Var(ln χ²₁) = π²/2, so its error is ½ √(4.93 p / n) ≈ 0.019 over the basis; 4σ
      assertEquals(Math.log(trueSpread(row[0])), Math.log(d.spread(row, 0)), 0.08, "log spread at " + row[0]);
      // z shifts the log total by z σ
      assertEquals(d.spread(row, 0), d.logTotal(row, 0, 1, scratch) - d.logTotal(row, 0, 0, scratch), 1e-12);
    }
    assertThrows(IllegalArgumentException.class, () -> TotalDensity.fit(new double[10], new float[20], 2),
        "too few events for the basis");
  }

  @Test
  void fitOnUnitVectorLabelsStaysFinite() {
    // an axis label is a unit vector: its squares sum to 1, so the quadratic basis is singular
    int n = 3000;
    Rng rng = new Rng(4);
    float[] y = new float[3 * n];
    double[] logT = new double[n];
    for (int i = 0; i < n; i++) {
      double cosTheta = 0.5 + 0.5 * rng.nextDouble();
      double phi = 2 * Math.PI * rng.nextDouble();
      double sin = Math.sqrt(1 - cosTheta * cosTheta);
      y[3 * i] = (float) (sin * Math.cos(phi));
      y[3 * i + 1] = (float) (sin * Math.sin(phi));
      y[3 * i + 2] = (float) cosTheta;
      logT[i] = 5 + 2 * cosTheta + 0.1 * rng.nextGaussian();
    }
    TotalDensity d = TotalDensity.fit(logT, y, 3);
    double[] scratch = new double[TotalDensity.basisSize(3)];
    assertEquals(7.0, d.logTotal(new float[] {0, 0, 1}, 0, 0, scratch), 0.02, "vertical");
    assertEquals(0.1, d.spread(new float[] {0.6f, 0, 0.8f}, 0), 0.02, "spread at 37°");
    for (double c : d.mean()) {
      assertTrue(Math.abs(c) < 100, "no huge cancelling coefficients: " + c);
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
    TotalDensity d = new TotalDensity(2, new double[6], new double[6], new double[6]);
    double[] scratch = new double[6];
    int batch = 64;
    for (int step = 0; step < 1500; step++) {
      float[] y = labels(batch, rng);
      double rate = step < 1000 ? 0.02 : 0.002;
      double[] diff = new double[batch];
      for (int i = 0; i < batch; i++) {
        double loss = 0.1 + 0.15 * y[2 * i];
        double fake = d.logTotal(y, 2 * i, 0, scratch) - loss + 0.3 * rng.nextGaussian();
        double real = 0.3 * rng.nextGaussian();
        diff[i] = fake - real;
      }
      diff[3] = Double.NaN; // an empty generated event is skipped
      d = d.adjustShift(diff, y, c, rate);
    }
    // equilibrium noise: rate/2 · Var(d) p / batch ≈ (0.002/2) 0.18 · 6/64 → 0.004 rms; 5σ
    for (float y0 : new float[] {-0.9f, 0f, 0.9f}) {
      float[] row = {y0, 0.3f};
      assertEquals(0.1 + 0.15 * y0, d.logTotal(row, 0, 0, scratch), 0.03, "correction at y0 = " + y0);
    }
  }

  @Test
  void headDrawsTotalFromDensityAndPassesNoGradientToUnusedOutput() throws Exception {
    int cells = 4;
    TotalDensity density = new TotalDensity(2, new double[] {3, 1, 0, 0, 0, 0}, new double[] {Math.log(0.1), 0, 0, 0, 0, 0},
        new double[6]);
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
  }
}
