package io.showers.benchmarks.quality;

import io.showers.datasets.testing.SyntheticEvents;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The goal of issue 6: a full evaluation of 10 000 vs 10 000 events on the default detectors.
 * Runs only with SHOWERS_FULL_EVAL=/some/dir set (minutes); prints the timing.
 */
@EnabledIfEnvironmentVariable(named = "SHOWERS_FULL_EVAL", matches = ".+")
class FullEvaluationTiming {
  static final int N = 10_000;

  @Test
  void calorimeter() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterEvents ref = SyntheticEvents.calorimeter(cfg, N, 1, SyntheticEvents.HGCAL_ENERGIES);
    CalorimeterEvents cand = SyntheticEvents.calorimeter(cfg, N, 2, SyntheticEvents.HGCAL_ENERGIES);
    for (int i = 0; i < cand.showersMip().length; i++) {
      cand.showersMip()[i] *= 1.05f;
    }
    run(ref, cfg, cand, "calorimeter");
  }

  @Test
  void airshower() {
    ArrayConfig cfg = ArrayConfig.defaults();
    AirShowerEvents ref = SyntheticEvents.airShower(cfg, N, 1, 0);
    AirShowerEvents cand = SyntheticEvents.airShower(cfg, N, 2, 0.05);
    run(ref, cfg, cand, "airshower");
  }

  private static void run(io.showers.detector.EventBatch ref, io.showers.detector.DetectorConfig cfg,
      io.showers.detector.EventBatch cand, String name) {
    Path dir = Path.of(System.getenv("SHOWERS_FULL_EVAL"), name);
    AtomicLong work = new AtomicLong();
    long t = System.nanoTime();
    QualityReport.Summary s = QualityReport.write(ref, cfg, cand, cfg, dir, QualityReport.Options.defaults(),
        work::addAndGet);
    System.out.printf("%s: %.1f s total, steps %s, %d work units%n", name, (System.nanoTime() - t) / 1e9,
        s.seconds(), work.get());
  }
}
