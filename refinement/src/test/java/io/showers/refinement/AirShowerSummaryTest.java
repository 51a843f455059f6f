package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.airshower.RealismProfile;
import org.junit.jupiter.api.Test;

/** The footprint-spread summary the critic uses to see the lateral distribution's slope without the core. */
class AirShowerSummaryTest {
  private static final int SIDE = TestEvents.ARRAY.stationsPerSide();
  private static final int SPREAD = AirShowerSummary.TOP + 5;
  private static final double THRESHOLD_VEM = TestEvents.ARRAY.triggerThresholdVem();
  private static final double SPACING_M = TestEvents.ARRAY.spacingM();

  /** A footprint with signal {@code s1000 · (r / 1000 m)^beta} around a core at grid point (row, col). */
  private static float[] powerLaw(double beta, double s1000, double row, double col) {
    int st = SIDE * SIDE;
    float[] y = new float[2 * st];
    for (int s = 0; s < st; s++) {
      double r = SPACING_M * Math.hypot(s / SIDE - row, s % SIDE - col);
      double signal = s1000 * Math.pow(Math.max(r, 150) / 1000, beta);
      if (signal >= THRESHOLD_VEM) {
        y[s] = StationSpace.encodeSignal(signal);
      }
    }
    return y;
  }

  private static double spread(float[] y) {
    return new AirShowerSummary(new Grid(SIDE), StationSpace.encodeSignal(THRESHOLD_VEM)).values(y, 0)[SPREAD];
  }

  @Test
  void aFlatterLateralDistributionSpreadsFurtherAndTheCoreDoesNotMatter() {
    double steep = spread(powerLaw(-3.5, 60, 6.5, 6.5));
    double flat = spread(powerLaw(-2.5, 60, 6.5, 6.5));
    assertTrue(flat > 1.2 * steep, "flat " + flat + " vs steep " + steep);
    // moved by whole stations, the footprint is the same footprint: the summary reads no core
    assertEquals(steep, spread(powerLaw(-3.5, 60, 5.5, 7.5)), 1e-4);
    assertEquals(flat, spread(powerLaw(-2.5, 60, 7.5, 5.5)), 1e-4);
  }

  /**
   * The same primaries simulated with the data profile (muon excess ×1.3, with muons falling off
   * more slowly with distance than the electromagnetic part; also −4 % calibration and 2 % dead
   * stations) spread wider: the paired difference is positive by more than five of its standard
   * errors. The summary sees the difference a refiner must learn, in the right direction (the
   * flatter slope and the extra edge stations both widen it).
   */
  @Test
  void theDataProfileSpreadsTheFootprintWider() {
    int n = 200;
    float[] sim = StationSpace.encode(TestEvents.airShowers(RealismProfile.sim(), n, 11));
    float[] data = StationSpace.encode(TestEvents.airShowers(RealismProfile.data(), n, 11));
    AirShowerSummary summary = new AirShowerSummary(new Grid(SIDE), StationSpace.encodeSignal(THRESHOLD_VEM));
    double sum = 0;
    double sumSq = 0;
    for (int e = 0; e < n; e++) {
      double d = summary.values(data, e)[SPREAD] - summary.values(sim, e)[SPREAD];
      sum += d;
      sumSq += d * d;
    }
    double mean = sum / n;
    double se = Math.sqrt((sumSq / n - mean * mean) / (n - 1));
    assertTrue(mean > 5 * se, "paired spread difference " + mean + " ± " + se);
  }
}
