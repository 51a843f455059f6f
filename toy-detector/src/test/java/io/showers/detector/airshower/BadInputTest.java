package io.showers.detector.airshower;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid settings fail early with one line that names the value and what was expected. */
class BadInputTest {

  static void fails(Executable e, String... mentions) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    String m = x.getMessage();
    assertTrue(!m.contains("\n"), "one line: " + m);
    for (String s : mentions) {
      assertTrue(m.contains(s), "message '" + m + "' should mention '" + s + "'");
    }
  }

  static PrimarySampler.Options defaults() {
    return PrimarySampler.Options.defaults();
  }

  @Test
  void energyRange() {
    fails(() -> defaults().withEnergyRange(0.05, 100), "0.05", "0.1", "1000");
    fails(() -> defaults().withEnergyRange(3, 2000), "2000", "1000");
    fails(() -> defaults().withEnergyRange(30, 30), "30", "min < max");
    fails(() -> defaults().withEnergyRange(50, 10), "50", "min < max");
    fails(() -> defaults().withEnergyRange(Double.NaN, 10), "NaN");
    fails(() -> PrimarySampler.Options.parseEnergyRange("3"), "'3'", "3:100");
    fails(() -> PrimarySampler.Options.parseEnergyRange("a:b"), "a:b");
  }

  @Test
  void zenithAndCore() {
    fails(() -> defaults().withMaxZenithDeg(95), "95", "90");
    fails(() -> defaults().withMaxZenithDeg(0), "0.0", "90");
    fails(() -> defaults().withCoreRadiusM(-1), "-1", ">= 0");
  }

  @Test
  void spectrum() {
    fails(() -> EnergySpectrum.parse("gauss"), "gauss", "log-uniform", "power:");
    fails(() -> EnergySpectrum.parse("power:x"), "'x'", "power:<γ>");
    fails(() -> EnergySpectrum.parse("power:7"), "7", "0 … 5");
    fails(() -> EnergySpectrum.powerLaw(-1), "-1", "0 … 5");
  }

  @Test
  void composition() {
    fails(() -> Composition.parse("p:0.5,Xe:0.5"), "Xe", "p, He, N or Fe");
    fails(() -> Composition.parse("p:-0.1,Fe:1"), "-0.1", ">= 0");
    fails(() -> Composition.parse("p:0,Fe:0"), "all fractions are 0");
    fails(() -> Composition.parse("p=1"), "p=1", "species:fraction");
    fails(() -> Composition.parse("p:x"), "'x'");
    fails(() -> Composition.parse("p:1,p:2"), "twice");
    fails(() -> Composition.pure(7), "7", "56");
  }

  @Test
  void simulatorOptions() {
    fails(() -> AirShowerSimulator.Mode.parse("slow"), "slow", "reference or fast");
    fails(() -> RealismProfile.parse("real"), "real", "sim or data");
    fails(() -> new AirShowerSimulator.Options(AirShowerSimulator.Mode.FAST, RealismProfile.sim(), true, false),
        "traces", "reference");
    fails(() -> RealismProfile.data().withMuonScale(0), "muonScale", "0.0");
    fails(() -> new AirShowerSimulator(new ArrayConfig(1, 750, 1400, 10, 1.2, 80, 25, 3, 400),
        AirShowerSimulator.Options.fast()), "stationsPerSide", "1");
  }
}
