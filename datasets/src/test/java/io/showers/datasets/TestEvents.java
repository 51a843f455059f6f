package io.showers.datasets;

import io.showers.detector.ConditionSampler;
import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.detector.Seeds;
import io.showers.detector.ShowerGenerator;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/** Synthetic events with known values for I/O tests (no physics intended). */
final class TestEvents {
  private TestEvents() {}

  static AirShowerEvents airShower(int n, boolean traces, long seed) {
    ArrayConfig cfg = ArrayConfig.defaults();
    AirShowerEvents e = AirShowerEvents.allocate(n, cfg.stationsPerSide(), cfg.traceBins(), traces);
    UniformRandomProvider rng = Seeds.rng(seed);
    for (int i = 0; i < e.signalVem().length; i++) {
      if (rng.nextDouble() < 0.3) {
        e.signalVem()[i] = (float) (3 + 100 * rng.nextDouble());
        e.timeUs()[i] = (float) (5 * rng.nextDouble());
      }
    }
    if (traces) {
      for (int i = 0; i < e.tracesVem().length; i++) {
        e.tracesVem()[i] = (float) rng.nextDouble();
      }
    }
    for (int k = 0; k < n; k++) {
      e.energyEeV()[k] = (float) (3 + 97 * rng.nextDouble());
      e.showerAxis()[3 * k + 2] = 1f;
      e.showerCoreM()[2 * k] = (float) (100 * rng.nextDouble());
      e.showerCoreM()[2 * k + 1] = (float) (-100 * rng.nextDouble());
      e.xmaxGcm2()[k] = (float) (700 + 100 * rng.nextDouble());
      e.massA()[k] = k % 2 == 0 ? 1f : 56f;
    }
    return e;
  }

  static CalorimeterEvents calorimeter(int n, long seed) {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterEvents e = CalorimeterEvents.allocate(n, cfg.layers(), cfg.rows(), cfg.cols());
    UniformRandomProvider rng = Seeds.rng(seed);
    for (int i = 0; i < e.showersMip().length; i++) {
      e.showersMip()[i] = rng.nextDouble() < 0.2 ? (float) (2 + 500 * rng.nextDouble()) : 0f;
    }
    for (int k = 0; k < n; k++) {
      e.incidentEnergyGeV()[k] = 20 + 10 * (k % 5);
      e.impactMm()[2 * k] = (float) (rng.nextDouble() - 0.5);
      e.impactMm()[2 * k + 1] = (float) (rng.nextDouble() - 0.5);
      e.particlePdg()[k] = 11;
    }
    return e;
  }

  static FileMetadata meta(DetectorConfig cfg) {
    return FileMetadata.of(cfg, Json.write(Map.of("name", "test")), 42L, 0L);
  }

  /** Uniform beam labels: energy from the event's label stream. */
  static final ConditionSampler<CalorimeterBeam> BEAM = new ConditionSampler<>() {
    @Override
    public CalorimeterBeam sample(long seed, long first, int n) {
      CalorimeterBeam b = CalorimeterBeam.allocate(n);
      for (int k = 0; k < n; k++) {
        UniformRandomProvider rng = Seeds.rng(Seeds.labels(seed, first + k));
        b.energyGeV()[k] = (float) (10 + 90 * rng.nextDouble());
        b.particlePdg()[k] = 11;
      }
      return b;
    }

    @Override
    public String describe() {
      return "{}";
    }
  };

  /** A toy generator: cell energies from each event's own stream, scaled with energy. */
  static final ShowerGenerator<CalorimeterBeam, CalorimeterEvents> TOY =
      new ShowerGenerator<>() {
        @Override
        public DetectorConfig detector() {
          return CalorimeterConfig.defaults();
        }

        @Override
        public String producer() {
          return "{\"name\":\"toy\"}";
        }

        @Override
        public CalorimeterEvents generate(CalorimeterBeam c, long seed, long first) {
          CalorimeterConfig cfg = CalorimeterConfig.defaults();
          CalorimeterEvents e = CalorimeterEvents.allocate(c.size(), cfg.layers(), cfg.rows(), cfg.cols());
          int cells = cfg.cells();
          for (int k = 0; k < c.size(); k++) {
            UniformRandomProvider rng = Seeds.rng(Seeds.event(seed, first + k));
            for (int i = 0; i < cells; i++) {
              e.showersMip()[k * cells + i] = (float) (c.energyGeV()[k] * rng.nextDouble());
            }
            e.incidentEnergyGeV()[k] = c.energyGeV()[k];
            e.particlePdg()[k] = c.particlePdg()[k];
          }
          return e;
        }
      };
}
