package io.showers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerDataset;
import io.showers.datasets.ShowerFileWriter;
import io.showers.datasets.testing.SyntheticEvents;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainGenerateCommandTest {
  @TempDir Path dir;

  @Test
  void trainThenGenerateWritesTheSimulatorSchemaWithTheModelAsProducer() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterEvents events = SyntheticEvents.calorimeter(cfg, 150, 4, new double[] {20, 50, 90});
    Path train = dir.resolve("train.h5");
    ShowerFileWriter.write(train, events, FileMetadata.of(cfg, "{\"name\":\"synthetic\"}", 4, 0), false);
    Path model = dir.resolve("model");
    CliTestSupport.Run r = CliTestSupport.run("train", "--data", train.toString(), "-o", model.toString(),
        "--steps", "4", "--batch-size", "32", "--critic-steps", "2", "--generator-layers", "32",
        "--critic-layers", "32", "--noise-dim", "8", "--constrainer-steps", "10");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.exists(model.resolve("model.json")));

    r = CliTestSupport.run("train", "--data", train.toString(), "-o", model.toString(), "--steps", "4");
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("already holds a model; use --force"), r.err());

    // an option that would be ignored is refused, and nothing is written
    Path ignored = dir.resolve("ignored");
    r = CliTestSupport.run("train", "--data", train.toString(), "-o", ignored.toString(), "--steps", "4",
        "--no-radial-asymmetry");
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("--no-radial-asymmetry needs --radial-shares"), r.err());
    assertFalse(Files.exists(ignored.resolve("model.json")));
    r = CliTestSupport.run("train", "--data", train.toString(), "-o", ignored.toString(), "--steps", "4",
        "--amplitude-density");
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("--amplitude-density needs --total-density and --radial-shares"), r.err());
    assertFalse(Files.exists(ignored.resolve("model.json")));
    r = CliTestSupport.run("train", "--data", train.toString(), "-o", ignored.toString(), "--steps", "4",
        "--total-ratio-density");
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("--total-ratio-density needs --amplitude-density"), r.err());
    assertFalse(Files.exists(ignored.resolve("model.json")));

    Path out = dir.resolve("gan.h5");
    r = CliTestSupport.run("generate", "calorimeter", "--model", model.toString(), "-n", "40",
        "--energies", "20,50,90", "-o", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    try (ShowerDataset d = ShowerDataset.open(out)) {
      assertEquals(40, d.size());
      assertTrue(d.metadata().producer().contains("wgan-surrogate"), d.metadata().producer());
      assertEquals(cfg, d.detector());
    }

    r = CliTestSupport.run("generate", "calorimeter", "--model", model.toString(), "-n", "5",
        "--energy", "200", "-o", dir.resolve("x.h5").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("outside the trained range"), r.err());
    assertFalse(Files.exists(dir.resolve("x.h5")));

    r = CliTestSupport.run("generate", "airshower", "--model", model.toString(), "-n", "5",
        "-o", dir.resolve("y.h5").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("a calorimeter model, expected a airshower model"), r.err());

    r = CliTestSupport.run("generate", "calorimeter", "--model", dir.resolve("missing").toString(), "-n", "5",
        "-o", dir.resolve("z.h5").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("no such model directory"), r.err());
  }
}
