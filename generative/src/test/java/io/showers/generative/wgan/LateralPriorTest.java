package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import io.showers.generative.nn.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lateral prior of an energy-share head: shower-plane distances, the fitted slope, shares that
 * peak at the labelled core, an exact backward pass with it, and its JSON.
 */
class LateralPriorTest {
  static final int SIDE = 7;
  static final int CELLS = SIDE * SIDE;
  /** Labels: [unused, ux, uy, uz, coreX, coreY]. */
  static final int LABELS = 6;
  static final double R0 = 0.2;

  static double[][] grid() {
    double[] x = new double[CELLS];
    double[] y = new double[CELLS];
    for (int s = 0; s < CELLS; s++) {
      x[s] = s % SIDE - 3;
      y[s] = s / SIDE - 3;
    }
    return new double[][] {x, y};
  }

  static float[] labels(double zenithDeg, double azimuthDeg, double coreX, double coreY) {
    double t = Math.toRadians(zenithDeg);
    double p = Math.toRadians(azimuthDeg);
    return new float[] {0, (float) (Math.sin(t) * Math.cos(p)), (float) (Math.sin(t) * Math.sin(p)),
        (float) Math.cos(t), (float) coreX, (float) coreY};
  }

  static LateralPrior prior(double slope) {
    double[][] g = grid();
    return new LateralPrior(g[0], g[1], 4, 5, 1, R0, slope);
  }

  /**
   * Vertical: the ground distance. Inclined by θ along x: a station offset along x is at
   * {@code |dx| cos θ} in the shower plane, one offset along y at {@code |dy|}.
   */
  @Test
  void distancesAreMeasuredInTheShowerPlane() {
    LateralPrior p = prior(2);
    double[] r = new double[CELLS];
    p.distances(labels(0, 0, 0.5, -1), 0, r);
    int s = 2 * SIDE + 6; // (3, -1)
    assertEquals(Math.hypot(3 - 0.5, 0), r[s], 1e-6);
    p.distances(labels(60, 0, 0, 0), 0, r);
    assertEquals(2 * Math.cos(Math.toRadians(60)), r[3 * SIDE + 5], 1e-6, "offset along the axis' azimuth");
    assertEquals(2, r[5 * SIDE + 3], 1e-6, "offset across it");
  }

  /**
   * Amounts falling exactly as (1 + r/r0)^-β, with any per-event normalisation and β depending on
   * zenith and energy as the fitted model does, give its coefficients.
   */
  @Test
  void theFittedSlopeIsTheProfilesPowerLaw() {
    double[][] g = grid();
    int n = 20;
    Rng rng = new Rng(3);
    double[] amounts = new double[n * CELLS];
    float[] labels = new float[n * LABELS];
    LateralPrior shape = prior(0);
    double[] r = new double[CELLS];
    for (int k = 0; k < n; k++) {
      double zenith = 55 * rng.nextDouble();
      float[] l = labels(zenith, 360 * rng.nextDouble(), rng.nextGaussian(), rng.nextGaussian());
      l[0] = (float) (rng.nextDouble() - 0.5); // log10(E / 10 EeV)
      System.arraycopy(l, 0, labels, k * LABELS, LABELS);
      shape.distances(labels, k * LABELS, r);
      double beta = 2.7 - 0.8 * (1 / Math.cos(Math.toRadians(zenith)) - 1) + 0.3 * l[0];
      double norm = Math.exp(3 * rng.nextDouble());
      for (int s = 0; s < CELLS; s++) {
        double u = norm * Math.pow(1 + r[s] / R0, -beta);
        amounts[k * CELLS + s] = u > 0.01 ? u : 0; // a detector threshold: far stations are empty
      }
    }
    LateralPrior fitted = LateralPrior.fit(amounts, labels, LABELS, g[0], g[1], 4, 5, 1, R0, 0);
    assertEquals(2.7, fitted.slope(), 1e-6);
    assertEquals(-0.8, fitted.slopePerSecant(), 1e-6);
    assertEquals(0.3, fitted.slopePerEnergy(), 1e-6);
    float[] inclined = labels(60, 10, 0, 0);
    inclined[0] = 0.5f;
    assertEquals(2.7 - 0.8 + 0.3 * 0.5, fitted.slopeOf(inclined, 0), 1e-6, "β at 60° and energy label 0.5");
    assertThrows(IllegalArgumentException.class,
        () -> LateralPrior.fit(new double[CELLS], labels(0, 0, 0, 0), LABELS, g[0], g[1], 4, 5, 1, R0, 0));
  }

