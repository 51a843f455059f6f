package io.showers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerDataset;
import io.showers.datasets.ShowerFileWriter;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.ParametrisedCalorimeter;
import io.showers.detector.calorimeter.Realism;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefineCommandTest {
  @TempDir Path dir;

  private Path file(String name, Realism realism, int n, long seed) {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterBeam beam = new BeamSampler(CalorimeterBeam.ELECTRON, BeamEnergies.list(20, 50, 90), BeamSpot.pencil())
        .sample(seed, 0, n);
    ParametrisedCalorimeter sim = new ParametrisedCalorimeter(cfg, realism);
    Path p = dir.resolve(name);
    ShowerFileWriter.write(p, sim.generate(beam, seed), FileMetadata.of(cfg, sim.producer(), seed, 0), false);
    return p;
  }

  @Test
  void trainApplyEvaluate() {
    Path sim = file("sim.h5", Realism.SIM, 300, 1);
    Path data = file("data.h5", Realism.DATA, 300, 2);
    Path model = dir.resolve("refiner");
    CliTestSupport.Run r = CliTestSupport.run("refine", "train", "--sim", sim.toString(), "--data", data.toString(),
        "-o", model.toString(), "--steps", "10", "--seed", "3");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.exists(model.resolve("refiner.json")));
    r = CliTestSupport.run("refine", "train", "--sim", sim.toString(), "--data", data.toString(), "-o", model.toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("already holds a refiner; use --force"), r.err());

    Path out = dir.resolve("refined.h5");
    r = CliTestSupport.run("refine", "apply", "--model", model.toString(), "--in", sim.toString(), "-o", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    try (ShowerDataset d = ShowerDataset.open(out)) {
      assertEquals(300, d.size());
      assertTrue(d.metadata().producer().contains("showers-refiner"));
    }
    r = CliTestSupport.run("refine", "apply", "--model", model.toString(), "--in", sim.toString(), "-o", out.toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("already exists; use --force"), r.err());

    r = CliTestSupport.run("refine", "apply", "--model", dir.resolve("none").toString(), "--in", sim.toString(),
        "-o", dir.resolve("x.h5").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("no such refiner directory"), r.err());

    Path sim2 = file("sim2.h5", Realism.SIM, 300, 3);
    Path data2 = file("data2.h5", Realism.DATA, 300, 4);
    Path report = dir.resolve("report");
    r = CliTestSupport.run("refine", "evaluate", "--model", model.toString(), "--sim", sim2.toString(),
        "--data", data2.toString(), "-o", report.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("gap closure"), r.out());
    assertTrue(Files.exists(report.resolve("report.md")) && Files.exists(report.resolve("response.png")));
  }
}
