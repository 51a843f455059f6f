package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.Realism;
import io.showers.detector.calorimeter.ReferenceCalorimeter;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import org.junit.jupiter.api.Test;

class ProfileDensityTest {
  private static final int G = 3;
  /** Two beam energies as the calorimeter codec's label ln(E / 50 GeV). */
  private static final float LOW = (float) Math.log(20 / 50.0);
  private static final float HIGH = (float) Math.log(90 / 50.0);
  /** Known fractions at the two energies: mean, slope on the standardised log total, independent spread. */
  private static final double[][] MEAN = {{0.5, 0.3, 0.2}, {0.3, 0.4, 0.3}};
  private static final double[][] SLOPE = {{0.04, 0.0, -0.04}, {0.06, -0.01, -0.05}};
  /** Zero-sum fluctuation directions and their standard deviations. */
  private static final double[][] DIRECTION = {{1, -1, 0}, {0.5, 0.5, -1}};
  private static final double[][] SPREAD = {{0.03, 0.02}, {0.02, 0.015}};

  /** {@code n} events per energy: group amounts (total e^{5 + 0.1 z}) and labels (energy, impact). */
  private static Object[] synthetic(int n, long seed) {
    Rng rng = new Rng(seed);
    double[] amounts = new double[2 * n * G];
    float[] labels = new float[2 * n * 2];
    for (int k = 0; k < 2 * n; k++) {
      int e = k % 2;
      double z = rng.nextGaussian();
      double total = Math.exp(5 + 0.1 * z);
      double[] f = MEAN[e].clone();
      double a = rng.nextGaussian() * SPREAD[e][0];
      double b = rng.nextGaussian() * SPREAD[e][1];
      for (int g = 0; g < G; g++) {
        f[g] += SLOPE[e][g] * z + a * DIRECTION[0][g] + b * DIRECTION[1][g];
        amounts[k * G + g] = f[g] * total;
      }
      labels[2 * k] = e == 0 ? LOW : HIGH;
      labels[2 * k + 1] = (float) rng.nextGaussian();
    }
    return new Object[] {amounts, labels};
  }

  /** The covariance {@code R Rᵀ} of a symmetric root. */
  private static double covariance(double[] root, int i, int j) {
    double c = 0;
    for (int h = 0; h < G; h++) {
      c += root[i * G + h] * root[j * G + h];
    }
    return c;
  }

  private static double trueCovariance(int e, int i, int j) {
    return SPREAD[e][0] * SPREAD[e][0] * DIRECTION[0][i] * DIRECTION[0][j]
        + SPREAD[e][1] * SPREAD[e][1] * DIRECTION[1][i] * DIRECTION[1][j];
  }

  /**
   * 4000 events per energy: the mean to 4 standard errors (σ/√n ≤ 0.001), the slope to 4 of its
   * standard errors (residual spread / √n ≈ 0.0006 → 0.0025), the covariance within 10 % of its
   * largest entry (a variance from 4000 draws is known to 2.2 %); one knot per beam energy.
   */
  @Test
  void fitRecoversAKnownProfileDensityAtEachBeamEnergy() {
    Object[] s = synthetic(4000, 1);
    ProfileDensity d = ProfileDensity.fit((double[]) s[0], G, (float[]) s[1], 2, 0);
    assertEquals(2, d.knots().length, "one knot per beam energy");
    assertEquals(LOW, d.knots()[0], 1e-6);
    assertEquals(HIGH, d.knots()[1], 1e-6);
    for (int e = 0; e < 2; e++) {
      double slopeSum = 0;
      for (int g = 0; g < G; g++) {
        assertEquals(MEAN[e][g], d.mean()[e][g], 0.004, "mean fraction " + g + " at knot " + e);
        assertEquals(SLOPE[e][g], d.totalSlope()[e][g], 0.0025, "slope " + g + " at knot " + e);
        slopeSum += d.totalSlope()[e][g];
        for (int h = 0; h < G; h++) {
          double tol = 0.1 * trueCovariance(e, 0, 0);
          assertEquals(trueCovariance(e, g, h), covariance(d.sqrtCovariance()[e], g, h), tol,
              "covariance " + g + "," + h + " at knot " + e);
        }
      }
      assertEquals(0, slopeSum, 1e-12, "the fractions sum to one, so the slopes sum to zero");
    }
  }

