package io.showers.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import org.junit.jupiter.api.Test;

/** The refiner benchmark's state without JMH: a trained refiner that really changes the events. */
class RefinerApplicationBenchmarkTest {
  @Test
  void setUpTrainsARefinerAndTheBenchmarkRefinesTheBatch() {
    RefinerApplicationBenchmark b = new RefinerApplicationBenchmark();
    b.batch = 50;
    b.setUp();
    CalorimeterEvents in = RefinerApplicationBenchmark.simulate(io.showers.detector.calorimeter.Realism.SIM, 50, 3L);
    CalorimeterEvents out = b.refineBatch();
    assertEquals(50, out.size());
    assertArrayEquals(in.incidentEnergyGeV(), out.incidentEnergyGeV());
    assertNotEquals(java.util.Arrays.hashCode(in.showersMip()), java.util.Arrays.hashCode(out.showersMip()),
        "the refiner changes cells");
    double threshold = CalorimeterConfig.defaults().thresholdMip();
    for (float v : out.showersMip()) {
      assertTrue(v == 0 || v >= threshold, "cell " + v);
    }
    // deterministic: the same seed trains the same refiner
    assertArrayEquals(out.showersMip(), RefinerApplicationBenchmark.tinyRefiner(1L).apply(in).showersMip());
  }
}
