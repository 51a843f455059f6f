package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.Realism;
import org.junit.jupiter.api.Test;

class RefinerTrainingTest {

  static RefinerTraining.Settings fast(int steps) {
    return RefinerTraining.Settings.defaults().withSteps(steps).withLearningRate(1e-3).withSeed(3);
  }

  /**
   * An empty calorimeter cell next to the shower starts at the deposit its layer's transverse
   * profile predicts (log-encoded cells falling linearly towards the edge: an exponential
   * profile), capped just under the threshold since the simulation suppressed it; a cell with no
   * pair of hits in line starts at 0.
   */
  @Test
  void anEmptyCellStartsAtTheTransverseProfileUnderTheThreshold() {
    io.showers.detector.calorimeter.CalorimeterConfig cfg = TestEvents.CONFIG;
    CalorimeterRefiner r = CalorimeterRefiner.initialise(cfg,
        new CellSpace(8.0, 11), new int[] {8},
        new boolean[cfg.cells()], true, 1);
    int perLayer = cfg.rows() * cfg.cols();
    int layer = 2;
    int edge = 6;
    double slope = 0.03;
    for (double atEdge : new double[] {0.9 * r.threshold() + slope, 1.3 * r.threshold()}) {
      float[] x = new float[cfg.cells()];
      for (int row = 0; row < cfg.rows(); row++) {
        for (int col = 0; col <= edge; col++) {
          x[layer * perLayer + row * cfg.cols() + col] = (float) (atEdge + slope * (edge - col));
        }
      }
      int lone = 5 * perLayer + 4 * cfg.cols() + 4;
      x[lone] = 0.5f; // a single hit in layer 5: its neighbours have no pair in line
      UnitFeatures u = r.features(x, 1, new io.showers.generative.nn.Rng(1));
      float expected = (float) Math.min(atEdge - slope, Math.nextDown(r.threshold()));
      for (int row = 0; row < cfg.rows(); row++) {
        int cell = layer * perLayer + row * cfg.cols() + edge + 1;
        assertEquals(expected, u.base()[cell], 1e-5, "profile estimate at empty cell " + cell);
        assertTrue(u.base()[cell] < r.threshold(), "a suppressed cell starts under the threshold");
      }
      assertEquals(0f, u.base()[lone + 1], 0f, "no pair in line");
      assertEquals(0f, u.base()[layer * perLayer + edge + 2], 0f, "two steps from the edge is not refined");
    }
  }

  @Test
  void recoversAKnownScaleDistortion() {
    CalorimeterEvents sim = TestEvents.calorimeter(Realism.SIM, 1000, 11, 50);
    CalorimeterEvents data = TestEvents.scaled(TestEvents.calorimeter(Realism.SIM, 1000, 12, 50), 0.9);
    long t = System.nanoTime();
    CalorimeterRefiner r = RefinerTraining.train(TestEvents.CONFIG, sim, data, fast(150), null);
    System.out.printf("train %.1f s%n", (System.nanoTime() - t) / 1e9);
    CalorimeterEvents test = TestEvents.calorimeter(Realism.SIM, 500, 13, 50);
    CalorimeterEvents refined = r.apply(test);
    double ratio = TestEvents.meanTotal(refined) / TestEvents.meanTotal(test);
    double expected = TestEvents.meanTotal(TestEvents.scaled(test, 0.9)) / TestEvents.meanTotal(test);
    System.out.printf("ratio refined/sim %.4f, expected %.4f%n", ratio, expected);
    assertEquals(expected, ratio, 0.03);
  }

  /** Mean |R(x) - x| in model space over the cells hit in the input (cell-space units: log(1 + E/MIP) / logScale). */
  static double meanAbsChange(CalorimeterRefiner r, CalorimeterEvents e) {
    float[] x = r.cellSpace().encode(e);
    float[] y = r.refineModel(x, e.size(), 0L);
    double s = 0;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 0) {
        s += Math.abs(y[i] - x[i]);
        n++;
      }
    }
    return s / n;
  }

  @Test
  void staysNearTheIdentityWhenDataEqualsSimulation() {
    CalorimeterEvents sim = TestEvents.calorimeter(Realism.SIM, 1000, 21, 50);
    CalorimeterEvents data = TestEvents.calorimeter(Realism.SIM, 1000, 22, 50);
    CalorimeterRefiner r = RefinerTraining.train(TestEvents.CONFIG, sim, data, fast(150), null);
    CalorimeterEvents test = TestEvents.calorimeter(Realism.SIM, 500, 23, 50);
    double change = meanAbsChange(r, test);
    double ratio = TestEvents.meanTotal(r.apply(test)) / TestEvents.meanTotal(test);
    // a x0.9 response corresponds to |log 0.9| / logScale ~ 0.014 per hit cell
    double scaleShift = Math.abs(Math.log(0.9)) / r.cellSpace().logScale();
    System.out.printf("identity: mean |R(x)-x| over hit cells %.5f (x0.9 would be %.5f), energy ratio %.4f, dead %d%n",
        change, scaleShift, ratio, r.deadCellCount());
    assertEquals(0, r.deadCellCount());
    assertTrue(change < scaleShift / 2, "mean |R(x) - x| = " + change);
    assertEquals(1.0, ratio, 0.02);
  }
}
