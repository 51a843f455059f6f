package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Group-sum, centroid and spread features: their values from the defining formula, their vector-Jacobian product and
 * a featured critic's event gradient against central differences, their standardisation, and
 * their JSON form.
 */
class CriticFeaturesTest {
  static final double LOG_SCALE = 3.0;
  static final int[][] GROUPS = {{0, 3}, {3, 6}, {0, 6}};
  static final int N = 4;
  static final int D = 7; // the last column is outside every group
  /** Central-difference step in model space (float32 inputs, double sums). */
  static final float H = 1e-3f;

  static float[] events(long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[N * D];
    for (int i = 0; i < x.length; i++) {
      // mostly positive, with some negatives that the clamp must ignore
      x[i] = (float) (rng.nextDouble() * 0.8 - 0.1);
    }
    return x;
  }

  static final double[] CX = {-1.0, 0.5, 2.0, 0.0, 1.0};
  static final double[] CY = {0.3, -2.0, 0.0, 1.5, -0.5};
  static final int[] SPREAD_STARTS = {0, 3};
  static final double[] SX = {-1.0, 0.0, 1.0};
  static final double[] SY = {0.5, 0.0, -0.5};
  static final CriticFeatures F = new CriticFeatures(LOG_SCALE, GROUPS, new double[] {1.0, 0.5, 1.5},
      new double[] {0.5, 0.25, 2.0}, new CriticFeatures.Centroid(1, CX, CY),
      new CriticFeatures.Spread(SPREAD_STARTS, SX, SY, new double[] {0.4, 0.6}, new double[] {0.3, 0.2}));
  static final int K = GROUPS.length + 2 + SPREAD_STARTS.length;

  /** All features of one event from their definition, in double precision. */
  static double[] reference(double[] row) {
    double[] f = new double[K];
    for (int g = 0; g < GROUPS.length; g++) {
      double sum = 0;
      for (int c = GROUPS[g][0]; c < GROUPS[g][1]; c++) {
        sum += Math.expm1(LOG_SCALE * Math.max(0, row[c]));
      }
      f[g] = (Math.log1p(sum) - F.mean()[g]) / F.std()[g];
    }
    double sum = 0;
    for (int j = 0; j < CX.length; j++) {
      double u = Math.expm1(LOG_SCALE * Math.max(0, row[1 + j]));
      sum += u;
      f[GROUPS.length] += u * CX[j];
      f[GROUPS.length + 1] += u * CY[j];
    }
    f[GROUPS.length] /= 1 + sum;
    f[GROUPS.length + 1] /= 1 + sum;
    for (int b = 0; b < SPREAD_STARTS.length; b++) {
      // weighted moments about the origin, then the variance about the block's centroid
      double t = 1;
      double mx = 0;
      double my = 0;
      double m2 = 0;
      for (int j = 0; j < SX.length; j++) {
        double u = Math.expm1(LOG_SCALE * Math.max(0, row[SPREAD_STARTS[b] + j]));
        t += u;
        mx += u * SX[j];
        my += u * SY[j];
        m2 += u * (SX[j] * SX[j] + SY[j] * SY[j]);
      }
      double variance = m2 / t - (mx / t) * (mx / t) - (my / t) * (my / t);
      double r = Math.sqrt(variance + CriticFeatures.Spread.SOFTENING * CriticFeatures.Spread.SOFTENING);
      f[GROUPS.length + 2 + b] = (r - F.spread().mean()[b]) / F.spread().std()[b];
    }
    return f;
  }

  static double[] row(float[] x, int i) {
    double[] r = new double[D];
    for (int c = 0; c < D; c++) {
      r[c] = x[i * D + c];
    }
    return r;
  }

  @Test
  void valuesFollowTheDefinition() {
    float[] x = events(1);
    INDArray f = F.compute(Nd4j.create(x, new long[] {N, D}, 'c'));
    assertEquals(K, f.columns());
    for (int i = 0; i < N; i++) {
      double[] ref = reference(row(x, i));
      for (int g = 0; g < ref.length; g++) {
        assertEquals(ref[g], f.getDouble(i, g), 1e-5 * Math.max(1, Math.abs(ref[g])), "feature " + g);
      }
    }
  }

