package io.showers.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowerFileTest {
  @TempDir Path dir;

  @Test
  void airShowerRoundTripKeepsEveryBitIncludingNaN() {
    AirShowerEvents e = TestEvents.airShower(37, true, 1);
    Path f = dir.resolve("a.h5");
    ShowerFileWriter.write(f, e, TestEvents.meta(ArrayConfig.defaults()), false);
    try (ShowerFile in = ShowerFile.open(f)) {
      assertEquals(37, in.size());
      assertEquals("showers.airshower/1", in.metadata().schema().attribute());
      assertEquals(42L, in.metadata().seed());
      assertEquals(ArrayConfig.defaults(), in.metadata().detector());
      AirShowerEvents back = (AirShowerEvents) in.readBatch(0, 37);
      assertArrayEquals(e.signalVem(), back.signalVem());
      assertArrayEquals(e.timeUs(), back.timeUs());
      assertArrayEquals(e.tracesVem(), back.tracesVem());
      assertArrayEquals(e.showerAxis(), back.showerAxis());
      assertArrayEquals(e.massA(), back.massA());
      // a slice in the middle reads the right events
      AirShowerEvents mid = (AirShowerEvents) in.readBatch(10, 5);
      assertArrayEquals(e.slice(10, 15).signalVem(), mid.signalVem());
      assertArrayEquals(e.slice(10, 15).showerCoreM(), mid.showerCoreM());
    }
  }

  @Test
  void calorimeterRoundTrip() {
    CalorimeterEvents e = TestEvents.calorimeter(50, 2);
    Path f = dir.resolve("c.h5");
    ShowerFileWriter.write(f, e, TestEvents.meta(CalorimeterConfig.defaults()), false);
    try (ShowerDataset in = ShowerDataset.open(f)) {
      CalorimeterEvents back = (CalorimeterEvents) in.readAll();
      assertArrayEquals(e.showersMip(), back.showersMip());
      assertArrayEquals(e.incidentEnergyGeV(), back.incidentEnergyGeV());
      assertArrayEquals(e.particlePdg(), back.particlePdg());
    }
  }

  @Test
  void refusesToOverwriteWithoutForceAndLeavesNoTemporaryFiles() throws Exception {
    Path f = dir.resolve("c.h5");
    ShowerFileWriter.write(f, TestEvents.calorimeter(3, 1), TestEvents.meta(CalorimeterConfig.defaults()), false);
    long before = Files.size(f);
    DatasetException ex = assertThrows(DatasetException.class, () -> ShowerFileWriter.write(
        f, TestEvents.calorimeter(30, 1), TestEvents.meta(CalorimeterConfig.defaults()), false));
    assertTrue(ex.getMessage().contains("--force"), ex.getMessage());
    assertEquals(before, Files.size(f));
    ShowerFileWriter.write(f, TestEvents.calorimeter(30, 1), TestEvents.meta(CalorimeterConfig.defaults()), true);
    try (ShowerFile in = ShowerFile.open(f)) {
      assertEquals(30, in.size());
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList());
    }
  }

  @Test
  void writerRefusesEventsThatDisagreeWithTheConfiguration() {
    CalorimeterConfig other = new CalorimeterConfig("W", new double[] {3, 3, 3}, 300, 12, 15, 10, 2);
    DatasetException ex = assertThrows(DatasetException.class, () -> ShowerFileWriter.write(
        dir.resolve("x.h5"), TestEvents.calorimeter(3, 1), TestEvents.meta(other), false));
    assertTrue(ex.getMessage().contains("'showers' has shape [3, 7, 12, 15]"), ex.getMessage());
    assertFalse(Files.exists(dir.resolve("x.h5")));
  }

  @Test
  void missingFileIsNamed() {
    DatasetException ex = assertThrows(DatasetException.class, () -> ShowerFile.open(dir.resolve("nope.h5")));
    assertTrue(ex.getMessage().endsWith("nope.h5: no such file"), ex.getMessage());
  }

  @Test
  void nonHdf5FileIsRefused() throws Exception {
    Path f = dir.resolve("junk.h5");
    Files.writeString(f, "this is not an HDF5 file at all");
    DatasetException ex = assertThrows(DatasetException.class, () -> ShowerFile.open(f));
    assertTrue(ex.getMessage().contains("not an HDF5 file"), ex.getMessage());
    assertTrue(ex.getMessage().contains("'this is "), ex.getMessage());
  }

  @Test
  void truncatedFileIsRefused() throws Exception {
    Path f = dir.resolve("c.h5");
    ShowerFileWriter.write(f, TestEvents.calorimeter(200, 1), TestEvents.meta(CalorimeterConfig.defaults()), false);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length / 2));
    DatasetException ex = assertThrows(DatasetException.class, () -> ShowerFile.open(f));
    assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
  }

  @Test
  void wrongShapeIsRefusedWithFoundAndExpected() throws Exception {
    Path f = dir.resolve("bad.h5");
    try (WritableHdfFile h5 = HdfFile.write(f)) {
      h5.putAttribute("schema", "showers.calorimeter/1");
      h5.putAttribute("detector", CalorimeterConfig.defaults().toJson());
      h5.putAttribute("producer", "{}");
      h5.putAttribute("seed", 1L);
      h5.putAttribute("created", "2026-01-01T00:00:00Z");
      h5.putDataset("showers", new float[4][6][12][15]);
      h5.putDataset("incident_energies", new float[4][1]);
      h5.putDataset("impact", new float[4][2]);
      h5.putDataset("particle", new int[4]);
    }
    DatasetException ex = assertThrows(DatasetException.class, () -> ShowerFile.open(f));
    assertTrue(ex.getMessage().contains("'showers' has shape [4, 6, 12, 15]"), ex.getMessage());
    assertTrue(ex.getMessage().contains("requires (N, 7, 12, 15)"), ex.getMessage());
  }

  @Test
  void unknownSchemaAndMissingLabelsAreRefused() throws Exception {
    Path f = dir.resolve("v9.h5");
    try (WritableHdfFile h5 = HdfFile.write(f)) {
      h5.putAttribute("schema", "showers.calorimeter/9");
      h5.putDataset("showers", new float[1][7][12][15]);
    }
    DatasetException ex = assertThrows(DatasetException.class, () -> ShowerFile.open(f));
    assertTrue(ex.getMessage().contains("unsupported schema 'showers.calorimeter/9'"), ex.getMessage());

    Path g = dir.resolve("nolabels.h5");
    try (WritableHdfFile h5 = HdfFile.write(g)) {
      h5.putAttribute("schema", "showers.calorimeter/1");
      h5.putAttribute("detector", CalorimeterConfig.defaults().toJson());
      h5.putAttribute("producer", "{}");
      h5.putAttribute("seed", 1L);
      h5.putAttribute("created", "2026-01-01T00:00:00Z");
      h5.putDataset("showers", new float[2][7][12][15]);
    }
    ex = assertThrows(DatasetException.class, () -> ShowerFile.open(g));
    assertTrue(ex.getMessage().contains("missing array 'incident_energies'"), ex.getMessage());
  }

  @Test
  void datasetsOfDifferentDetectorConfigurationsDoNotMix() {
    Path a = dir.resolve("a.h5");
    Path b = dir.resolve("b.h5");
    ShowerFileWriter.write(a, TestEvents.calorimeter(3, 1), TestEvents.meta(CalorimeterConfig.defaults()), false);
    CalorimeterConfig coarse = new CalorimeterConfig("W", new double[] {2.4, 2.4, 2.4, 2.4, 3.2, 3.2, 3.2}, 300, 12, 15, 10, 3);
    ShowerFileWriter.write(b, TestEvents.calorimeter(3, 1), TestEvents.meta(coarse), false);
    DatasetException ex = assertThrows(DatasetException.class, () -> ShowerDataset.open(a, b));
    assertTrue(ex.getMessage().contains("differs from"), ex.getMessage());
  }
}
