package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import io.showers.generative.nn.Rng;
import io.showers.generative.wgan.TransversePrior.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The calorimeter's transverse prior: cell integrals of the core-and-halo profile, the pull of a narrow shower's
 * measured centroid to the struck cell's centre, the maximum-likelihood fit, an energy-share head that follows the
 * impact point with it, and its JSON.
 */
class TransversePriorTest {
  static final int ROWS = 12;
  static final int COLS = 15;
  static final int PER_LAYER = ROWS * COLS;
  /** Labels: [ln E, impact x, impact y] in cell pitches, as the calorimeter codec's. */
  static final int LABELS = 3;

  static TransversePrior prior(double core, double halo, double fraction) {
    return prior(Profile.GAUSSIAN, core, halo, fraction);
  }

  static TransversePrior prior(Profile profile, double core, double halo, double fraction) {
    return new TransversePrior(ROWS, COLS, 1, 2, new double[] {core}, new double[] {halo}, new double[] {fraction},
        profile);
  }

  /** A component's density in the plane at squared distance {@code r2} from its centre, for width {@code w}. */
  static double density(Profile profile, double w, double r2) {
    return profile == Profile.GAUSSIAN ? Math.exp(-r2 / (2 * w * w)) / (2 * Math.PI * w * w)
        : w * w / (Math.PI * (r2 + w * w) * (r2 + w * w));
  }

  static double cellX(int i) {
    return i % COLS - (COLS - 1) / 2.0;
  }

  static double cellY(int i) {
    return i / COLS - (ROWS - 1) / 2.0;
  }

  /** Share-weighted x centroid of one layer's logits, in cell pitches. */
  static double centroidX(double[] logits) {
    double sum = 0;
    double x = 0;
    for (int i = 0; i < PER_LAYER; i++) {
      double s = Math.exp(logits[i]);
      sum += s;
      x += s * cellX(i);
    }
    return x / sum;
  }

