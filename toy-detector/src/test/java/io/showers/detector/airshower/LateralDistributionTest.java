package io.showers.detector.airshower;

import static io.showers.detector.airshower.ArraySupport.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/** The lateral distribution S(r) of simulated showers, and the muon/EM balance of the model. */
class LateralDistributionTest {
  final AirShowerSimulator fast = new AirShowerSimulator(ARRAY, AirShowerSimulator.Options.fast());

  /** Fitted d ln⟨S⟩ / d ln r over 600–1800 m (log bins; S well above threshold at 30 EeV). */
  static double[] slope(AirShowerEvents ev) {
    int bins = 8;
    double lo = Math.log(600);
    double hi = Math.log(1800);
    double[] sum = new double[bins];
    int[] cnt = new int[bins];
    for (int k = 0; k < ev.size(); k++) {
      for (int i = 0; i < STATIONS; i++) {
        double r = axisDistance(ev, k, i);
        int b = (int) ((Math.log(r) - lo) / (hi - lo) * bins);
        if (r > 0 && b >= 0 && b < bins) {
          float s = signal(ev, k, i);
          sum[b] += Float.isNaN(s) ? 0 : s;
          cnt[b]++;
        }
      }
    }
    SimpleRegression fit = new SimpleRegression();
    for (int b = 0; b < bins; b++) {
      fit.addData(lo + (b + 0.5) * (hi - lo) / bins, Math.log(sum[b] / cnt[b]));
    }
    return new double[] {fit.getSlope(), fit.getSlopeStdErr()};
  }

  @Test
  void signalFallsWithCoreDistanceWithAPlausibleSlope() {
    double[] vertical = slope(run(fast, fixed(300, 30, 15, 1, 11), 1));
    double[] inclined = slope(run(fast, fixed(300, 30, 55, 1, 12), 2));
    System.out.printf("LDF slope 600–1800 m at 30 EeV: %.3f ± %.3f (15°), %.3f ± %.3f (55°)%n",
        vertical[0], vertical[1], inclined[0], inclined[1]);
    // measured LDFs at 1000 m: slope −3 … −4 (Auger NKG β ≈ 2, steeper near vertical)
    assertTrue(vertical[0] > -4.5 && vertical[0] < -3.0, "vertical LDF slope " + vertical[0]);
    assertTrue(inclined[0] > -4.0 && inclined[0] < -2.2, "inclined LDF slope " + inclined[0]);
    // older (inclined) showers are muon-rich and flatter
    assertTrue(inclined[0] - vertical[0] > 3 * Math.hypot(vertical[1], inclined[1]),
        "flatter at 55° (" + inclined[0] + ") than at 15° (" + vertical[0] + ")");
  }

  @Test
  void emToMuonRatioFallsWithZenith() {
    ShowerModel model = new ShowerModel(ARRAY.altitudeM());
    double previous = Double.POSITIVE_INFINITY;
    for (double deg = 0; deg <= 60; deg += 10) {
      double cos = Math.cos(Math.toRadians(deg));
      double dX = model.groundSlantDepth(cos) - XmaxModel.mean(1, 10);
      double ratio = ShowerModel.emSize(10, dX) / ShowerModel.muonSize(10, 1, dX);
      // flat while the maximum is within 100 g/cm² of the ground, then falling
      assertTrue(dX <= ShowerModel.REFERENCE_DX ? ratio <= previous : ratio < previous, "EM/μ at 1000 m falls with zenith: " + ratio + " at " + deg + "°");
      previous = ratio;
    }
    double vertical = emToMuonAt(0);
    double inclined = emToMuonAt(60);
    assertTrue(vertical > 1.0 && vertical < 2.0, "EM/μ at 1000 m, vertical: " + vertical);
    assertTrue(inclined > 0.2 && inclined < 0.7, "EM/μ at 1000 m, 60°: " + inclined);
  }

  static double emToMuonAt(double deg) {
    ShowerModel model = new ShowerModel(ARRAY.altitudeM());
    double dX = model.groundSlantDepth(Math.cos(Math.toRadians(deg))) - XmaxModel.mean(1, 10);
    return ShowerModel.emSize(10, dX) / ShowerModel.muonSize(10, 1, dX);
  }

  /**
   * The same from simulated particles: a simulation with the EM component only (muonScale →
   * tiny) against the full one gives the EM share of S at 1000 m; it falls with zenith.
   */
  @Test
  void simulatedEmShareFallsWithZenith() {
    RealismProfile noMuons = RealismProfile.sim().withMuonScale(1e-6);
    AirShowerSimulator full = fast;
    AirShowerSimulator em = new AirShowerSimulator(ARRAY, AirShowerSimulator.Options.fast().withRealism(noMuons));
    double[] share = new double[2];
    double[] zen = {10, 55};
    for (int z = 0; z < 2; z++) {
      AirShowerPrimaries p = fixed(300, 30, zen[z], 1, 20 + z);
      double sAll = ScalingTest.meanSignalAt1000(run(full, p, 3))[0];
      double sEm = ScalingTest.meanSignalAt1000(run(em, p, 3))[0];
      share[z] = sEm / sAll;
    }
    System.out.printf("EM share of S(1000): %.3f at 10°, %.3f at 55°; model EM/μ %.2f (0°), %.2f (60°)%n",
        share[0], share[1], emToMuonAt(0), emToMuonAt(60));
    assertTrue(share[0] > 0.5 && share[1] < 0.45 && share[1] < share[0] - 0.15,
        "EM share of S(1000): " + share[0] + " at 10°, " + share[1] + " at 55°");
  }
}
