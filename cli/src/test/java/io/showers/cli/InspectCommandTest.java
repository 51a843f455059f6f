package io.showers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerFileWriter;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path dir;

  private Path calorimeterFile() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterEvents e = CalorimeterEvents.allocate(4, cfg.layers(), cfg.rows(), cfg.cols());
    e.showersMip()[0] = 7.5f;
    e.showersMip()[1260 + 5] = 2.5f;
    for (int k = 0; k < 4; k++) {
      e.incidentEnergyGeV()[k] = 10 * (k + 1);
      e.particlePdg()[k] = 11;
    }
    Path f = dir.resolve("c.h5");
    ShowerFileWriter.write(f, e, FileMetadata.of(cfg, "{\"name\":\"unit-test\"}", 99, 0), false);
    return f;
  }

  @Test
  void printsSchemaProducerSeedAndPerArrayStatistics() {
    CliTestSupport.Run r = CliTestSupport.run("inspect", calorimeterFile().toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("schema    showers.calorimeter/1"), r.out());
    assertTrue(r.out().contains("events    4"), r.out());
    assertTrue(r.out().contains("unit-test"), r.out());
    assertTrue(r.out().contains("seed      99"), r.out());
    assertTrue(r.out().contains("\"absorber\" : \"W\""), r.out());
    // showers: min 0, mean (7.5 + 2.5) / (4 * 1260), max 7.5, no NaN
    String expectedMean = String.format("%.5g", 10.0 / (4 * 1260));
    assertTrue(r.out().matches("(?s).*showers\\s+\\(4, 7, 12, 15\\)\\s+float32\\s+MIP\\s+0\\s+" + expectedMean
        + "\\s+7\\.5000\\s+0\\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*incident_energies\\s+\\(4, 1\\)\\s+float32\\s+GeV\\s+10\\s+25\\s+40\\s+0\\n.*"), r.out());
  }

  @Test
  void corruptWrongShapeAndMissingFilesGiveOneLineErrors() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.h5"), "garbage");
    CliTestSupport.Run r = CliTestSupport.run("inspect", junk.toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("showers: error: " + junk + ": not an HDF5 file"), r.err());

    r = CliTestSupport.run("inspect", dir.resolve("missing.h5").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("missing.h5: no such file"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());

    Path f = calorimeterFile();
    byte[] b = Files.readAllBytes(f);
    Path cut = Files.write(dir.resolve("cut.h5"), java.util.Arrays.copyOf(b, b.length / 3));
    r = CliTestSupport.run("inspect", cut.toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("truncated"), r.err());
  }

  @Test
  void helpListsEveryReservedSubcommand() {
    CliTestSupport.Run r = CliTestSupport.run("--help");
    assertEquals(0, r.exitCode());
    for (String sub : new String[] {"simulate", "train", "generate", "evaluate", "refine", "benchmark", "quickstart", "inspect"}) {
      assertTrue(r.out().contains("  " + sub + " "), sub + " missing in\n" + r.out());
    }
  }

  @Test
  void everySubcommandHelpRendersWithoutFormatWarnings() {
    String[][] subs = {{"simulate", "airshower"}, {"simulate", "calorimeter"}, {"train"}, {"generate"},
        {"evaluate"}, {"refine"}, {"refine", "train"}, {"refine", "apply"}, {"refine", "evaluate"}, {"benchmark"},
        {"quickstart"}, {"inspect"}};
    java.io.PrintStream oldErr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      for (String[] sub : subs) {
        String[] args = java.util.Arrays.copyOf(sub, sub.length + 1);
        args[sub.length] = "--help";
        CliTestSupport.Run r = CliTestSupport.run(args);
        assertEquals(0, r.exitCode(), String.join(" ", sub));
        assertTrue(r.out().contains("Usage: showers " + String.join(" ", sub)), r.out());
        assertEquals("", r.err(), String.join(" ", sub));
      }
    } finally {
      System.setErr(oldErr);
    }
    assertEquals("", captured.toString(), "picocli printed warnings");
  }
}
