package io.showers.datasets.observables;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.metrics.FrechetDistance;
import io.showers.datasets.metrics.KernelDistance;
import io.showers.datasets.metrics.ObservableMetric;
import io.showers.datasets.metrics.PhysicsDistances;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.AirShowerSimulator;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.airshower.PrimarySampler;
import io.showers.detector.airshower.RealismProfile;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.ParametrisedCalorimeter;
import io.showers.detector.calorimeter.Realism;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics on the project's own simulators (fast modes): same simulator vs itself, sim vs data-like. */
class SimulatorSamplesTest {
  static final int N = 2500;
  static final FrechetDistance.Options FPD = new FrechetDistance.Options(0, 0, 10, 10, 1);
  static final KernelDistance.Options KPD = KernelDistance.Options.defaults();

  private static Observables air(RealismProfile realism, long seed) {
    ArrayConfig cfg = ArrayConfig.defaults();
    AirShowerSimulator sim = new AirShowerSimulator(cfg, AirShowerSimulator.Options.fast().withRealism(realism));
    AirShowerEvents ev = sim.generate(new PrimarySampler(PrimarySampler.Options.defaults()).sample(seed, 0, N), seed);
    return AirShowerObservables.compute(ev, cfg);
  }

  private static void assertSame(Observables a, Observables b) {
    for (ObservableMetric m : ObservableMetric.compare(a, b)) {
      assertTrue(m.separationPower() < 4 * m.separationNoise() + 1e-3,
          m.name() + " sp " + m.separationPower() + " noise " + m.separationNoise());
    }
    PhysicsDistances d = PhysicsDistances.compute(a, b, FPD, KPD);
    assertTrue(d.fpd().value() <= 3 * d.fpd().error() + 2 * d.fpd().floor(),
        "fpd " + d.fpd().value() + " ± " + d.fpd().error() + " floor " + d.fpd().floor());
    assertTrue(Math.abs(d.kpd().value()) <= 3 * d.kpd().error() + 1e-6, "kpd " + d.kpd().value() + " ± " + d.kpd().error());
  }

  @Test
  void fastAirShowerSimulatorAgainstItselfAndAgainstDataLike() {
    Observables a = air(RealismProfile.sim(), 1);
    assertSame(a, air(RealismProfile.sim(), 2));
    Observables data = air(RealismProfile.data(), 3);
    List<ObservableMetric> ms = ObservableMetric.compare(a, data);
    ObservableMetric top = ms.stream().filter(m -> !m.kind().isLabel())
        .max(Comparator.comparingDouble(ObservableMetric::separationPower)).orElseThrow();
    assertTrue(top.separationPower() > 5 * top.separationNoise(), top.name() + " " + top.separationPower());
    PhysicsDistances d = PhysicsDistances.compute(a, data, FPD, KPD);
    assertTrue(d.fpd().value() > 5 * d.fpd().error() + 2 * d.fpd().floor(), "fpd " + d.fpd());
    assertTrue(d.kpd().value() > 3 * d.kpd().error(), "kpd " + d.kpd().value() + " ± " + d.kpd().error());
  }

  @Test
  void parametrisedCalorimeterAgainstItself() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    ParametrisedCalorimeter sim = new ParametrisedCalorimeter(cfg, Realism.fromId("sim"));
    BeamSampler beam = new BeamSampler(11, BeamEnergies.list(20, 32, 50, 80, 90), BeamSpot.parse("gaussian:5"));
    Observables a = CalorimeterObservables.compute(sim.generate(beam.sample(1, 0, N), 1), cfg);
    Observables b = CalorimeterObservables.compute(sim.generate(beam.sample(2, 0, N), 2), cfg);
    assertSame(a, b);
  }
}
