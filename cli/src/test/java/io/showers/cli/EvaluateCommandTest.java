package io.showers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerFileWriter;
import io.showers.datasets.testing.SyntheticEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  @TempDir Path dir;

  private Path calorimeter(String name, CalorimeterConfig cfg, long seed) {
    Path f = dir.resolve(name);
    ShowerFileWriter.write(f, SyntheticEvents.calorimeter(cfg, 300, seed, SyntheticEvents.HGCAL_ENERGIES),
        FileMetadata.of(cfg, "{\"name\":\"synthetic\"}", seed, 0), false);
    return f;
  }

  @Test
  void writesReportForTwoFilesOfOneDetector() throws Exception {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    Path a = calorimeter("a.h5", cfg, 1);
    Path b = calorimeter("b.h5", cfg, 2);
    Path out = dir.resolve("report");
    CliTestSupport.Run r = CliTestSupport.run("evaluate", "--reference", a.toString(), "--candidate", b.toString(),
        "-o", out.toString(), "--max-events", "200", "--no-networks", "--seed", "3");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("FPD"), r.out());
    for (String f : new String[] {"report.md", "index.html", "metrics.json", "average_shower.png"}) {
      assertTrue(Files.exists(out.resolve(f)), f);
    }
    assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"nReference\" : 200"));
  }

  @Test
  void refusesDifferentDetectorsAndConfigurations() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    Path a = calorimeter("a.h5", cfg, 1);
    Path b = calorimeter("b.h5", new CalorimeterConfig("W", cfg.absorberBeforeLayerX0(), 300, 12, 15, 10, 4.0), 2);
    Path air = dir.resolve("air.h5");
    ArrayConfig ac = ArrayConfig.defaults();
    ShowerFileWriter.write(air, SyntheticEvents.airShower(ac, 20, 1, 0), FileMetadata.of(ac, "{\"name\":\"s\"}", 1, 0),
        false);
    CliTestSupport.Run r = CliTestSupport.run("evaluate", "--reference", a.toString(), "--candidate", b.toString(),
        "-o", dir.resolve("x").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("a.h5") && r.err().contains("b.h5") && r.err().contains("configurations"), r.err());
    r = CliTestSupport.run("evaluate", "--reference", a.toString(), "--candidate", air.toString(),
        "-o", dir.resolve("y").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("different detectors") && r.err().contains("air.h5"), r.err());
    r = CliTestSupport.run("evaluate", "--reference", dir.resolve("missing.h5").toString(), "--candidate",
        air.toString(), "-o", dir.resolve("z").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("missing.h5"), r.err());
  }
}