  /** With zero raw output the shares follow the prior: the largest at the station nearest the core. */
  @Test
  void sharesPeakAtTheLabelledCore() {
    EnergyShareHead h = new EnergyShareHead(1.0, 1, CELLS, 0, 2.0, new double[] {0}, new float[CELLS])
        .withLateralPrior(prior(2.5));
    float[] raw = new float[h.rawDim()];
    float[] event = new float[CELLS];
    h.apply(raw, event, 1, null, labels(30, 40, 1.2, -2.1));
    int best = 0;
    for (int s = 1; s < CELLS; s++) {
      best = event[s] > event[best] ? s : best;
    }
    assertEquals(4, best % SIDE, "column of x = 1");
    assertEquals(1, best / SIDE, "row of y = -2");
    assertThrows(IllegalArgumentException.class, () -> h.apply(raw, new float[CELLS], 1), "labels are needed");
  }

  @Test
  void backwardWithTheLateralPriorMatchesCentralDifferences() throws Exception {
    EnergyShareHead h = new EnergyShareHead(2.0, 1, CELLS, 1, 1.0, new double[] {0}, new float[CELLS])
        .withLateralPrior(prior(2.0));
    assertEquals(h, Json.mapper().readValue(Json.mapper().writeValueAsString(h), EnergyShareHead.class));
    assertBackwardMatchesCentralDifferences(h, 8);
  }

  /** The head's backward pass on two random raw rows (an inclined and a steep shower) against central differences. */
  private static INDArray assertBackwardMatchesCentralDifferences(EnergyShareHead h, long seed) {
    int n = 2;
    Rng rng = new Rng(seed);
    float[] r = new float[n * h.rawDim()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) (0.5 * rng.nextGaussian());
    }
    float[] labels = new float[n * LABELS];
    System.arraycopy(labels(20, 10, 0.3, 0.4), 0, labels, 0, LABELS);
    System.arraycopy(labels(55, 200, -1.0, 0.8), 0, labels, LABELS, LABELS);
    float[] w = new float[n * h.eventDim()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    INDArray grad = h.backward(Nd4j.create(r.clone(), new long[] {n, h.rawDim()}, 'c'),
        Nd4j.create(w, new long[] {n, h.eventDim()}, 'c'), Nd4j.create(labels, new long[] {n, LABELS}, 'c'));
    EnergyShareHeadTest.assertMatchesCentralDifferences(grad, r, raw -> loss(h, raw, w, labels, n));
    return grad;
  }

