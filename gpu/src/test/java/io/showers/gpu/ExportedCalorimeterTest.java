package io.showers.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading exports: the shipped one is complete and consistent; anything else is refused with the reason. */
class ExportedCalorimeterTest {
  static final Path SHIPPED = Path.of("..", "models", "calorimeter-wgan-gpu");

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

  /** An export whose model files changed after it was written is refused with the command that renews it. */
  @Test
  void exportOlderThanItsModelIsRefused(@TempDir Path dir) throws IOException {
    for (String f : new String[] {"generator.json", "generator.weights", "model.json", ExportedCalorimeter.FILE_NAME}) {
      Files.copy(SHIPPED.resolve(f), dir.resolve(f));
    }
    ExportedCalorimeter.read(dir); // current: accepted
    byte[] w = Files.readAllBytes(dir.resolve("generator.weights"));
    w[w.length - 1] ^= 1;
    Files.write(dir.resolve("generator.weights"), w);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(dir));
    assertTrue(e.getMessage().contains("earlier state") && e.getMessage().contains("showers export"), e.getMessage());
    // the export on its own (as in the bundle) has nothing to compare with
    Path alone = Files.createDirectories(dir.resolve("alone"));
    Files.copy(dir.resolve(ExportedCalorimeter.FILE_NAME), alone.resolve(ExportedCalorimeter.FILE_NAME));
    assertEquals(1260, ExportedCalorimeter.read(alone).cells());
  }

  /** Values the kernels would turn into silent nonsense are refused, each with what was expected. */
  @Test
  void invalidValuesAreRefused(@TempDir Path dir) {
    Path nanScale = dir.resolve("nan.h5");
    copyExport(nanScale, Map.of("/total_density/log_total_std", Double.NaN), Set.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(nanScale));
    assertTrue(e.getMessage().contains("finite and positive"), e.getMessage());

    Path zeroCore = dir.resolve("core.h5");
    copyExport(zeroCore, Map.of("/transverse_prior/core_width", new double[7]), Set.of());
    e = assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(zeroCore));
    assertTrue(e.getMessage().contains("transverse profile of layer 0"), e.getMessage());

    Path threshold = dir.resolve("threshold.h5");
    copyExport(threshold, Map.of("/decode/threshold_mip", 0.5), Set.of());
    e = assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(threshold));
    assertTrue(e.getMessage().contains("decoding threshold 0.5"), e.getMessage());

    Path noCheck = dir.resolve("nocheck.h5");
    copyExport(noCheck, Map.of(), Set.of("/check/raw"));
    e = assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(noCheck));
    assertTrue(e.getMessage().contains("check/raw"), e.getMessage());
  }

  /**
   * Copies the shipped export into {@code target}, replacing the attributes or datasets named in {@code replace}
   * (by path, "/group/name") and leaving out the datasets in {@code drop}.
   */
  private static void copyExport(Path target, Map<String, Object> replace, Set<String> drop) {
    try (HdfFile in = new HdfFile(SHIPPED.resolve(ExportedCalorimeter.FILE_NAME));
        WritableHdfFile out = HdfFile.write(target)) {
      copy(in, out, "", replace, drop);
    }
  }

  private static void copy(Group from, WritableGroup to, String path, Map<String, Object> replace, Set<String> drop) {
    attributes(from, to, path, replace);
    for (Node n : from.getChildren().values()) {
      String p = path + "/" + n.getName();
      if (n instanceof Group g) {
        copy(g, to.putGroup(n.getName()), p, replace, drop);
      } else if (n instanceof Dataset d && !drop.contains(p)) {
        attributes(d, to.putDataset(n.getName(), replace.getOrDefault(p, d.getData())), p, replace);
      }
    }
  }

  private static void attributes(Node from, WritableNode to, String path, Map<String, Object> replace) {
    for (String a : from.getAttributes().keySet()) {
      to.putAttribute(a, replace.getOrDefault(path + "/" + a, from.getAttribute(a).getData()));
    }
  }

  @Test
  void notAnHdf5FileIsRefused(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("text.h5");
    Files.writeString(f, "not hdf5");
    assertThrows(IllegalArgumentException.class, () -> ExportedCalorimeter.read(f));
  }
}
