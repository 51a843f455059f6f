package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerDataset;
import io.showers.datasets.ShowerFileWriter;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.Realism;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefinementFilesTest {
  @TempDir Path dir;

  private Path write(String name, CalorimeterConfig cfg, CalorimeterEvents e, long seed) {
    Path p = dir.resolve(name);
    ShowerFileWriter.write(p, e, FileMetadata.of(cfg, "{\"name\":\"calorimeter-gflash\"}", seed, 100), false);
    return p;
  }

  @Test
  void applyWritesAValidFileWithIdenticalLabelsAndPhysicalCells() throws Exception {
    Path sim = write("sim.h5", TestEvents.CONFIG, TestEvents.calorimeter(Realism.SIM, 400, 41, 20, 50), 41);
    Path data = write("data.h5", TestEvents.CONFIG, TestEvents.calorimeter(Realism.DATA, 400, 42, 20, 50), 42);
    Path model = dir.resolve("refiner");
    CalorimeterRefiner trained = (CalorimeterRefiner) Refinement.train(List.of(sim), List.of(data),
        RefinerTraining.Settings.defaults().withSteps(20), model, false, null);
    assertEquals(20, trained.training().path("steps").asInt());
    // a second train without --force is refused
    IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> Refinement.train(List.of(sim),
        List.of(data), RefinerTraining.Settings.defaults().withSteps(1), model, false, null));
    assertTrue(again.getMessage().contains("already holds a refiner"), again.getMessage());

    // load round trip gives the same refinement
    CalorimeterRefiner loaded = CalorimeterRefiner.load(model);
    CalorimeterEvents in = TestEvents.calorimeter(Realism.SIM, 50, 43, 20, 50);
    assertArrayEquals(trained.apply(in).showersMip(), loaded.apply(in).showersMip());

    Path out = dir.resolve("refined.h5");
    Refinement.Applied a = Refinement.apply(model, sim, out, false, n -> {});
    assertEquals(400, a.events());
    try (ShowerDataset s = ShowerDataset.open(sim); ShowerDataset r = ShowerDataset.open(out)) {
      CalorimeterEvents e = (CalorimeterEvents) s.readAll();
      CalorimeterEvents f = (CalorimeterEvents) r.readAll();
      assertEquals(s.detector(), r.detector());
      assertEquals(s.metadata().seed(), r.metadata().seed());
      assertEquals(s.metadata().firstEvent(), r.metadata().firstEvent());
      assertTrue(r.metadata().producer().contains("showers-refiner"), r.metadata().producer());
      assertTrue(r.metadata().producer().contains("calorimeter-gflash"), r.metadata().producer());
      assertArrayEquals(e.incidentEnergyGeV(), f.incidentEnergyGeV());
      assertArrayEquals(e.impactMm(), f.impactMm());
      assertArrayEquals(e.particlePdg(), f.particlePdg());
      boolean[] dead = loaded.deadCells();
      for (int i = 0; i < f.showersMip().length; i++) {
        float v = f.showersMip()[i];
        assertTrue(v == 0 || v >= TestEvents.CONFIG.thresholdMip(), "cell " + i + " = " + v);
        if (dead[i % f.cells()]) {
          assertEquals(0f, v, "dead cell " + i);
        }
      }
    }
  }

  @Test
  void badInputsGiveOneLineErrors() throws Exception {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> CalorimeterRefiner.load(dir.resolve("nothing")));
    assertTrue(missing.getMessage().contains("no such refiner directory"), missing.getMessage());
    assertEquals(1, missing.getMessage().lines().count());

    CalorimeterRefiner r = CalorimeterRefiner.initialise(TestEvents.CONFIG,
        new CellSpace(8.0, 11), new int[] {8},
        new boolean[TestEvents.CONFIG.cells()], true, 1);
    Path model = dir.resolve("m");
    r.save(model);
    CalorimeterConfig other = new CalorimeterConfig("W", new double[] {2.4, 2.4, 2.4}, 300.0, 12, 15, 10.0, 2.0);
    CalorimeterEvents ev = TestEvents.calorimeter(Realism.SIM, 5, 1, 50);
    CalorimeterEvents small = new CalorimeterEvents(5, 3, 12, 15,
        java.util.Arrays.copyOf(ev.showersMip(), 5 * other.cells()), ev.incidentEnergyGeV(), ev.impactMm(), ev.particlePdg());
    Path f = write("other.h5", other, small, 1);
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> Refinement.apply(model, f, dir.resolve("o.h5"), false, n -> {}));
    assertTrue(wrong.getMessage().contains("differs from the refiner's"), wrong.getMessage());
    assertEquals(1, wrong.getMessage().lines().count());
  }
}
