package io.showers.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.showers.detector.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The GPU generator's rows of the report, measured by {@code bin/showers-gpu benchmark} in a JVM of its own (its
 * JavaCPP 1.5.14 with the CUDA 13 presets must never share this JVM's classpath with ND4J's JavaCPP 1.5.7), or one
 * row saying why there are none: no launcher, no export of the model, no GPU or no CUDA 13 libraries (the reason is
 * the launcher's own one-line error).
 */
final class GpuRows {
  /** The end-to-end method of showers-gpu's report (showers in host memory, as the CPU rows). */
  static final String END_TO_END = "GPU end to end, showers in host memory";
  private static final long TIMEOUT_SECONDS = 600;

  private GpuRows() {}

  /**
   * Runs {@code home/bin/showers-gpu benchmark} on {@code model} (a model directory with its GPU export) for
   * {@code batches} and turns its end-to-end rows into {@link BenchmarkRow#GAN_GPU} rows.
   */
  static List<BenchmarkRow> measure(Path home, Path model, int[] batches, boolean quick) {
    String method = "WGAN calorimeter (showers-gpu, cuBLAS)";
    Path launcher = home == null ? null : home.resolve("bin").resolve("showers-gpu");
    if (launcher == null || !Files.isExecutable(launcher)) {
      return List.of(unavailable(method, "no GPU launcher (bin/showers-gpu) under showers.home"));
    }
    if (!Files.isRegularFile(home.resolve("gpu").resolve("target").resolve("showers-gpu.jar"))) {
      // the launcher would build it: not a side effect a benchmark should have
      return List.of(unavailable(method, "showers-gpu is not built (mvn -DskipTests package -pl gpu -am)"));
    }
    // the CPU model may be one the GPU path does not run (no export beside it): then the shipped GPU model
    Path gpuModel = Files.isRegularFile(model.resolve("generator-gpu.h5")) ? model
        : home.resolve("models").resolve("calorimeter-wgan-gpu");
    Path dir = null;
    try {
      dir = Files.createTempDirectory("showers-gpu-bench");
      String list = Arrays.stream(batches).mapToObj(Integer::toString).collect(Collectors.joining(","));
      // stderr to a file: an unread pipe could block the launcher, and the time limit must hold regardless
      Path err = dir.resolve("stderr.txt");
      Process p = new ProcessBuilder(launcher.toString(), "benchmark", "--model", gpuModel.toString(), "-o",
          dir.toString(), "--batch-sizes", list, "--repeats", quick ? "10" : "30", "--python", "none",
          "--reference-showers", "3").redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(err.toFile()).start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of(unavailable(method, "showers-gpu benchmark did not finish in " + TIMEOUT_SECONDS + " s"));
      }
      if (p.exitValue() != 0) {
        return List.of(unavailable(method, lastLine(Files.readString(err)).replaceFirst("^showers-gpu: error: ", "")));
      }
      return rows(Json.mapper().readTree(Files.readString(dir.resolve("gpu-benchmark.json"))));
    } catch (IOException e) {
      return List.of(unavailable(method, "showers-gpu could not be run: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of(unavailable(method, "interrupted"));
    } finally {
      delete(dir);
    }
  }

  /** The end-to-end rows of a showers-gpu report, named with its device. */
  static List<BenchmarkRow> rows(JsonNode report) {
    String device = report.path("device").asText("GPU");
    String name = "WGAN calorimeter (showers-gpu, " + device.replaceFirst(" \\(.*", "") + ")";
    List<BenchmarkRow> out = new ArrayList<>();
    for (JsonNode r : report.path("rows")) {
      if (!r.path("method").asText().equals(END_TO_END)) {
        continue;
      }
      double[] ms = new double[r.path("msPerShower").size()];
      for (int i = 0; i < ms.length; i++) {
        ms[i] = r.path("msPerShower").get(i).asDouble();
      }
      int batch = r.path("batch").asInt();
      out.add(BenchmarkRow.measured(BenchmarkRow.GAN_GPU, name, "batch " + batch, batch, ms, -1));
    }
    if (out.isEmpty()) {
      out.add(unavailable(name, "showers-gpu wrote no end-to-end rows"));
    }
    return out;
  }

  private static BenchmarkRow unavailable(String method, String reason) {
    return BenchmarkRow.unavailable(BenchmarkRow.GAN_GPU, method, "all batches", 0, reason);
  }

  private static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines.length == 0 || lines[lines.length - 1].isBlank() ? "showers-gpu failed without a message"
        : lines[lines.length - 1].strip();
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary directory
    }
  }
}