  @Test
  void backwardMatchesCentralDifferences() {
    float[] x = events(2);
    float[] up = {0.3f, -1.2f, 0.7f, 0.9f, -0.4f, 0.8f, -0.6f};
    INDArray dF = Nd4j.create(new float[N * K], new long[] {N, K}, 'c');
    for (int i = 0; i < N; i++) {
      for (int g = 0; g < K; g++) {
        dF.putScalar(i, g, up[g] * (i + 1));
      }
    }
    INDArray dx = F.backward(Nd4j.create(x, new long[] {N, D}, 'c'), dF);
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < D; c++) {
        if (Math.abs(x[i * D + c]) < 2 * H) {
          continue; // the clamp's kink
        }
        double fd = (weighted(x, i, c, 1e-6, dF) - weighted(x, i, c, -1e-6, dF)) / 2e-6;
        // float32 result against a double reference: ~1e-6 relative; a wrong factor is >> 1e-4
        assertEquals(fd, dx.getDouble(i, c), 1e-4 * Math.max(1, Math.abs(fd)), "row " + i + " col " + c);
      }
      assertEquals(0, dx.getDouble(i, D - 1), 0, "a column outside every group has no gradient");
    }
  }

  /** {@code sum_g dF_ig f_g(x_i)} from the definition, in double precision, with x_ic shifted by h. */
  private static double weighted(float[] x, int i, int c, double h, INDArray dF) {
    double[] r = row(x, i);
    r[c] += h;
    double[] f = reference(r);
    double total = 0;
    for (int g = 0; g < f.length; g++) {
      total += dF.getDouble(i, g) * f[g];
    }
    return total;
  }

  @Test
  void featuredCriticEventGradientIncludesTheFeaturePath() {
    int labels = 1;
    Critic critic = new Critic(DenseNet.initialise(DenseSpec.of(D + K + labels, 8, 1), 9), D, labels, F);
    float[] x = events(3);
    INDArray y = Nd4j.create(new float[] {0.1f, -0.4f, 0.9f, 0.2f}, new long[] {N, 1}, 'c');
    INDArray g = critic.eventGradient(Nd4j.create(x, new long[] {N, D}, 'c'), y, 1.0)[0];
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < D; c++) {
        if (Math.abs(x[i * D + c]) < 2 * H) {
          continue;
        }
        double fd = (score(critic, x, y, i, c, H) - score(critic, x, y, i, c, -H)) / (2 * H);
        assertEquals(fd, g.getDouble(i, c), 2e-3 * Math.max(1, Math.abs(fd)), "row " + i + " col " + c);
      }
    }
  }

  private static double score(Critic critic, float[] x, INDArray labels, int i, int c, float h) {
    float[] y = x.clone();
    y[i * D + c] += h;
    return critic.score(Nd4j.create(y, new long[] {N, D}, 'c'), labels).sumNumber().doubleValue();
  }

  @Test
  void fitStandardisesTheTrainingSums() {
    int n = 500;
    Rng rng = new Rng(4);
    float[] x = new float[n * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rng.nextDouble() * 0.5);
    }
    CriticFeatures f = CriticFeatures.fit(x, D, LOG_SCALE, GROUPS, F.centroid(), SPREAD_STARTS, SX, SY);
    assertEquals(F.centroid(), f.centroid());
    INDArray v = f.compute(Nd4j.create(x, new long[] {n, D}, 'c'));
    for (int g : new int[] {0, 1, 2, K - 2, K - 1}) {
      INDArray col = v.getColumn(g);
      assertEquals(0, col.meanNumber().doubleValue(), 1e-5, "mean of feature " + g);
      assertEquals(1, col.stdNumber().doubleValue(), 1e-4, "std of feature " + g);
    }
  }

  /**
   * The physics the spread stands for: energy moved from the axis to an outer cell widens the
   * block, and an empty outer cell's gradient asks for energy there when the critic wants the block
   * wider (the right derivative at zero, so a cell just under threshold can be pushed over it).
   */
  @Test
  void spreadGrowsWithOuterEnergyAndPullsOnEmptyOuterCells() {
    CriticFeatures f = new CriticFeatures(LOG_SCALE, new int[][] {{0, 3}}, new double[] {0}, new double[] {1},
        null, new CriticFeatures.Spread(new int[] {0}, SX, SY, new double[] {0}, new double[] {1}));
    float[] narrow = {0f, 0.8f, 0f};
    float[] wide = {0.3f, 0.8f, 0f};
    INDArray both = Nd4j.create(new float[][] {narrow, wide});
    INDArray v = f.compute(both);
    assertEquals(CriticFeatures.Spread.SOFTENING, v.getDouble(0, 1), 1e-6, "a single lit cell has no spread");
    assertTrue(v.getDouble(1, 1) > 0.1, "light in an outer cell widens the block: " + v.getDouble(1, 1));
    INDArray dx = f.backward(both, Nd4j.create(new float[][] {{0, 1}, {0, 1}}));
    assertTrue(dx.getDouble(0, 0) > 0 && dx.getDouble(0, 2) > 0, "empty outer cells pull upward: " + dx);
    assertTrue(dx.getDouble(0, 1) <= 0, "the lit centre cell does not widen the block: " + dx);
  }

  /**
   * A sum that follows its label closely (ln S = 6 + 2 y + 0.3 y^2 + noise of 0.1): calibrated, the
   * feature is that noise in units of 0.1, whatever the label; the event gradient is unchanged. Two
   * more labels are a unit vector (cos φ, sin φ), as a shower axis is: their squares sum to one,
   * which must not blow up the fit.
   */
  @Test
  void labelCalibrationLeavesTheResidualAtFixedLabels() {
    int n = 4000;
    Rng rng = new Rng(7);
    float[] x = new float[n * D];
    float[] labels = new float[3 * n];
    float[] y = new float[n];
    double[] noise = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = (float) (2 * rng.nextDouble());
      double phi = 2 * Math.PI * rng.nextDouble();
      labels[3 * i] = y[i];
      labels[3 * i + 1] = (float) Math.cos(phi);
      labels[3 * i + 2] = (float) Math.sin(phi);
      noise[i] = 0.1 * rng.nextGaussian();
      for (int c = 0; c < 3; c++) {
        x[i * D + c] = (float) (Math.log1p(Math.exp(6 + 2 * y[i] + 0.3 * y[i] * y[i] + noise[i]) / 3) / LOG_SCALE);
      }
    }
    int[][] one = {{0, 3}};
    CriticFeatures marginal = CriticFeatures.fit(x, D, LOG_SCALE, one);
    CriticFeatures calibrated = marginal.withLabelCalibration(x, D, labels, 3);
    for (double c : calibrated.labelFit()[0]) {
      assertTrue(Math.abs(c) < 10, "bounded coefficients despite the unit vector: " + java.util.Arrays.toString(
          calibrated.labelFit()[0]));
    }
    assertTrue(marginal.std()[0] > 1.0, "marginal scale spans the label range: " + marginal.std()[0]);
    // 4000 events fix a std to about 1 %
    assertEquals(0.1, calibrated.std()[0], 0.005, "scale at fixed label");
    INDArray events = Nd4j.create(x, new long[] {n, D}, 'c');
    INDArray f = calibrated.compute(events, Nd4j.create(labels, new long[] {n, 3}, 'c'));
    for (int i = 0; i < 50; i++) {
      // ln(1 + S) = ln S to 3e-3 here; the fitted scale is known to 1 %
      assertEquals(noise[i] / 0.1, f.getDouble(i, 0), 0.05 + 0.03 * Math.abs(noise[i] / 0.1), "event " + i);
    }
    INDArray dF = Nd4j.ones(n, 1);
    assertEquals(0, marginal.backward(events, dF).mul(marginal.std()[0])
        .sub(calibrated.backward(events, dF).mul(calibrated.std()[0])).amaxNumber().doubleValue(), 1e-4,
        "the same event gradient up to the scale");
    assertThrows(IllegalArgumentException.class, () -> calibrated.compute(events), "labels are required");
    assertThrows(IllegalArgumentException.class, () -> marginal.withLabelCalibration(x, D, new float[n - 1], 1));
    CriticFeatures back = assertDoesNotThrow(() ->
        Json.mapper().readValue(Json.mapper().writeValueAsString(calibrated), CriticFeatures.class));
    assertEquals(calibrated, back);
  }

  /** Five columns on a line at x = 0 .. 4, the core label at x = 0.2 (labels: core x, core y, axis). */
  static final CriticFeatures.Rings RINGS = new CriticFeatures.Rings(1, new double[] {0, 1, 2, 3, 4},
      new double[5], 0, 1, 2, new double[] {0, 0.9, 2.5}, new double[] {-0.5, -1.0, -2.0}, new double[] {0.5, 0.8, 1.2});

  static float[] ringLabels(double tiltX) {
    float[] y = new float[5 * N];
    for (int i = 0; i < N; i++) {
      y[5 * i] = 0.2f;
      y[5 * i + 1] = 0.1f * i;
      // a tilted axis shortens distances along x in the shower plane
      double norm = Math.sqrt(1 + tiltX * tiltX);
      y[5 * i + 2] = (float) (tiltX / norm);
      y[5 * i + 4] = (float) (1 / norm);
    }
    return y;
  }

  /** The ring shares of one event from their definition. */
  static double[] ringReference(double[] row, float[] labels, int i) {
    double[] sum = new double[3];
    double total = 0;
    for (int c = 0; c < 5; c++) {
      double dx = c - labels[5 * i];
      double dy = -labels[5 * i + 1];
      double ux = labels[5 * i + 2];
      double along = dx * ux;
      double r = Math.sqrt(dx * dx + dy * dy - along * along);
      int b = r < 0.9 ? 0 : r < 2.5 ? 1 : 2;
      double u = Math.expm1(LOG_SCALE * Math.max(0, row[1 + c]));
      sum[b] += u;
      total += u;
    }
    double[] f = new double[3];
    for (int b = 0; b < 3; b++) {
      f[b] = (Math.log1p(sum[b]) - Math.log1p(total) - RINGS.mean()[b]) / RINGS.std()[b];
    }
    return f;
  }

  @Test
  void ringSharesFollowTheDefinitionAndTheirGradientTheCentralDifferences() throws Exception {
    CriticFeatures f = new CriticFeatures(LOG_SCALE, GROUPS, F.mean(), F.std(), null, null, null, RINGS);
    float[] x = events(5);
    INDArray events = Nd4j.create(x, new long[] {N, D}, 'c');
    for (double tilt : new double[] {0, 1.0}) {
      float[] y = ringLabels(tilt);
      INDArray labels = Nd4j.create(y, new long[] {N, 5}, 'c');
      INDArray values = f.compute(events, labels);
      assertEquals(GROUPS.length + 3, values.columns());
      INDArray dF = Nd4j.zeros(N, values.columns());
      for (int i = 0; i < N; i++) {
        double[] ref = ringReference(row(x, i), y, i);
        for (int b = 0; b < 3; b++) {
          assertEquals(ref[b], values.getDouble(i, GROUPS.length + b), 1e-5 * Math.max(1, Math.abs(ref[b])),
              "tilt " + tilt + " event " + i + " ring " + b);
          dF.putScalar(i, GROUPS.length + b, 0.7 - 0.6 * b + 0.1 * i);
        }
      }
      INDArray dx = f.backward(events, labels, dF);
      for (int i = 0; i < N; i++) {
        for (int c = 1; c < 6; c++) {
          if (Math.abs(x[i * D + c]) < 2 * H) {
            continue;
          }
          double[] up = row(x, i);
          double[] down = row(x, i);
          up[c] += 1e-6;
          down[c] -= 1e-6;
          double[] fu = ringReference(up, y, i);
          double[] fd = ringReference(down, y, i);
          double fdGrad = 0;
          for (int b = 0; b < 3; b++) {
            fdGrad += dF.getDouble(i, GROUPS.length + b) * (fu[b] - fd[b]) / 2e-6;
          }
          assertEquals(fdGrad, dx.getDouble(i, c), 1e-4 * Math.max(1, Math.abs(fdGrad)), "event " + i + " col " + c);
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> f.compute(events), "the core and axis labels are required");
    assertThrows(IllegalArgumentException.class, () -> f.backward(events, Nd4j.zeros(N, f.size())),
        "and in the backward pass");
    assertThrows(IllegalArgumentException.class,
        () -> f.backward(events, Nd4j.zeros(N - 1, 5), Nd4j.zeros(N, f.size())), "one label row per event");
    // features saved before the rings existed read without them
    com.fasterxml.jackson.databind.node.ObjectNode old = Json.mapper().valueToTree(F);
    old.remove("rings");
    assertEquals(F, Json.mapper().treeToValue(old, CriticFeatures.class));
  }

  @Test
  void ringsFitTheirSpreadAndSeeALateralDistributionTooFlat() throws Exception {
    // footprints u_c = A (1 + r_c)^-3 on a line of columns around the core (label x 0.2, vertical axis), with a 10 %
    // log-normal fluctuation per column; a flatter copy (slope 2) puts more of its signal far out
    int n = 2000;
    Rng rng = new Rng(11);
    float[] steep = new float[n * D];
    float[] flat = new float[n * D];
    float[] labels = new float[5 * n];
    for (int i = 0; i < n; i++) {
      labels[5 * i] = 0.2f;
      labels[5 * i + 4] = 1;
      for (int c = 0; c < 5; c++) {
        double r = Math.abs(c - 0.2);
        double noise = Math.exp(0.1 * rng.nextGaussian());
        steep[i * D + 1 + c] = (float) (Math.log1p(2e3 * Math.pow(1 + r, -3) * noise) / LOG_SCALE);
        flat[i * D + 1 + c] = (float) (Math.log1p(2e3 * Math.pow(1 + r, -2) * noise) / LOG_SCALE);
      }
    }
    CriticFeatures fitted = new CriticFeatures(LOG_SCALE, GROUPS, F.mean(), F.std())
        .withRings(RINGS, steep, D, labels, 5);
    INDArray y = Nd4j.create(labels, new long[] {n, 5}, 'c');
    INDArray onSteep = fitted.compute(Nd4j.create(steep, new long[] {n, D}, 'c'), y);
    INDArray onFlat = fitted.compute(Nd4j.create(flat, new long[] {n, D}, 'c'), y);
    int outer = GROUPS.length + 2;
    // standardised on their own footprints: mean 0 and std 1 within the sampling error of 2000 events
    assertEquals(0, onSteep.getColumn(outer).meanNumber().doubleValue(), 0.01);
    assertEquals(1, onSteep.getColumn(outer).stdNumber().doubleValue(), 0.05);
    // the flatter footprints' outer share is larger by many of the steep ones' standard deviations
    assertTrue(onFlat.getColumn(outer).meanNumber().doubleValue() > 5, "outer ring share of a flatter LDF: "
        + onFlat.getColumn(outer).meanNumber());
    assertTrue(onFlat.getColumn(GROUPS.length).meanNumber().doubleValue() < 0, "the inner share falls");
    assertEquals(fitted, Json.mapper().readValue(Json.mapper().writeValueAsString(fitted), CriticFeatures.class));
    assertThrows(IllegalArgumentException.class, () -> fitted.withRings(RINGS, steep, D, labels, 2), "labels too few");
    assertThrows(IllegalArgumentException.class, () -> new CriticFeatures.Rings(0, new double[] {0}, new double[] {0},
        0, 1, 2, new double[] {0.5}, new double[] {0}, new double[] {1}), "the first ring starts at the core");
    assertThrows(IllegalArgumentException.class, () -> new CriticFeatures.Rings(0, new double[] {0}, new double[] {0},
        0, 1, 2, new double[] {0, 1, 1}, new double[3], new double[] {1, 1, 1}), "edges increase");
  }

  @Test
  void ringsCalibratedOnTheLabelsLeaveTheSpreadAtFixedLabels() {
    // LDFs (1 + r)^-s around a fixed core, the slope s in [2, 4] a sixth label, 5 % fluctuation per column: the
    // ring shares follow the slope, which a fit on the labels removes, leaving the fluctuations
    int n = 3000;
    int labelDim = 6;
    Rng rng = new Rng(12);
    float[] x = new float[n * D];
    float[] labels = new float[labelDim * n];
    for (int i = 0; i < n; i++) {
      double slope = 2 + 2 * rng.nextDouble();
      labels[labelDim * i] = 0.2f;
      labels[labelDim * i + 4] = 1;
      labels[labelDim * i + 5] = (float) slope;
      for (int c = 0; c < 5; c++) {
        double r = Math.abs(c - 0.2);
        x[i * D + 1 + c] = (float) (Math.log1p(2e3 * Math.pow(1 + r, -slope) * Math.exp(0.05 * rng.nextGaussian()))
            / LOG_SCALE);
      }
    }
    CriticFeatures marginal = new CriticFeatures(LOG_SCALE, GROUPS, F.mean(), F.std())
        .withRings(RINGS, x, D, labels, labelDim);
    CriticFeatures calibrated = marginal.withLabelCalibration(x, D, labels, labelDim);
    assertEquals(GROUPS.length + 3, calibrated.labelFit().length, "sums and rings calibrated");
    for (int b = 0; b < 3; b++) {
      double ratio = calibrated.rings().std()[b] / marginal.rings().std()[b];
      assertTrue(ratio < 0.2, "ring " + b + ": residual " + calibrated.rings().std()[b] + " against marginal "
          + marginal.rings().std()[b]);
    }
    INDArray f = calibrated.compute(Nd4j.create(x, new long[] {n, D}, 'c'),
        Nd4j.create(labels, new long[] {n, labelDim}, 'c'));
    for (int b = 0; b < 3; b++) {
      INDArray ring = f.getColumn(GROUPS.length + b);
      // residuals in units of their own rms: mean 0, std 1 to the sampling error of 3000 events
      assertEquals(0, ring.meanNumber().doubleValue(), 0.01, "ring " + b);
      assertEquals(1, ring.stdNumber().doubleValue(), 0.05, "ring " + b);
    }
    assertThrows(IllegalArgumentException.class, () -> calibrated.withRings(RINGS, x, D, labels, labelDim),
        "rings come before the calibration");
  }

  @Test
  void jsonRoundTripAndBadSettings() throws Exception {
    CriticFeatures back = Json.mapper().readValue(Json.mapper().writeValueAsString(F), CriticFeatures.class);
    assertEquals(F, back);
    assertThrows(IllegalArgumentException.class,
        () -> new CriticFeatures(LOG_SCALE, new int[][] {{3, 3}}, new double[] {0}, new double[] {1}));
    assertThrows(IllegalArgumentException.class,
        () -> new CriticFeatures(LOG_SCALE, GROUPS, new double[] {0, 0, 0}, new double[] {1, 0, 1}));
    // a critic whose network does not leave room for the features
    assertThrows(IllegalArgumentException.class,
        () -> new Critic(DenseNet.initialise(DenseSpec.of(D + 1, 4, 1), 1), D, 1, F));
  }
}