  /**
   * Draws at a knot have the fitted mean, slope on z and covariance (20 000 draws: mean to 4
   * standard errors, slope and variances within 5 %); draws half-way in the energy label have the
   * knots' average mean; every draw sums to one and is positive.
   */
  @Test
  void drawsFollowTheFittedDensityAndInterpolateBetweenKnots() {
    Object[] s = synthetic(4000, 2);
    ProfileDensity d = ProfileDensity.fit((double[]) s[0], G, (float[]) s[1], 2, 0);
    int n = 20000;
    Rng rng = new Rng(3);
    float[] high = {HIGH, 0f};
    float[] mid = {(LOW + HIGH) / 2, 0f};
    double[] f = new double[G];
    double[] sum = new double[G];
    double[] sumZ = new double[G];
    double[] sum2 = new double[G];
    double[] midSum = new double[G];
    double zSum = 0;
    double zSum2 = 0;
    float[] eps = new float[G];
    for (int k = 0; k < n; k++) {
      double z = rng.nextGaussian();
      zSum += z;
      zSum2 += z * z;
      for (int g = 0; g < G; g++) {
        eps[g] = (float) rng.nextGaussian();
      }
      d.draw(high, 0, z, eps, 0, f);
      double total = 0;
      for (int g = 0; g < G; g++) {
        assertTrue(f[g] > 0, "positive fraction");
        total += f[g];
        sum[g] += f[g];
        sumZ[g] += f[g] * z;
        sum2[g] += f[g] * f[g];
      }
      assertEquals(1, total, 1e-12, "fractions sum to one");
      d.draw(mid, 0, z, eps, 0, f);
      for (int g = 0; g < G; g++) {
        midSum[g] += f[g];
      }
    }
    for (int g = 0; g < G; g++) {
      double mean = sum[g] / n;
      double var = sum2[g] / n - mean * mean;
      double zMean = zSum / n;
      double slope = (sumZ[g] / n - mean * zMean) / (zSum2 / n - zMean * zMean);
      assertEquals(d.mean()[1][g], mean, 4 * Math.sqrt(var / n), "mean of draws, fraction " + g);
      // the slope's standard error: the spread of f about its regression on z, over √n
      assertEquals(d.totalSlope()[1][g], slope, 4 * Math.sqrt(var / n),
          "slope of draws on z, fraction " + g);
      double expectedVar = d.totalSlope()[1][g] * d.totalSlope()[1][g] + covariance(d.sqrtCovariance()[1], g, g);
      assertEquals(expectedVar, var, 0.05 * expectedVar, "variance of draws, fraction " + g);
      assertEquals((d.mean()[0][g] + d.mean()[1][g]) / 2, midSum[g] / n, 0.002, "half-way mean, fraction " + g);
    }
    // without noise a draw is the interpolated mean: a quarter of the way, and the outer knots beyond the range
    float[] none = new float[G];
    for (double w : new double[] {-0.5, 0.25, 1.5}) {
      float[] at = {(float) (LOW + w * (HIGH - LOW)), 0f};
      d.draw(at, 0, 0, none, 0, f);
      double c = Math.max(0, Math.min(1, w));
      for (int g = 0; g < G; g++) {
        assertEquals((1 - c) * d.mean()[0][g] + c * d.mean()[1][g], f[g], 1e-6, "mean at w = " + w + ", fraction " + g);
      }
    }
  }

