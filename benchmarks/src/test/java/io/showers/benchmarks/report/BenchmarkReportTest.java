package io.showers.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.showers.detector.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {
  @TempDir Path dir;

  static final long FLOPS = 4_000_000L; // 4 MFLOP per shower

  static BenchmarkRun fabricated(boolean withBaseline) {
    List<BenchmarkRow> rows = new java.util.ArrayList<>();
    if (withBaseline) {
      rows.add(BenchmarkRow.measured(BenchmarkRow.CALORIMETER, "reference", "50 GeV", 1,
          new double[] {210, 190, 200, 205, 195}, 512));
    }
    rows.add(BenchmarkRow.measured(BenchmarkRow.CALORIMETER, "reference", "10 GeV", 1, new double[] {40, 40, 40}, 500));
    rows.add(BenchmarkRow.measured(BenchmarkRow.CALORIMETER, "parametrised", "50 GeV", 1, new double[] {2, 2, 2}, 400));
    rows.add(BenchmarkRow.measured(BenchmarkRow.AIR_SHOWER, "fast", "10 EeV", 1, new double[] {8, 8, 8}, 450));
    rows.add(BenchmarkRow.measured(BenchmarkRow.GAN, "WGAN calorimeter (ND4J CPU)", "batch 1", 1,
        new double[] {0.5, 0.5, 0.5}, 900));
    // 4 MFLOP in 0.02 ms = 200 GFLOP/s
    rows.add(BenchmarkRow.measured(BenchmarkRow.GAN, "WGAN calorimeter (ND4J CPU)", "batch 1000", 1000,
        new double[] {0.019, 0.02, 0.021}, 1200));
    rows.add(BenchmarkRow.measured(BenchmarkRow.GAN_NETWORK, "WGAN network only (ND4J CPU)", "batch 1000", 1000,
        new double[] {0.01, 0.01, 0.01}, 1000));
    rows.add(BenchmarkRow.unavailable(BenchmarkRow.GAN_GPU, "WGAN calorimeter (ND4J CUDA)", "all batches", 0,
        "the ND4J CUDA 11.6 backend is not on the class path"));
    rows.add(BenchmarkRow.unavailable(BenchmarkRow.PYTORCH, "same network (PyTorch CPU)", "all batches", 0,
        "python3 cannot import torch (ModuleNotFoundError: No module named 'torch')"));
    return new BenchmarkRun(true, "test settings", Map.of("cpu", "Test CPU", "nd4j.binary", "generic", "cores", "2",
        BenchmarkSuite.LOAD_START, "5.10 4.00 3.00", BenchmarkSuite.LOAD_END, "1.00 1.00 1.00"), 400.0, 2048,
        "test model, Dense[3, 4]", FLOPS, 333.0, rows, 12.0, "2026-01-01T00:00:00Z");
  }

  @Test
  void speedUpIsAgainstTheReferenceAt50GeV() {
    BenchmarkRun run = fabricated(true);
    assertEquals(200.0, run.baseline().median(), 0);
    BenchmarkRow param = run.rows().get(2);
    assertEquals(100.0, run.speedUp(param), 1e-12);
    assertEquals(1.0, run.speedUp(run.baseline()), 0);
    BenchmarkRow gan = run.find(BenchmarkRow.GAN, 1000);
    assertEquals(10_000.0, run.speedUp(gan), 1e-9);
    assertEquals(200.0, run.gflops(gan), 1e-9);
    assertTrue(Double.isNaN(run.gflops(param)));
    assertTrue(Double.isNaN(fabricated(false).speedUp(param)));
  }

  /** Air-shower rows, the simulators' and the WGAN's, are compared with the air-shower reference, not the calorimeter's. */
  @Test
  void airShowerRowsAreComparedWithTheAirShowerReference() {
    BenchmarkRun f = fabricated(true);
    List<BenchmarkRow> rows = new java.util.ArrayList<>(f.rows());
    BenchmarkRow fast = f.rows().get(3);
    assertTrue(Double.isNaN(f.speedUp(fast)), "no air-shower reference measured: no speed-up");
    rows.add(BenchmarkRow.measured(BenchmarkRow.AIR_SHOWER, "reference", "10 EeV", 1, new double[] {40, 40, 40}, 450));
    rows.add(BenchmarkRow.measured(BenchmarkRow.AIR_GAN, "WGAN air shower (ND4J CPU)", "batch 1000", 1000,
        new double[] {0.05, 0.05, 0.05}, 700));
    BenchmarkRun run = new BenchmarkRun(f.quick(), f.settings(), f.machine(), f.gemmPeakGflops(), f.gemmSize(),
        f.model(), f.flopsPerShower(), f.hostPeakRssMiB(), rows, f.seconds(), f.timestamp());
    assertEquals(5.0, run.speedUp(fast), 1e-12);
    BenchmarkRow air = run.find(BenchmarkRow.AIR_GAN, 1000);
    assertEquals(800.0, run.speedUp(air), 1e-9);
    assertTrue(Double.isNaN(run.gflops(air)), "the FLOPs per shower are the calorimeter generator's");
    assertEquals(10_000.0, run.speedUp(run.find(BenchmarkRow.GAN, 1000)), 1e-9, "calorimeter rows unchanged");
    String md = BenchmarkReport.markdown(run);
    assertTrue(md.contains("| WGAN air shower (ND4J CPU) | batch 1000 | 0.050 | 0.050–0.050 | 3 | 800× |"), md);
    assertTrue(md.contains("air-shower GAN at batch 1000 ≤ 1 ms/shower (issue 7): 0.050 ms, 800× the air-shower"
        + " reference at 10 EeV — met"), md);
    assertTrue(BenchmarkReport.markdown(f).contains("air-shower GAN at batch 1000 ≤ 1 ms/shower (issue 7): not measured"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> json = (List<Map<String, Object>>) BenchmarkReport.json(run).get("rows");
    assertEquals("air shower reference 10 EeV", json.get(rows.size() - 1).get("speedUpOver"), "the JSON names each baseline");
    assertEquals("calorimeter reference 50 GeV", json.get(2).get("speedUpOver"));
    List<BenchmarkSuite.Trial> planned = BenchmarkSuite.plan(true, true, Path.of("air-model")).stream()
        .filter(t -> t.group().equals(BenchmarkRow.AIR_GAN)).toList();
    assertEquals(List.of(1, 100, 1000, 10000), planned.stream().map(BenchmarkSuite.Trial::batch).toList());
    assertEquals("air-model", planned.get(0).params().get("model"));
    assertTrue(BenchmarkSuite.plan(true, true).stream().noneMatch(t -> t.group().equals(BenchmarkRow.AIR_GAN)));
  }

  @Test
  void writesMarkdownJsonAndPng() throws Exception {
    BenchmarkReport.write(fabricated(true), dir);
    String md = Files.readString(dir.resolve(BenchmarkReport.MARKDOWN));
    assertTrue(md.contains("| calorimeter reference | 50 GeV | 200 | 193–207 | 5 | 1.00× |"), md);
    assertTrue(md.contains("| calorimeter parametrised | 50 GeV | 2.00 | 2.00–2.00 | 3 | 100× |"), md);
    assertTrue(md.contains("| WGAN calorimeter (ND4J CPU) | batch 1000 | 0.020 |"), md);
    assertTrue(md.contains("| 10,000× | 200 | 50.0 % | 1200 |"), md);
    assertTrue(md.contains("| WGAN calorimeter (ND4J CUDA) | all batches | not available: the ND4J CUDA 11.6 backend"), md);
    assertTrue(md.contains("not available: python3 cannot import torch"), md);
    assertTrue(md.contains("| arXiv:1807.01954 | Geant4 | ~2000 | 200 ms (calorimeter reference, 50 GeV) |"), md);
    assertTrue(md.contains("| arXiv:2005.05334 | WGAN, GPU (V100) | 5.4 | not available |"), md);
    assertTrue(md.contains("| arXiv:1807.01954 | WGAN, CPU | 52 | 0.500 ms (batch 1), 0.020 ms (batch 1000) |"), md);
    assertTrue(md.contains("GEMM peak (ND4J float32 gemm, 2048 × 2048, same run) | 400 GFLOP/s"), md);
    assertTrue(md.contains("calorimeter GAN at batch 1000 ≤ 0.1 ms/shower: 0.020 ms — met"), md);
    assertTrue(md.contains("end-to-end batch 1000 50.0 % — met; network batch 1000 100.0 % — met"), md);
    assertTrue(md.contains("| WGAN network only (ND4J CPU) | batch 1000 | 0.010 | 0.010–0.010 | 3 | 20,000× | 400 | 100.0 % |"), md);
    assertTrue(md.contains("**Warning:** the 1-minute load average reached 5.1 on 2 cores"), md);
    assertTrue(md.contains("![ms per shower against batch size](benchmark.png)"), md);
    assertTrue(md.contains("peak memory (largest benchmark JVM) | 1200 MiB"), md);

    JsonNode j = Json.mapper().readTree(Files.readString(dir.resolve(BenchmarkReport.JSON)));
    assertEquals(400.0, j.get("gemmPeakGflops").asDouble(), 0);
    assertEquals(FLOPS, j.get("flopsPerShower").asLong());
    JsonNode rows = j.get("rows");
    assertEquals(9, rows.size());
    JsonNode param = null;
    JsonNode gpu = null;
    for (JsonNode r : rows) {
      if (r.get("setting").asText().equals("50 GeV") && r.get("method").asText().equals("parametrised")) {
        param = r;
      }
      if (r.get("group").asText().equals(BenchmarkRow.GAN_GPU)) {
        gpu = r;
      }
    }
    assertEquals(100.0, param.get("speedUp").asDouble(), 1e-12);
    assertEquals(3, param.get("msPerShower").size());
    assertFalse(gpu.get("available").asBoolean());
    assertTrue(gpu.get("unavailable").asText().contains("CUDA"));
    assertEquals(6, j.get("anchors").size());

    var png = ImageIO.read(dir.resolve(BenchmarkReport.PNG).toFile());
    assertTrue(png.getWidth() > 100 && png.getHeight() > 100);
  }

  @Test
  void withoutModelOrBaselineTheReportStillWrites() throws Exception {
    BenchmarkRun run = new BenchmarkRun(true, "s", Map.of(), Double.NaN, 2048, "not available: no model directory", 0,
        -1, List.of(BenchmarkRow.unavailable(BenchmarkRow.GAN, "WGAN calorimeter (ND4J CPU)", "batch 1", 1,
            "no model directory at /x")), 1.0, "t");
    assertNull(run.baseline());
    BenchmarkReport.write(run, dir);
    String md = Files.readString(dir.resolve(BenchmarkReport.MARKDOWN));
    assertTrue(md.contains("| WGAN calorimeter (ND4J CPU) | batch 1 | not available: no model directory at /x"), md);
    assertTrue(md.contains("calorimeter GAN at batch 1000 ≤ 0.1 ms/shower: not measured"), md);
    assertFalse(md.contains("Warning"), md);
    assertTrue(Files.exists(dir.resolve(BenchmarkReport.PNG)));
    assertTrue(Files.readString(dir.resolve(BenchmarkReport.JSON)).contains("\"gemmPeakGflops\" : null"));
  }

  @Test
  void refinerRowsAreShownPerEventWithoutSpeedUp() throws Exception {
    BenchmarkRun f = fabricated(true);
    List<BenchmarkRow> rows = new java.util.ArrayList<>(f.rows());
    rows.add(BenchmarkRow.measured(BenchmarkRow.REFINER, "calorimeter refiner (ND4J CPU)", "batch 1000", 1000,
        new double[] {0.05, 0.06, 0.07}, 800));
    BenchmarkRun run = new BenchmarkRun(true, f.settings(), f.machine(), f.gemmPeakGflops(), f.gemmSize(), f.model(),
        f.flopsPerShower(), f.hostPeakRssMiB(), rows, f.seconds(), f.timestamp());
    BenchmarkRow r = run.find(BenchmarkRow.REFINER, 1000);
    assertTrue(Double.isNaN(run.speedUp(r)), "a refiner generates no showers");
    assertTrue(Double.isNaN(run.gflops(r)));
    String md = BenchmarkReport.markdown(run);
    assertTrue(md.contains("| calorimeter refiner (ND4J CPU) | batch 1000 | 0.060 | 0.053–0.067 | 3 | n/a |  |  | 800 |"),
        md);
    BenchmarkReport.write(run, dir);
    JsonNode j = Json.mapper().readTree(Files.readString(dir.resolve(BenchmarkReport.JSON)));
    JsonNode last = j.get("rows").get(rows.size() - 1);
    assertEquals(BenchmarkRow.REFINER, last.get("group").asText());
    assertEquals(0.06, last.get("median").asDouble(), 1e-12);
  }

  @Test
  void theRefinerIsPlannedWithOrWithoutAGanModel() {
    for (boolean gan : new boolean[] {false, true}) {
      List<Integer> batches = BenchmarkSuite.plan(false, gan).stream()
          .filter(t -> t.group().equals(BenchmarkRow.REFINER)).map(BenchmarkSuite.Trial::batch).toList();
      assertEquals(List.of(1, 100, 1000), batches);
    }
    assertTrue(BenchmarkSuite.plan(true, true).stream()
        .anyMatch(t -> t.group().equals(BenchmarkRow.REFINER) && t.batch() == 1000));
  }

  @Test
  void pytorchRatioIsAgainstOurNetworkAtTheSameBatch() throws Exception {
    BenchmarkRun f = fabricated(true);
    List<BenchmarkRow> rows = new java.util.ArrayList<>(f.rows());
    rows.removeIf(r -> r.group().equals(BenchmarkRow.PYTORCH));
    rows.add(BenchmarkRow.measured(BenchmarkRow.PYTORCH, "same network (PyTorch 1.13, 2 threads)", "batch 1000", 1000,
        new double[] {0.03, 0.03, 0.03}, -1));
    BenchmarkRun run = new BenchmarkRun(true, f.settings(), f.machine(), f.gemmPeakGflops(), f.gemmSize(), f.model(),
        f.flopsPerShower(), f.hostPeakRssMiB(), rows, f.seconds(), f.timestamp());
    String md = BenchmarkReport.markdown(run);
    assertTrue(md.contains("| 1000 | 0.020 | 0.010 | 0.030 | 3.00 |"), md);
    assertTrue(md.contains("≥ 2× faster than PyTorch on the same architecture: 3.00× — met"), md);
  }
}
