package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.Realism;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downstream proof on sim vs the simulator's "data" profile. By default a small, fast run that
 * checks the report is complete; {@code -Drefine.events=3000 -Drefine.steps=600} gives the
 * measurement quoted in the notes (printed).
 */
class DownstreamEvaluationTest {
  @TempDir Path dir;

  @Test
  void threeWayEnergyRegressionReport() throws Exception {
    int n = Integer.getInteger("refine.events", 600);
    int steps = Integer.getInteger("refine.steps", 60);
    double[] energies = {10, 20, 30, 50, 70, 90};
    CalorimeterEvents simTrain = TestEvents.calorimeter(Realism.SIM, n, 31, energies);
    CalorimeterEvents dataTrain = TestEvents.calorimeter(Realism.DATA, n, 32, energies);
    long t = System.nanoTime();
    CalorimeterRefiner r = RefinerTraining.train(TestEvents.CONFIG, simTrain, dataTrain,
        RefinerTraining.Settings.defaults().withSteps(steps).withSeed(5), null);
    double trainS = (System.nanoTime() - t) / 1e9;
    CalorimeterEvents sim = TestEvents.calorimeter(Realism.SIM, n, 33, energies);
    if (sim.size() >= 1000) {
      CalorimeterEvents b = sim.slice(0, 1000);
      r.apply(b);
      long a0 = System.nanoTime();
      for (int k = 0; k < 3; k++) {
        r.apply(b);
      }
      System.out.printf("apply at batch 1000: %.4f ms/event%n", (System.nanoTime() - a0) / 1e6 / 3000);
    }
    CalorimeterEvents data = TestEvents.calorimeter(Realism.DATA, n, 34, energies);
    RefinementEvaluation.Result res = RefinementEvaluation.run(r, sim, data, 7, x -> {});
    RefinementEvaluation.write(res, dir, "test run");
    String md = Files.readString(dir.resolve("report.md"));
    System.out.printf("train %.1f s (%d events each, %d steps), dead cells found %d%n", trainS, n, steps, r.deadCellCount());
    System.out.println(md);
    assertEquals(3, res.responses().size());
    assertTrue(Files.size(dir.resolve("response.png")) > 1000);
    assertTrue(md.contains("Gap closure"));
    for (RefinementEvaluation.Response x : res.responses()) {
      assertTrue(Double.isFinite(x.bias()) && Double.isFinite(x.resolution()), x.toString());
    }
    // per-energy means: the data profile's 4 % lower response shows in every group's e_total
    // (100 showers per group: the mean over six groups has a standard error near 0.6 %)
    assertTrue(md.contains("Means per energy group"));
    double[][] eTotal = res.groupMeans().get("e_total");
    assertEquals(energies.length, eTotal.length);
    double shift = 0;
    for (double[] g : eTotal) {
      assertTrue(Double.isFinite(g[1]), "refined mean");
      shift += (g[2] / g[0] - 1) / eTotal.length;
    }
    assertEquals(-0.04, shift, 0.02, "data / simulation - 1 of the mean total, averaged over energies");
  }
}
