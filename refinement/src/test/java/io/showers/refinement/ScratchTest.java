package io.showers.refinement;
import io.showers.detector.calorimeter.*;
import org.junit.jupiter.api.Test;
class ScratchTest {
  @Test void stats() {
    for (long seed = 11; seed < 16; seed++) {
      CalorimeterEvents e = TestEvents.calorimeter(Realism.SIM, 1500, seed, 50);
      CalorimeterEvents f = TestEvents.calorimeter(Realism.SIM, 3000, seed, 50).slice(1500, 3000);
      System.out.printf("seed %d mean %.1f second half %.1f%n", seed, TestEvents.meanTotal(e), TestEvents.meanTotal(f));
    }
  }
}