  /**
   * Physics: in reference Monte Carlo electron showers (300 at each of 20 and 90 GeV), a shower
   * that deposits less leaks more out of the back, so its profile is later: the slope of the first
   * two layers' fractions on the standardised log total is positive and of the last two layers'
   * negative at both energies (measured: +0.028 / −0.023 at 20 GeV, +0.022 / −0.038 at 90 GeV);
   * and the last layer's mean fraction grows with energy (the shower maximum moves back as ln E).
   */
  @Test
  void simulatedShowersThatDepositLessAreLater() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    int perEnergy = 300;
    int cellsPerLayer = cfg.rows() * cfg.cols();
    double[] amounts = new double[2 * perEnergy * cfg.layers()];
    float[] labels = new float[2 * perEnergy];
    double[] energies = {20, 90};
    for (int e = 0; e < 2; e++) {
      CalorimeterBeam beam = new BeamSampler(11, BeamEnergies.fixed(energies[e]), BeamSpot.parse("gaussian:5"))
          .sample(5, 0, perEnergy);
      CalorimeterEvents ev = new ReferenceCalorimeter(cfg, Realism.SIM).generate(beam, 5, 0);
      float[] mip = ev.showersMip();
      for (int k = 0; k < perEnergy; k++) {
        int row = e * perEnergy + k;
        labels[row] = (float) Math.log(energies[e] / 50);
        for (int i = 0; i < cfg.layers() * cellsPerLayer; i++) {
          amounts[row * cfg.layers() + i / cellsPerLayer] += mip[k * cfg.layers() * cellsPerLayer + i];
        }
      }
    }
    ProfileDensity d = ProfileDensity.fit(amounts, cfg.layers(), labels, 1, 0);
    int last = cfg.layers() - 1;
    for (int e = 0; e < 2; e++) {
      double[] beta = d.totalSlope()[e];
      System.out.printf("profile slopes on the log total at %.0f GeV: %s%n", energies[e], java.util.Arrays.toString(beta));
      assertTrue(beta[0] + beta[1] > 0, "early layers gain when the total is high, at " + energies[e] + " GeV");
      assertTrue(beta[last - 1] + beta[last] < 0, "late layers lose when the total is high, at " + energies[e] + " GeV");
    }
    assertTrue(d.mean()[1][last] > d.mean()[0][last], "the profile moves back with energy");
  }

  /**
   * In a head with a profile density the layer fractions come from the density and the total from
   * the total density: the network's group logits change nothing and get no gradient, and the
   * layers of an event hold exactly the drawn fractions of the drawn total.
   */
  @Test
  void headDrawsTheProfileAndIgnoresTheNetworksGroupLogits() {
    Object[] s = synthetic(200, 4);
    ProfileDensity profile = ProfileDensity.fit((double[]) s[0], G, (float[]) s[1], 2, 0);
    int size = 4;
    // ln T = 3 + σ z with σ = 0.1: one linear layer of 2 labels, weights then biases (μ, ln σ)
    TotalDensity total = new TotalDensity(2, DenseSpec.of(2, 2),
        new float[] {0, 0, 0, 0, 0, (float) Math.log(0.1)}, new double[] {3, 0, 0}, 1, new double[6]);
    EnergyShareHead h = new EnergyShareHead(1.0, G, size, 0, 0.0, new double[G], new float[G * size])
        .withTotalDensity(total).withProfileDensity(profile);
    assertEquals(1 + G, h.densityNoiseDim());
    int n = 50;
    Rng rng = new Rng(5);
    float[] raw = new float[n * h.rawDim()];
    float[] noise = new float[n * h.densityNoiseDim()];
    float[] labels = new float[2 * n];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) rng.nextGaussian();
    }
    for (int k = 0; k < n; k++) {
      labels[2 * k] = k % 2 == 0 ? LOW : HIGH;
    }
    float[] out = new float[n * h.eventDim()];
    h.apply(raw, out, n, null, labels, noise);
    float[] shifted = raw.clone();
    for (int k = 0; k < n; k++) {
      for (int g = 0; g < G; g++) {
        shifted[k * h.rawDim() + h.eventDim() + g] += 3f; // the group logits
      }
    }
    float[] out2 = new float[out.length];
    h.apply(shifted, out2, n, null, labels, noise);
    assertEquals(java.util.Arrays.toString(out), java.util.Arrays.toString(out2), "group logits change nothing");
    double[] amounts = h.groupAmounts(out);
    double[] f = new double[G];
    for (int k = 0; k < n; k++) {
      int z = k * h.densityNoiseDim();
      profile.draw(labels, 2 * k, noise[z], noise, z + 1, f);
      double t = Math.exp(3 + 0.1 * noise[z]);
      for (int g = 0; g < G; g++) {
        assertEquals(f[g] * t, amounts[k * G + g], 1e-4 * t, "layer " + g + " of event " + k);
      }
    }
    var dr = h.backward(org.nd4j.linalg.factory.Nd4j.create(raw, new long[] {n, h.rawDim()}, 'c'),
        org.nd4j.linalg.factory.Nd4j.ones(n, h.eventDim()), org.nd4j.linalg.factory.Nd4j.create(labels,
            new long[] {n, 2}, 'c'), noise);
    for (int k = 0; k < n; k++) {
      for (int g = 0; g < G; g++) {
        assertEquals(0, dr.getDouble(k, h.eventDim() + g), 0, "no gradient to an unused group logit");
      }
    }
  }

  /**
   * The mean correction: generated showers whose first fraction is 0.05 short of the reference's
   * (at the high knot, and half-way, where the difference counts half at each knot) move the
   * correction by exactly that at rate 1, and a draw then carries it.
   */
  @Test
  void meanCorrectionFollowsTheGeneratedMinusReferenceFractions() throws Exception {
    Object[] s = synthetic(200, 8);
    ProfileDensity d = ProfileDensity.fit((double[]) s[0], G, (float[]) s[1], 2, 0);
    double[] reference = {0.3, 0.4, 0.3, 0.3, 0.4, 0.3};
    double[] generated = {0.25, 0.45, 0.3, 0.25, 0.45, 0.3};
    float[] labels = {HIGH, 0f, (LOW + HIGH) / 2, 0f};
    ProfileDensity moved = d.adjustShift(generated, reference, labels, 2, 1.0);
    // high knot: one event with weight 1 and one with 1/2, both −0.05 → +0.05; low knot: the half event → +0.05
    assertEquals(0.05, moved.shift()[1][0], 1e-12);
    assertEquals(-0.05, moved.shift()[1][1], 1e-12);
    assertEquals(0.05, moved.shift()[0][0], 1e-12);
    assertEquals(0, moved.shift()[0][2], 1e-12);
    double[] f = new double[G];
    moved.draw(new float[] {HIGH, 0f}, 0, 0, new float[G], 0, f);
    assertEquals(d.mean()[1][0] + 0.05, f[0], 1e-9, "a draw carries the correction");
    assertEquals(moved, Json.mapper().readValue(Json.mapper().writeValueAsString(moved), ProfileDensity.class));
  }

  @Test
  void roundTripsThroughJsonAndRefusesBadInput() throws Exception {
    Object[] s = synthetic(200, 6);
    ProfileDensity d = ProfileDensity.fit((double[]) s[0], G, (float[]) s[1], 2, 0);
    ProfileDensity back = Json.mapper().readValue(Json.mapper().writeValueAsString(d), ProfileDensity.class);
    assertEquals(d, back);
    // 40 events per energy cannot give a 3 x 3 covariance
    Object[] few = synthetic(40, 7);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProfileDensity.fit((double[]) few[0], G, (float[]) few[1], 2, 0));
    assertTrue(e.getMessage().contains("need at least"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EnergyShareHead(1.0, G, 2, 0, 0.0, new double[G],
        new float[2 * G]).withProfileDensity(d), "a profile density needs a total density");
    assertThrows(IllegalArgumentException.class, () -> new ProfileDensity(G, 0, new double[] {1, 0},
        d.mean(), d.totalSlope(), d.sqrtCovariance(), null), "knots must increase");
  }
}
