package io.showers.detector.airshower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.showers.detector.Seeds;
import org.junit.jupiter.api.Test;

class TankGeometryTest {
  final TankGeometry tank = new TankGeometry(10.0, 1.2);

  @Test
  void verticalMuonIsOneVem() {
    RandomDraws d = new RandomDraws(Seeds.rng(1));
    for (int i = 0; i < 100; i++) {
      assertEquals(1.0, tank.sampleMuonVem(d, 1.0, 0.0), 1e-12);
    }
  }

  /** Sampled single-muon signals: mean V/(A⊥ h) exactly and the tabulated second moment, within 5σ. */
  @Test
  void inclinedMuonsHaveTheGeometricMoments() {
    RandomDraws d = new RandomDraws(Seeds.rng(2));
    int n = 100_000;
    for (double deg : new double[] {20, 45, 60, 80}) {
      double t = Math.toRadians(deg);
      double c = Math.cos(t);
      double s = Math.sin(t);
      double sum = 0;
      double sum2 = 0;
      double sum4 = 0;
      for (int i = 0; i < n; i++) {
        double q = tank.sampleMuonVem(d, c, s);
        sum += q;
        sum2 += q * q;
        sum4 += q * q * q * q;
      }
      double m = sum / n;
      double m2 = sum2 / n;
      double sdMean = Math.sqrt((m2 - m * m) / n);
      double sdM2 = Math.sqrt((sum4 / n - m2 * m2) / n);
      assertEquals(tank.meanMuonVem(c, s), m, 5 * sdMean, "mean track length at " + deg + "°");
      assertEquals(tank.secondMomentMuonVem2(t), m2, 5 * sdM2 + 2e-3 * m2, "second moment at " + deg + "°");
      // the mean muon signal per tank is the same at every zenith for a fixed density per m² ⊥ axis
      assertEquals(tank.topAreaM2(), tank.projectedAreaM2(c, s) * tank.meanMuonVem(c, s), 1e-9);
    }
  }
}
