package io.showers.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.showers.detector.Json;
import io.showers.generative.nn.DenseSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch peer: the same dense generator architecture (random weights) built in PyTorch by
 * {@code torch_peer.py} under {@code /usr/bin/python3}, timed on the same number of threads
 * ({@code torch.set_num_threads} and {@code OMP_NUM_THREADS}) and batch sizes. Absent torch is a
 * reason, never an error.
 */
public final class TorchPeer {
  public static final Path PYTHON = Path.of("/usr/bin/python3");
  static final String SCRIPT_RESOURCE = "torch_peer.py";

  private TorchPeer() {}

  /**
   * Result: ms per shower per batch size, torch version and BLAS library, or the reason there are
   * none ({@code unavailable} non-null).
   */
  public record Result(Map<Integer, double[]> msPerShower, String version, String blas, String unavailable) {
    static Result unavailable(String reason) {
      return new Result(Map.of(), null, null, reason);
    }

    /**
     * Whether torch runs on netlib's reference BLAS (Debian's default {@code libblas.so.3}): several
     * times slower than any optimised BLAS, so no fair peer.
     */
    public boolean referenceBlas() {
      return blas != null && blas.contains("/blas/libblas");
    }

    /** "PyTorch 1.13.1, OpenBLAS" style description of what ran. */
    public String describe() {
      return "PyTorch " + version + ", " + blasName();
    }

    private String blasName() {
      if (blas == null || blas.equals("unknown")) {
        return "BLAS unknown";
      }
      if (referenceBlas()) {
        return "reference BLAS (netlib; install an optimised libblas.so.3 for a fair peer)";
      }
      String lower = blas.toLowerCase(java.util.Locale.ROOT);
      return lower.contains("openblas") ? "OpenBLAS" : lower.contains("mkl") ? "MKL"
          : lower.contains("blis") ? "BLIS" : Path.of(blas).getFileName().toString();
    }
  }

  /** The Python script (a resource next to this class). */
  public static String script() {
    try (InputStream in = TorchPeer.class.getResourceAsStream(SCRIPT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + SCRIPT_RESOURCE + " missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The script's one JSON argument. */
  static String config(DenseSpec spec, int threads, int[] batches, int iterations, double seconds,
      double warmupSeconds) {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("sizes", spec.sizes());
    cfg.put("hidden", spec.hidden().name());
    cfg.put("output", spec.output().name());
    cfg.put("alpha", spec.alpha());
    cfg.put("threads", threads);
    cfg.put("batches", batches);
    cfg.put("iterations", iterations);
    cfg.put("time", seconds);
    cfg.put("warmup", warmupSeconds);
    return Json.write(cfg);
  }

  /**
   * Times the architecture with {@link #PYTHON}; never throws for a missing interpreter or torch.
   *
   * @param iterations measurement iterations per batch size, each {@code seconds} long
   */
  public static Result run(DenseSpec spec, int threads, int[] batches, int iterations, double seconds,
      double warmupSeconds) {
    return run(PYTHON, spec, threads, batches, iterations, seconds, warmupSeconds);
  }

  /** As {@link #run(DenseSpec, int, int[], int, double, double)} with another interpreter. */
  public static Result run(Path python, DenseSpec spec, int threads, int[] batches, int iterations, double seconds,
      double warmupSeconds) {
    if (!Files.isExecutable(python)) {
      return Result.unavailable(python + " not found");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("showers-torch-peer");
      Path script = dir.resolve(SCRIPT_RESOURCE);
      Files.writeString(script, script());
      ProcessBuilder pb = new ProcessBuilder(python.toString(), script.toString(),
          config(spec, threads, batches, iterations, seconds, warmupSeconds));
      // OpenMP and OpenBLAS read their thread counts from the environment only
      pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
      pb.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      // files, not pipes: a hanging interpreter cannot block the reader, so the timeout holds
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      double budget = 60 + batches.length * (warmupSeconds + iterations * seconds) * 3;
      if (!p.waitFor((long) budget, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Result.unavailable("PyTorch peer timed out after " + (long) budget + " s");
      }
      return parse(Files.readString(out), p.exitValue(), Files.readString(err));
    } catch (IOException | RuntimeException e) {
      return Result.unavailable("PyTorch peer failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.unavailable("PyTorch peer interrupted");
    } finally {
      deleteTree(dir);
    }
  }

  /** Reads the script's output: its last stdout line is the JSON result; otherwise a reason. */
  static Result parse(String stdout, int exitCode, String stderr) {
    String text = stdout.trim();
    String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1).trim();
    if (!last.startsWith("{")) {
      return Result.unavailable("PyTorch peer printed no result (exit " + exitCode + ")" + lastLine(stderr));
    }
    try {
      JsonNode n = Json.mapper().readTree(last);
      if (n.has("error")) {
        return Result.unavailable(n.get("error").asText());
      }
      Map<Integer, double[]> rows = new LinkedHashMap<>();
      for (JsonNode r : n.get("rows")) {
        double[] ms = new double[r.get("ms").size()];
        for (int i = 0; i < ms.length; i++) {
          ms[i] = r.get("ms").get(i).asDouble();
        }
        if (ms.length == 0) {
          return Result.unavailable("PyTorch peer measured no iterations at batch " + r.get("batch").asInt());
        }
        rows.put(r.get("batch").asInt(), ms);
      }
      return new Result(rows, n.path("torch").asText("?"), n.path("blas").asText("unknown"), null);
    } catch (IOException | RuntimeException e) {
      return Result.unavailable("PyTorch peer printed unreadable output: " + e.getMessage());
    }
  }

  private static String lastLine(String stderr) {
    List<String> lines = stderr.strip().lines().toList();
    return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // temporary files
    }
  }
}
