package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.Realism;
import org.junit.jupiter.api.Test;

class RefinerTrainingTest {

  static RefinerTraining.Settings fast(int steps) {
    RefinerTraining.Settings d = RefinerTraining.Settings.defaults();
    return new RefinerTraining.Settings(steps, d.batchSize(), d.criticSteps(), d.lambda(), Double.parseDouble(System.getProperty("refine.alpha", "1")),
        Double.parseDouble(System.getProperty("refine.lr", "1e-3")), Double.parseDouble(System.getProperty("refine.lrc", "5e-4")), d.refinerHidden(), d.criticHidden(), d.bufferSize(), d.criticPretrain(), Boolean.getBoolean("refine.cells"), 3);
  }

  @Test
  void recoversAKnownScaleDistortion() {
    CalorimeterEvents sim = TestEvents.calorimeter(Realism.SIM, 1500, 11, 20, 50, 90);
    CalorimeterEvents data = TestEvents.scaled(TestEvents.calorimeter(Realism.SIM, 1500, 12, 20, 50, 90), 0.9);
    long t = System.nanoTime();
    CalorimeterRefiner r = RefinerTraining.train(TestEvents.CONFIG, sim, data, fast(Integer.getInteger("refine.steps", 300)),
        s -> { if (s.step() % 25 == 0) System.out.printf("step %d W=%.4f GP=%.4f |f|=%.5f%n", s.step(), s.wasserstein(), s.penalty(), s.meanAbsCorrection()); });
    System.out.printf("train %.1f s%n", (System.nanoTime() - t) / 1e9);
    CalorimeterEvents test = TestEvents.calorimeter(Realism.SIM, 500, 13, 20, 50, 90);
    CalorimeterEvents refined = r.apply(test);
    double ratio = TestEvents.meanTotal(refined) / TestEvents.meanTotal(test);
    double expected = TestEvents.meanTotal(TestEvents.scaled(test, 0.9)) / TestEvents.meanTotal(test);
    System.out.printf("ratio refined/sim %.4f, expected %.4f%n", ratio, expected);
    assertEquals(expected, ratio, 0.03);
  }
}