  /**
   * A cell's share is the profile's integral over the cell (midpoint rule on a 400 × 400 grid as reference), from the
   * struck cell to one 7 cells away in GFlash's r⁻⁴ tail.
   */
  @ParameterizedTest
  @EnumSource(Profile.class)
  void cellSharesAreTheProfileIntegratedOverEachCell(Profile profile) {
    double sc = 0.3;
    double sh = 1.1;
    double p = 0.2;
    TransversePrior prior = prior(profile, sc, sh, p);
    double x0 = 0.37;
    double y0 = -0.81;
    double[] logits = new double[PER_LAYER];
    prior.logits(new float[] {0, (float) x0, (float) y0}, 0, logits);
    int n = 400;
    for (int i : new int[] {7 * COLS + 7, 5 * COLS + 7, 5 * COLS + 8, 4 * COLS + 9, 2 * COLS + 10, 5 * COLS + 14}) {
      double integral = 0;
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          double dx = cellX(i) - 0.5 + (a + 0.5) / n - (float) x0;
          double dy = cellY(i) - 0.5 + (b + 0.5) / n - (float) y0;
          double r2 = dx * dx + dy * dy;
          integral += ((1 - p) * density(profile, sc, r2) + p * density(profile, sh, r2)) / ((double) n * n);
        }
      }
      if (integral > TransversePrior.SHARE_FLOOR) {
        assertEquals(integral, Math.exp(logits[i]), 1e-4 * integral, "cell " + i);
      }
    }
    if (profile == Profile.GAUSSIAN) {
      // far from the impact the share is floored, not −∞
      assertEquals(Math.log(TransversePrior.SHARE_FLOOR), logits[0], 1e-12);
    } else {
      // GFlash's tail: 7 cells away the share is still 5e-5 of the energy (a Gaussian's would be under the floor)
      assertTrue(Math.exp(logits[5 * COLS + 14]) > 1e-5, "share 7 cells away " + Math.exp(logits[5 * COLS + 14]));
    }
  }

  /**
   * Over a plane much larger than the profile the cells above the floor hold all the energy but what lies beyond the
   * radius where the density falls to the floor {@code f}: {@code 2π R² f} for a Gaussian, {@code R √(π f)} for GFlash
   * (whose tail is 140 times heavier here). A GFlash component holds half its energy within R of its centre.
   */
  @ParameterizedTest
  @EnumSource(Profile.class)
  void profilesAreNormalised(Profile profile) {
    int side = 401;
    double radius = 2;
    float[] labels = {0, 0.3f, -0.2f};
    TransversePrior wide = new TransversePrior(side, side, 1, 2, new double[] {radius}, new double[] {radius},
        new double[] {0}, profile);
    double[] logits = new double[side * side];
    wide.logits(labels, 0, logits);
    double sum = 0;
    for (double logit : logits) {
      sum += logit > Math.log(TransversePrior.SHARE_FLOOR) ? Math.exp(logit) : 0;
    }
    double f = TransversePrior.SHARE_FLOOR;
    double missing = profile == Profile.GAUSSIAN ? 2 * Math.PI * radius * radius * f : radius * Math.sqrt(Math.PI * f);
    assertEquals(1 - missing, sum, 0.1 * missing, profile + ": the array's total share above the floor");
    if (profile == Profile.GFLASH) {
      // with R = 20 cells, the cells whose centres lie within R of the impact hold half the energy
      TransversePrior broad = new TransversePrior(side, side, 1, 2, new double[] {20}, new double[] {20},
          new double[] {0}, profile);
      broad.logits(labels, 0, logits);
      double withinRadius = 0;
      for (int i = 0; i < logits.length; i++) {
        double x = i % side - (side - 1) / 2.0 - labels[1];
        double y = i / side - (side - 1) / 2.0 - labels[2];
        withinRadius += x * x + y * y < 400 ? Math.exp(logits[i]) : 0;
      }
      assertEquals(0.5, withinRadius, 0.005, "GFlash: half the energy within R");
    }
  }

  /** The tabulated normal distribution function agrees with hipparchus' erf everywhere to 1e-11. */
  @Test
  void normalCdfTableMatchesErf() {
    double worst = 0;
    for (double z = -9; z <= 9; z += 0.001237) {
      double exact = 0.5 * org.hipparchus.special.Erf.erfc(-z / Math.sqrt(2));
      worst = Math.max(worst, Math.abs(TransversePrior.normalCdf(z) - exact));
    }
    assertTrue(worst < 1e-11, "largest error " + worst);
    assertEquals(0.5, TransversePrior.normalCdf(0), 1e-15);
  }

  /** The tabulated arctangent agrees with the library's on both sides of 1 and of 0 to 1e-11. */
  @Test
  void atanTableMatchesTheLibrary() {
    double worst = 0;
    for (double t = -40; t <= 40; t += 0.000737) {
      worst = Math.max(worst, Math.abs(TransversePrior.atan(t) - Math.atan(t)));
    }
    assertTrue(worst < 1e-11, "largest error " + worst);
    assertEquals(Math.PI / 4, TransversePrior.atan(1), 1e-15);
    assertEquals(Math.atan(1e12), TransversePrior.atan(1e12), 1e-15);
    assertEquals(0, TransversePrior.atan(0), 0);
    assertEquals(-Math.PI / 2, TransversePrior.atan(Double.NEGATIVE_INFINITY), 1e-15);
  }

  /**
   * A shower much narrower than a cell puts its energy in the struck cell, so its measured centroid is that cell's
   * centre; a wider one is pulled part of the way; one much wider than a cell is measured where it is.
   */
  @Test
  void narrowShowersArePulledToTheStruckCellCentre() {
    double u = 0.3;
    float[] labels = {0, (float) u, 0.5f};
    double[] logits = new double[PER_LAYER];
    prior(0.05, 0.05, 0).logits(labels, 0, logits);
    assertEquals(0, centroidX(logits), 0.01, "narrow: the struck cell's centre");
    prior(0.3, 0.3, 0).logits(labels, 0, logits);
    double pulled = centroidX(logits);
    assertTrue(pulled > 0.05 && pulled < u - 0.05, "a core as wide as a third of a cell is pulled part-way: " + pulled);
    prior(0.3, 0.3, 0).logits(new float[] {0, 0.5f, 0.5f}, 0, logits);
    // up to the floored far cells, which the array edge leaves unpaired
    assertEquals(0.5, centroidX(logits), 1e-3, "on a cell edge, no pull (symmetry)");
    prior(2.0, 2.0, 0).logits(labels, 0, logits);
    assertEquals(u, centroidX(logits), 0.01, "wide: measured where it is");
  }

  /**
   * Events drawn as multinomial deposits of 2000 quanta per layer from two known profiles, impacts uniform over ±5.5
   * by ±3.5 cells: the fit recovers each layer's widths and halo fraction (the statistical error of 600 × 2000 quanta is far
   * below the tolerances).
   */
  @ParameterizedTest
  @EnumSource(Profile.class)
  void fitRecoversEachLayersProfile(Profile profile) {
    double[][] truth = {{0.15, 0.9, 0.15}, {0.35, 1.4, 0.3}};
    int layers = truth.length;
    TransversePrior known = new TransversePrior(ROWS, COLS, 1, 2, new double[] {truth[0][0], truth[1][0]},
        new double[] {truth[0][1], truth[1][1]}, new double[] {truth[0][2], truth[1][2]}, profile);
    int n = 600;
    int quanta = 2000;
    int eventDim = layers * PER_LAYER;
    double[] amounts = new double[n * eventDim];
    float[] labels = new float[n * LABELS];
    Rng rng = new Rng(5);
    double[] logits = new double[eventDim];
    double[] cdf = new double[PER_LAYER];
    for (int k = 0; k < n; k++) {
      // out to 2 cells from the array's edge, so the halo's tails leave it (the fit must normalise over the array)
      labels[k * LABELS + 1] = (float) (11 * rng.nextDouble() - 5.5);
      labels[k * LABELS + 2] = (float) (7 * rng.nextDouble() - 3.5);
      known.logits(labels, k * LABELS, logits);
      for (int g = 0; g < layers; g++) {
        double sum = 0;
        for (int i = 0; i < PER_LAYER; i++) {
          sum += Math.exp(logits[g * PER_LAYER + i]);
          cdf[i] = sum;
        }
        for (int q = 0; q < quanta; q++) {
          double v = rng.nextDouble() * sum;
          int i = 0;
          while (cdf[i] < v && i < PER_LAYER - 1) {
            i++;
          }
          amounts[k * eventDim + g * PER_LAYER + i] += 1;
        }
      }
    }
    float[] encoded = new float[amounts.length];
    for (int i = 0; i < amounts.length; i++) {
      encoded[i] = (float) Math.log1p(amounts[i]);
    }
    TransversePrior fitted = TransversePrior.fit(encoded, eventDim, 1.0, labels, LABELS, layers, ROWS, COLS, 1, 2,
        profile);
    assertEquals(profile, fitted.profile());
    for (int g = 0; g < layers; g++) {
      assertEquals(truth[g][0], fitted.coreWidth()[g], 0.03 * truth[g][0], "core width, layer " + g);
      assertEquals(truth[g][1], fitted.haloWidth()[g], 0.05 * truth[g][1], "halo width, layer " + g);
      assertEquals(truth[g][2], fitted.haloFraction()[g], 0.02, "halo fraction, layer " + g);
    }
  }

  /**
   * An energy-share head with the prior and a network output of zero shares each layer out as the prior does, so its
   * layer centroids follow the impact point within the cell; without the prior they would not move at all.
   */
  @Test
  void headSharesFollowTheImpactPoint() {
    TransversePrior prior = new TransversePrior(ROWS, COLS, 1, 2, new double[] {0.1, 0.4},
        new double[] {0.8, 1.5}, new double[] {0.1, 0.3}, Profile.GFLASH);
    EnergyShareHead plain = new EnergyShareHead(1.0, 2, PER_LAYER, 0, Math.log(1000), new double[2],
        new float[2 * PER_LAYER]);
    EnergyShareHead head = plain.withTransversePrior(prior);
    assertEquals(3, head.labelsRead());
    float[] labels = {0, 0.3f, -0.2f, 0, -2.45f, 1.1f};
    INDArray out = head.apply(Nd4j.zeros(2, head.rawDim()), Nd4j.create(labels, new long[] {2, 3}, 'c'));
    double[] logits = new double[2 * PER_LAYER];
    for (int k = 0; k < 2; k++) {
      prior.logits(labels, k * LABELS, logits);
      for (int g = 0; g < 2; g++) {
        double[] amount = new double[PER_LAYER];
        double[] expected = new double[PER_LAYER];
        double sum = 0;
        double expectedSum = 0;
        for (int i = 0; i < PER_LAYER; i++) {
          amount[i] = Math.expm1(out.getDouble(k, g * PER_LAYER + i));
          expected[i] = Math.exp(logits[g * PER_LAYER + i]);
          sum += amount[i];
          expectedSum += expected[i];
        }
        for (int i = 0; i < PER_LAYER; i++) {
          assertEquals(expected[i] / expectedSum, amount[i] / sum, 1e-4, "event " + k + ", layer " + g + ", cell " + i);
        }
      }
    }
    INDArray without = plain.apply(Nd4j.zeros(2, plain.rawDim()));
    assertEquals(without.getRow(0), without.getRow(1), "without the prior the impact label changes nothing");
    assertNotEquals(out.getRow(0), out.getRow(1));
  }

  /**
   * The head's backward pass with the prior agrees with central differences, both where it multiplies the softmax by
   * the prior's shares and where the counting spread makes it add their logarithms to the logits.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void headWithThePriorHasAnExactGradient(boolean countingSpread) {
    TransversePrior prior = new TransversePrior(ROWS, COLS, 1, 2, new double[] {0.1, 0.4}, new double[] {0.8, 1.5},
        new double[] {0.1, 0.3}, Profile.GFLASH);
    EnergyShareHead plain = new EnergyShareHead(1.0, 2, PER_LAYER, 0, Math.log(1000), new double[2],
        new float[2 * PER_LAYER]);
    EnergyShareHead head = (countingSpread ? plain.withCountingSpread(true) : plain).withTransversePrior(prior);
    int n = 2;
    float[] labels = {0, 0.3f, -0.2f, 0, -2.45f, 1.1f};
    float[] r = EnergyShareHeadTest.raw(n, head.rawDim(), 21, 0.5);
    EnergyShareHeadTest.assertLabelledBackwardMatchesCentralDifferences(head, r, n, labels, null, new long[] {3, 4},
        new Rng(22));
  }

  /** A NaN impact label is refused with the event's position, not turned into shares. */
  @Test
  void nonFiniteImpactIsRefused() {
    double[] out = new double[PER_LAYER];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> prior(Profile.GFLASH, 0.1, 1.0, 0.1).shares(new float[] {0, Float.NaN, 0}, 0, out));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
  }

  @Test
  void jsonRoundTripAndBadSettings() throws Exception {
    TransversePrior prior = new TransversePrior(ROWS, COLS, 1, 2, new double[] {0.1, 0.4}, new double[] {0.8, 1.5},
        new double[] {0.1, 0.3}, Profile.GFLASH);
    EnergyShareHead head = new EnergyShareHead(1.0, 2, PER_LAYER, 0, 3.0, new double[2], new float[2 * PER_LAYER])
        .withTransversePrior(prior);
    String json = Json.mapper().writeValueAsString(head);
    assertEquals(head, Json.mapper().readValue(json, EnergyShareHead.class));
    assertEquals(prior, Json.mapper().readValue(Json.mapper().writeValueAsString(prior), TransversePrior.class));
    // a model saved before the profile could be chosen had Gaussians
    String old = Json.mapper().writeValueAsString(prior).replace(",\"profile\":\"GFLASH\"", "");
    assertTrue(!old.contains("GFLASH"), old);
    assertEquals(Profile.GAUSSIAN, Json.mapper().readValue(old, TransversePrior.class).profile());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> prior(0.5, 0.2, 0.1));
    assertTrue(e.getMessage().contains("halo width"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> prior(0.5, 1.0, 1.5));
    assertThrows(IllegalArgumentException.class, () -> prior(0, 1.0, 0.1));
    // a prior for one layer does not fit a head of two
    assertThrows(IllegalArgumentException.class, () -> new EnergyShareHead(1.0, 2, PER_LAYER, 0, 3.0, new double[2],
        new float[2 * PER_LAYER]).withTransversePrior(prior(0.1, 1.0, 0.1)));
  }
}