  @Test
  void radialSharesMatchCentralDifferencesAndMoveWithTheCore() throws Exception {
    EnergyShareHead h = new EnergyShareHead(2.0, 1, CELLS, 1, 1.0, new double[] {0}, new float[CELLS])
        .withLateralPrior(prior(2.0)).withRadialShares(true);
    assertEquals(h, Json.mapper().readValue(Json.mapper().writeValueAsString(h), EnergyShareHead.class));
    assertEquals(CELLS + 1 + 1 + 1 + 2 * LateralPrior.RADIAL_KNOTS, h.rawDim(), "cells, time, group, total, (a, b)");
    INDArray grad = assertBackwardMatchesCentralDifferences(h, 9);
    for (int i = 0; i < CELLS; i++) {
      assertEquals(0, grad.getDouble(0, i), 0, "the cell logits are unused");
    }

    // the same raw row around two cores one station apart: the footprint moves with the core, station for station
    // (relative to the station at the core: the finite array's edge takes a different share of the total)
    Rng rng = new Rng(10);
    float[] row = new float[h.rawDim()];
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) (0.5 * rng.nextGaussian());
    }
    float[] here = new float[h.eventDim()];
    float[] there = new float[h.eventDim()];
    h.apply(row, here, 1, null, labels(0, 0, 0, 0));
    h.apply(row, there, 1, null, labels(0, 0, 1, 0));
    for (int s = 0; s < CELLS; s++) {
      if (s % SIDE < SIDE - 1 && Math.abs(s % SIDE - 3) < 2 && Math.abs(s / SIDE - 3) < 2) {
        int core = 3 * SIDE + 3;
        assertEquals(Math.expm1(2.0 * here[s]) / Math.expm1(2.0 * here[core]),
            Math.expm1(2.0 * there[s + 1]) / Math.expm1(2.0 * there[core + 1]), 1e-4,
            "station " + s + " and its neighbour at x + 1, relative to the core's");
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new EnergyShareHead(2.0, 1, CELLS, 1, 1.0, new double[] {0},
        new float[CELLS]).withRadialShares(true), "radial corrections need the core");
  }

  /**
   * The shipped air-shower head: radial corrections and per-station noise together, with seeded noise streams; the
   * same with counting spread, on a total of e^7 units so that the stations' spreads range from the flat part to the
   * clamp.
   */
  @Test
  void radialSharesWithCellSpreadMatchCentralDifferences() {
    EnergyShareHead uniform = new EnergyShareHead(2.0, 1, CELLS, 1, 1.0, new double[] {0}, new float[CELLS])
        .withLateralPrior(prior(2.0)).withRadialShares(true).withCellSpread(true);
    assertEquals(uniform.eventDim() + 2 + 1 + 2 * LateralPrior.RADIAL_KNOTS, uniform.rawDim(),
        "group, total, spread, (a, b)");
    assertRadialBackwardMatchesCentralDifferences(uniform);
    EnergyShareHead counting = new EnergyShareHead(2.0, 1, CELLS, 1, 7.0, new double[] {0}, new float[CELLS])
        .withLateralPrior(prior(2.0)).withRadialShares(true).withCountingSpread(true);
    assertEquals(counting.eventDim() + 2 + 1 + 1 + 2 * LateralPrior.RADIAL_KNOTS, counting.rawDim(),
        "group, total, spread, counting, (a, b)");
    assertEquals(counting, assertJsonRoundTrip(counting));
    assertRadialBackwardMatchesCentralDifferences(counting);
    EnergyShareHead symmetric = counting.withSymmetricRadial(true);
    assertEquals(counting.rawDim() - LateralPrior.RADIAL_KNOTS, symmetric.rawDim(), "no b_k");
    assertEquals(symmetric, assertJsonRoundTrip(symmetric));
    assertRadialBackwardMatchesCentralDifferences(symmetric);
  }

  /** Symmetric corrections: stations at the same distance from the core, early and late, get the same signal. */
  @Test
  void symmetricRadialSharesHaveNoEarlyLateAsymmetry() {
    EnergyShareHead h = new EnergyShareHead(2.0, 1, CELLS, 1, 7.0, new double[] {0}, new float[CELLS])
        .withLateralPrior(prior(2.0)).withRadialShares(true).withSymmetricRadial(true);
    EnergyShareHead asymmetric = h.withSymmetricRadial(false);
    Rng rng = new Rng(12);
    float[] row = new float[asymmetric.rawDim()];
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) (0.5 * rng.nextGaussian());
    }
    // 45° from the x axis, core on a station: the stations at ±x one spacing away are early and late, same distance
    float[] labels = labels(45, 0, 0, 0);
    float[] out = new float[h.eventDim()];
    h.apply(java.util.Arrays.copyOf(row, h.rawDim()), out, 1, null, labels);
    float[] skewed = new float[h.eventDim()];
    asymmetric.apply(row, skewed, 1, null, labels);
    int core = 3 * SIDE + 3;
    assertEquals(out[core - 1], out[core + 1], 1e-6, "early and late station, symmetric corrections");
    assertTrue(Math.abs(skewed[core - 1] - skewed[core + 1]) > 1e-3, "the b_k make them differ: "
        + skewed[core - 1] + " vs " + skewed[core + 1]);
    assertThrows(IllegalArgumentException.class, () -> new EnergyShareHead(2.0, 1, CELLS, 1, 7.0, new double[] {0},
        new float[CELLS]).withLateralPrior(prior(2.0)).withSymmetricRadial(true), "symmetric needs radial shares");
  }

  /** A density of the log amount with {@code μ = 3} and {@code σ = 0.1} at every label, on this test's labels. */
  private static TotalDensity flatDensity() {
    return flatDensity(LABELS, 3);
  }

  /** A density with mean {@code mu} and spread 0.1 on {@code labelDim} labels. */
  private static TotalDensity flatDensity(int labelDim, double mu) {
    float[] params = new float[labelDim * 2 + 2];
    params[params.length - 1] = (float) Math.log(0.1);
    double[] baseline = new double[labelDim + 1];
    baseline[0] = mu;
    return new TotalDensity(labelDim, io.showers.generative.nn.DenseSpec.of(labelDim, 2), params, baseline, 1,
        new double[TotalDensity.basisSize(labelDim)]);
  }

  /**
   * A total-ratio density tilts the stations inside the anchor so that the noise-free footprint adds up to the drawn
   * {@code S · T/S}, leaving the amplitude at the anchor as drawn; the backward pass, through the solved tilt, is exact.
   */
  @Test
  void theTiltGivesTheDrawnTotalAndKeepsTheAnchor() {
    double anchor = 2.0;
    EnergyShareHead h = new EnergyShareHead(2.0, 1, CELLS, 1, 7.0, new double[] {0}, new float[CELLS])
        .withLateralPrior(prior(2.0)).withRadialShares(true).withSymmetricRadial(true)
        .withAnchoredAmplitude(flatDensity(), anchor).withTotalRatioDensity(flatDensity(LABELS + 1, 4.6));
    assertEquals(2, h.densityNoiseDim(), "the amplitude's and the ratio's");
    assertEquals(h, assertJsonRoundTrip(h));
    float[] labels = labels(0, 0, 0, 0);
    int atAnchor = 3 * SIDE + 5;
    Rng rng = new Rng(14);
    for (float[] z : new float[][] {{0.7f, -1.3f}, {-0.2f, 1.9f}}) {
      float[] row = new float[h.rawDim()];
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) (0.5 * rng.nextGaussian());
      }
      float[] out = new float[h.eventDim()];
      h.apply(row, out, 1, null, labels, z);
      double t = 3 + 0.1 * z[0];
      double total = 0;
      for (int i = 0; i < CELLS; i++) {
        total += Math.expm1(2.0 * out[i]);
      }
      assertEquals(t + 4.6 + 0.1 * z[1], Math.log(total), 1e-5, "the drawn log total");
      assertEquals(Math.exp(t), Math.expm1(2.0 * out[atAnchor]), 1e-4 * Math.exp(t), "the anchor keeps its amplitude");
    }
    EnergyShareHead counting = h.withCountingSpread(true);
    assertEquals(counting, assertJsonRoundTrip(counting));
    assertRadialBackwardMatchesCentralDifferences(counting, new float[] {0.4f, -1.1f, 0.3f, 0.8f});
    assertThrows(IllegalArgumentException.class, () -> new EnergyShareHead(2.0, 1, CELLS, 1, 7.0, new double[] {0},
        new float[CELLS]).withLateralPrior(prior(2.0)).withRadialShares(true).withTotalDensity(flatDensity())
        .withTotalRatioDensity(flatDensity(LABELS + 1, 4.6)), "a ratio needs an anchored amplitude");
  }

  /**
   * An anchored head: the amount at the anchor distance is the drawn {@code e^t} whatever the radial corrections
   * (vertical shower, core on a station, a station at the anchor two spacings away), and the amplitude estimated from
   * a footprint that follows the prior's shape is {@code t}: the estimator the density is fitted to and the head
   * agree. The backward pass is exact with counting spread, symmetric or not.
   */
  @Test
  void anchoredAmplitudeIsTheDrawnOneWhateverTheCorrections() {
    double anchor = 2.0;
    EnergyShareHead h = new EnergyShareHead(2.0, 1, CELLS, 1, 7.0, new double[] {0}, new float[CELLS])
        .withLateralPrior(prior(2.0)).withRadialShares(true).withSymmetricRadial(true)
        .withAnchoredAmplitude(flatDensity(), anchor);
    assertTrue(h.anchored());
    assertEquals(h, assertJsonRoundTrip(h));
    float[] labels = labels(0, 0, 0, 0);
    int core = 3 * SIDE + 3;
    int atAnchor = core + 2;
    Rng rng = new Rng(13);
    float[] z = {0.7f};
    double t = 3 + 0.1 * z[0];
    for (double scale : new double[] {0, 1}) {
      float[] row = new float[h.rawDim()];
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) (scale * rng.nextGaussian());
      }
      float[] out = new float[h.eventDim()];
      h.apply(row, out, 1, null, labels, z);
      assertEquals(Math.exp(t), Math.expm1(2.0 * out[atAnchor]), 1e-4 * Math.exp(t), "corrections x " + scale);
      if (scale == 0) {
        assertEquals(t, h.logAmplitudes(out, labels, anchor)[0], 1e-5, "the estimator on the prior's shape");
        assertTrue(out[core] > out[core + 1] && out[core + 1] > out[atAnchor], "falls with distance");
      } else {
        assertTrue(Math.abs(out[core] - out[core + 1]) > 1e-3, "the corrections change the shape");
      }
    }
    assertEquals(Double.NEGATIVE_INFINITY, h.logAmplitudes(new float[h.eventDim()], labels, anchor)[0], "empty event");
    assertThrows(IllegalArgumentException.class, () -> new EnergyShareHead(2.0, 1, CELLS, 1, 7.0, new double[] {0},
        new float[CELLS]).withLateralPrior(prior(2.0)).withAnchoredAmplitude(flatDensity(), anchor),
        "an anchor needs radial shares");
    assertThrows(IllegalArgumentException.class, () -> h.withAnchoredAmplitude(flatDensity(), -1), "negative anchor");
    assertTrue(!h.withTotalDensity(null).anchored(), "no density, no anchor");

    EnergyShareHead counting = h.withCountingSpread(true);
    assertEquals(counting, assertJsonRoundTrip(counting));
    float[] noise = {0.4f, -1.1f};
    assertRadialBackwardMatchesCentralDifferences(counting, noise);
    assertRadialBackwardMatchesCentralDifferences(counting.withSymmetricRadial(false), noise);
  }

  /**
   * The amplitude estimator favours cells near the anchor: on a footprint steeper than the prior's (β 2.6 against
   * 2.0, off-centre core, inclined), its error at the anchor is under a third of an unweighted mean's.
   */
  @Test
  void theAmplitudeEstimateIsLocalToTheAnchor() {
    LateralPrior p = prior(2.0);
    float[] labels = labels(30, 70, 0.4, -0.3);
    double anchor = 1.5;
    double[] r = new double[CELLS];
    p.distances(labels, 0, r);
    double[] amounts = new double[CELLS];
    double unweighted = 0;
    int occupied = 0;
    for (int i = 0; i < CELLS; i++) {
      double logU = 4 - 2.6 * (Math.log1p(r[i] / R0) - Math.log1p(anchor / R0));
      amounts[i] = logU > 0 ? Math.exp(logU) : 0;
      if (amounts[i] > 0) {
        unweighted += logU + 2.0 * Math.log1p(r[i] / R0);
        occupied++;
      }
    }
    double naive = unweighted / occupied - 2.0 * Math.log1p(anchor / R0);
    double estimate = p.logAmplitudeAt(amounts, 0, labels, 0, anchor, new double[CELLS]);
    assertTrue(Math.abs(estimate - 4) < Math.abs(naive - 4) / 3, "weighted " + estimate + ", unweighted " + naive
        + ", true 4");
  }

  private static EnergyShareHead assertJsonRoundTrip(EnergyShareHead h) {
    try {
      return Json.mapper().readValue(Json.mapper().writeValueAsString(h), EnergyShareHead.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertRadialBackwardMatchesCentralDifferences(EnergyShareHead h) {
    assertRadialBackwardMatchesCentralDifferences(h, null);
  }

  /** As above, with the two events' density noise ({@code densityNoiseDim} each; null without a density). */
  private static void assertRadialBackwardMatchesCentralDifferences(EnergyShareHead h, float[] densityNoise) {
    int n = 2;
    Rng rng = new Rng(11);
    float[] r = new float[n * h.rawDim()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) (0.5 * rng.nextGaussian());
    }
    float[] labels = new float[n * LABELS];
    System.arraycopy(labels(35, 60, 0.2, -0.3), 0, labels, 0, LABELS);
    System.arraycopy(labels(5, 300, 0.9, 0.1), 0, labels, LABELS, LABELS);
    EnergyShareHeadTest.assertLabelledBackwardMatchesCentralDifferences(h, r, n, labels, densityNoise,
        new long[] {21, 22}, rng);
  }

  private static double loss(EnergyShareHead h, float[] r, float[] w, float[] labels, int n) {
    float[] x = new float[n * h.eventDim()];
    h.apply(r, x, n, null, labels);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (double) w[i] * x[i];
    }
    return s;
  }
}
