package io.showers.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's GPU rows: measured by showers-gpu when it runs, otherwise one row with its reason. */
class GpuRowsTest {
  private static final String REPORT = """
      {"device": "NVIDIA H200 (compute capability 9.0, 132 multiprocessors, 140 GiB)", "rows": [
        {"method": "GPU networks (cuBLAS)", "batch": 1000, "msPerShower": [0.0002, 0.0003]},
        {"method": "GPU end to end, showers in host memory", "batch": 1000, "msPerShower": [0.004, 0.003, 0.005]},
        {"method": "GPU end to end, showers in host memory", "batch": 10000, "msPerShower": [0.0015, 0.0017, 0.0016]}
      ]}""";

  @Test
  void endToEndRowsOfTheLaunchersReportBecomeGpuRows(@TempDir Path home) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("gpu/target"));
    Files.writeString(home.resolve("gpu/target/showers-gpu.jar"), "");
    // a stand-in launcher that writes its report where -o says, as showers-gpu benchmark does
    Files.writeString(bin.resolve("showers-gpu"), "#!/bin/bash\nwhile [[ $# -gt 0 ]]; do if [[ $1 == -o ]]; then"
        + " d=$2; fi; shift; done\ncat > \"$d/gpu-benchmark.json\" <<'J'\n" + REPORT + "\nJ\n");
    assertTrue(bin.resolve("showers-gpu").toFile().setExecutable(true));
    List<BenchmarkRow> rows = GpuRows.measure(home, home, new int[] {1000, 10000}, true);
    assertEquals(2, rows.size(), rows.toString());
    assertTrue(rows.stream().allMatch(r -> r.group().equals(BenchmarkRow.GAN_GPU) && r.available()));
    assertEquals(0.004, rows.get(0).median(), 1e-12);
    assertEquals(10000, rows.get(1).batch());
    assertEquals(0.0016, rows.get(1).median(), 1e-12);
    assertTrue(rows.get(1).method().contains("NVIDIA H200") && !rows.get(1).method().contains("compute"),
        rows.get(1).method());
  }

  @Test
  void launcherErrorBecomesTheReason(@TempDir Path home) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("gpu/target"));
    Files.writeString(home.resolve("gpu/target/showers-gpu.jar"), "");
    Files.writeString(bin.resolve("showers-gpu"), "#!/bin/sh\necho 'showers-gpu: error: no usable CUDA device:"
        + " cudaErrorNoDevice' >&2\nexit 4\n");
    assertTrue(bin.resolve("showers-gpu").toFile().setExecutable(true));
    List<BenchmarkRow> rows = GpuRows.measure(home, home, new int[] {1000}, true);
    assertEquals(1, rows.size());
    assertFalse(rows.get(0).available());
    assertEquals("no usable CUDA device: cudaErrorNoDevice", rows.get(0).unavailable());
  }

  @Test
  void missingLauncherOrBuildIsSaid(@TempDir Path home) throws IOException {
    assertTrue(GpuRows.measure(home, home, new int[] {1}, true).get(0).unavailable().contains("no GPU launcher"));
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.writeString(bin.resolve("showers-gpu"), "#!/bin/sh\nexit 0\n");
    assertTrue(bin.resolve("showers-gpu").toFile().setExecutable(true));
    assertTrue(GpuRows.measure(home, home, new int[] {1}, true).get(0).unavailable().contains("not built"));
    assertTrue(GpuRows.measure(null, home, new int[] {1}, true).get(0).unavailable().contains("no GPU launcher"));
  }
}
