package io.showers.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading exports: the shipped one is complete and consistent; anything else is refused with the reason. */
class ExportedCalorimeterTest {
  static final Path SHIPPED = Path.of("..", "models", "calorimeter-wgan");

  @Test
  void shippedExportDescribesTheCalorimeterSurrogate() {
    ExportedCalorimeter m = ExportedCalorimeter.read(SHIPPED);
    assertEquals(7 * 12 * 15, m.cells());
    assertEquals(m.cells() + 7 + 1, m.rawDim());
    assertEquals(35, m.generator().get(0).in());
    assertEquals("LEAKY_RELU", m.generator().get(0).activation());
    assertEquals(2, m.generator().get(0).activationCode());
    assertEquals(3, m.totalDensity().get(0).in());
    assertTrue(m.gflash());
    assertEquals(20, m.energyMinGeV(), 1e-9);
    assertEquals(90, m.energyMaxGeV(), 1e-9);
    assertEquals(2.0, m.detector().thresholdMip(), 0);
    ExportedCalorimeter.Check c = m.check();
    assertTrue(c.size() >= 64);
    // the check batch holds showers: energy deposited, every lit cell at or above the threshold
    long lit = 0;
    for (float v : c.cellsMip()) {
      assertTrue(v == 0 || v >= 2.0, "cell below threshold: " + v);
      lit += v > 0 ? 1 : 0;
    }
    assertTrue(lit > 20L * c.size(), "lit cells " + lit);
  }

  @Test
  void missingExportSaysHowToMakeOne(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(dir));
    assertTrue(e.getMessage().contains("showers export"), e.getMessage());
  }

  @Test
  void otherHdf5FileIsRefusedWithTheExpectedFormat(@TempDir Path dir) {
    Path f = dir.resolve("x.h5");
    try (WritableHdfFile h5 = HdfFile.write(f)) {
      h5.putAttribute("format", "something-else");
      h5.putAttribute("version", 1);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(f));
    assertTrue(e.getMessage().contains("something-else") && e.getMessage().contains("showers-gpu-generator"),
        e.getMessage());
  }

  @Test
  void truncatedExportIsRefused(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("cut.h5");
    byte[] all = Files.readAllBytes(SHIPPED.resolve(ExportedCalorimeter.FILE_NAME));
    Files.write(f, java.util.Arrays.copyOf(all, all.length / 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void notAnHdf5FileIsRefused(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("text.h5");
    Files.writeString(f, "not hdf5");
    assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(f));
  }
}
