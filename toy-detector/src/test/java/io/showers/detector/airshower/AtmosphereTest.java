package io.showers.detector.airshower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AtmosphereTest {
  final Atmosphere atm = Atmosphere.usStandard();

  @Test
  void knownDepths() {
    assertEquals(1036.1, atm.verticalDepth(0), 0.1, "sea level");
    assertEquals(875.5, atm.verticalDepth(1400), 1.0, "array altitude ≈ 880 g/cm²");
    assertEquals(0.0, atm.verticalDepth(Atmosphere.TOP_M), 1e-9, "top of the atmosphere");
    // about half of the atmosphere lies below 5.5 km
    assertEquals(0.5, atm.verticalDepth(5500) / atm.verticalDepth(0), 0.02);
  }

  @Test
  void continuousAndMonotonicAcrossLayers() {
    double previous = Double.POSITIVE_INFINITY;
    for (double h = 0; h < Atmosphere.TOP_M; h += 50) {
      double x = atm.verticalDepth(h);
      assertTrue(x < previous, "depth falls with altitude at " + h + " m");
      previous = x;
    }
    // the published (rounded) Linsley constants leave steps below 0.001 g/cm² at the boundaries
    for (double b : new double[] {4000, 10_000, 40_000, 100_000}) {
      assertEquals(atm.verticalDepth(b - 1e-6), atm.verticalDepth(b + 1e-6), 2e-3, "continuous at " + b + " m");
    }
  }

  @Test
  void altitudeInvertsDepth() {
    for (double h = 0; h < 112_000; h += 737) {
      assertEquals(h, atm.altitude(atm.verticalDepth(h)), 1e-6 * Math.max(1, h), "round trip at " + h + " m");
    }
  }

  @Test
  void densityIsMinusTheDerivativeOfDepth() {
    for (double h : new double[] {100, 1400, 5000, 20_000, 60_000}) {
      double numeric = (atm.verticalDepth(h - 1) - atm.verticalDepth(h + 1)) / 2;
      assertEquals(numeric, atm.densityPerM(h), 1e-6 * numeric + 1e-12, "at " + h + " m");
    }
    // 1.2 mg/cm³ at sea level = 0.12 g/cm² per metre
    assertEquals(0.12, atm.densityPerM(0), 0.01);
  }

  @Test
  void flatEarthSlantDepthGoodTo60Degrees() {
    for (double deg = 0; deg <= 60; deg += 10) {
      double t = Math.toRadians(deg);
      double flat = atm.slantDepth(1400, t);
      double curved = atm.slantDepthCurvedEarth(1400, t);
      assertEquals(1.0, flat / curved, 0.005, "flat vs spherical earth at " + deg + "°");
    }
    // and it fails near the horizon, which is why zenith is limited
    double t = Math.toRadians(85);
    assertTrue(atm.slantDepth(1400, t) / atm.slantDepthCurvedEarth(1400, t) > 1.1);
  }
}
