package io.showers.gpu;

import static org.bytedeco.cuda.global.cublas.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.AtomicFiles;
import io.showers.datasets.ShowerFileWriter;
import io.showers.detector.Json;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.Realism;
import io.showers.detector.calorimeter.ReferenceCalorimeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.javacpp.FloatPointer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code showers-gpu benchmark}: milliseconds per shower of the GPU generator at each batch size (the two networks
 * alone, every stage on the device, and end to end to showers in host memory), the achieved GFLOP/s beside the
 * device's FP32 SGEMM peak measured in the same run, PyTorch running the same networks on the same GPU, and the
 * reference simulation on this machine's CPU. Writes {@code DIR/gpu-benchmark.md} and {@code DIR/gpu-benchmark.json}.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = "Milliseconds per shower on the GPU against PyTorch and the reference simulation, same run.")
final class GpuBenchmark implements Callable<Integer> {
  @Mixin GpuMain.ModelOption model;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Report directory.")
  Path dir;

  @Option(names = "--batch-sizes", split = ",", defaultValue = "1,10,100,1000,10000", paramLabel = "B1,B2,...",
      description = "Batch sizes. Default: ${DEFAULT-VALUE}.")
  int[] batches;

  @Option(names = "--repeats", defaultValue = "30", paramLabel = "R",
      description = "Timed runs per batch size (after 5 warm-ups); medians are reported. Default: ${DEFAULT-VALUE}.")
  int repeats;

  @Option(names = "--reference-showers", defaultValue = "20", paramLabel = "N",
      description = "Showers of the reference simulation at 50 GeV (one CPU thread). Default: ${DEFAULT-VALUE}.")
  int referenceShowers;

  @Option(names = "--python", defaultValue = "python3", paramLabel = "EXE",
      description = "Python with PyTorch and h5py for the peer ('none' to skip). Default: ${DEFAULT-VALUE}.")
  String python;

  @Option(names = "--cpu-generator-ms", paramLabel = "MS",
      description = "The CPU generator's ms/shower at batch 1000 from 'showers benchmark' (measured elsewhere), for"
          + " a ratio in the report.")
  Double cpuGeneratorMs;

  @Option(names = "--force", description = "Overwrite an existing report.")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One measured row: seconds per batch of the repeats, sorted. */
  record Row(String method, int batch, double[] seconds, long flopsPerShower) {
    double msPerShower(double q) {
      double s = seconds[(int) Math.min(seconds.length - 1, Math.round(q * (seconds.length - 1)))];
      return 1e3 * s / batch;
    }

    double gflops() {
      return flopsPerShower == 0 ? Double.NaN : flopsPerShower * batch / seconds[seconds.length / 2] / 1e9;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (repeats < 3 || batches.length == 0 || Arrays.stream(batches).anyMatch(b -> b < 1) || referenceShowers < 1) {
      throw new IllegalArgumentException("--repeats must be at least 3, batch sizes and --reference-showers positive");
    }
    Path md = dir.resolve("gpu-benchmark.md");
    Path json = dir.resolve("gpu-benchmark.json");
    Files.createDirectories(dir);
    ShowerFileWriter.prepareTarget(md, force);
    ShowerFileWriter.prepareTarget(json, force);
    PrintWriter out = spec.commandLine().getOut();
    ExportedCalorimeter m = model.read();
    List<Row> rows = new ArrayList<>();
    double peak;
    String device;
    try (GpuCalorimeterGenerator g = new GpuCalorimeterGenerator(m, true)) {
      device = Cuda.describe();
      out.println("device: " + device);
      peak = sgemmPeak();
      out.printf(Locale.ROOT, "FP32 SGEMM peak (8192³, cuBLAS pedantic): %.1f TFLOP/s%n", peak / 1e12);
      for (int b : batches) {
        CalorimeterBeam beam = beam(b, m);
        rows.add(time("GPU networks (cuBLAS)", b, g.networkFlopsPerEvent(), () -> {
          g.networksOnly();
          Cuda.synchronize("networks");
        }, () -> g.run(beam, 1, 0)));
        rows.add(time("GPU all stages, on the device", b, 0, () -> {
          g.run(beam, 1, 0);
          Cuda.synchronize("generation");
        }, null));
        rows.add(time("GPU end to end, showers in host memory", b, 0, () -> g.generate(beam, 1, 0), null));
        out.printf(Locale.ROOT, "batch %6d: networks %.5f, device %.5f, end to end %.5f ms/shower%n", b,
            rows.get(rows.size() - 3).msPerShower(0.5), rows.get(rows.size() - 2).msPerShower(0.5),
            rows.get(rows.size() - 1).msPerShower(0.5));
      }
    }
    ObjectNode torch = torchPeer(m, out);
    if (torch != null) {
      for (var r : torch.withArray("rows")) {
        double[] s = new double[r.get("seconds").size()];
        for (int i = 0; i < s.length; i++) {
          s[i] = r.get("seconds").get(i).asDouble();
        }
        Arrays.sort(s);
        rows.add(new Row("PyTorch networks (same GPU, eager, FP32)", r.get("batch").asInt(), s,
            rows.get(0).flopsPerShower()));
      }
    }
    Row reference = referenceSimulation(m, out);
    rows.add(reference);
    write(md, json, m, device, peak, rows, reference, torch);
    out.println("wrote   " + md);
    out.println("wrote   " + json);
    return 0;
  }

  /** A beam cycling through the trained energies' span, impacts near the centre. */
  private static CalorimeterBeam beam(int n, ExportedCalorimeter m) {
    CalorimeterBeam b = CalorimeterBeam.allocate(n);
    for (int k = 0; k < n; k++) {
      b.energyGeV()[k] = (float) (m.energyMinGeV() + (m.energyMaxGeV() - m.energyMinGeV()) * ((k * 0.618034) % 1));
      b.impactMm()[2 * k] = (float) (m.radialMaxMm() * 0.3 * Math.cos(k));
      b.impactMm()[2 * k + 1] = (float) (m.radialMaxMm() * 0.3 * Math.sin(k));
      b.particlePdg()[k] = m.particlePdg();
    }
    return b;
  }

  private Row time(String method, int batch, long flops, Runnable body, Runnable setup) {
    if (setup != null) {
      setup.run();
    }
    for (int i = 0; i < 5; i++) {
      body.run();
    }
    double[] s = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      body.run();
      s[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(s);
    return new Row(method, batch, s, flops);
  }

  /** FP32 SGEMM FLOP/s on 8192 × 8192 matrices, the median of 10 products after 3 warm-ups. */
  private static double sgemmPeak() {
    int n = 8192;
    long a = Cuda.malloc(4L * n * n);
    long b = Cuda.malloc(4L * n * n);
    long c = Cuda.malloc(4L * n * n);
    cublasContext h = new cublasContext();
    Cuda.checkBlas(cublasCreate_v2(h), "cublasCreate");
    Cuda.checkBlas(cublasSetMathMode(h, CUBLAS_PEDANTIC_MATH), "cublasSetMathMode");
    try (FloatPointer one = new FloatPointer(1).put(0, 1f); FloatPointer zero = new FloatPointer(1).put(0, 0f)) {
      double[] s = new double[10];
      for (int i = -3; i < s.length; i++) {
        long t0 = System.nanoTime();
        Cuda.checkBlas(cublasSgemm_v2(h, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, one, Cuda.floats(a), n, Cuda.floats(b), n,
            zero, Cuda.floats(c), n), "cublasSgemm");
        Cuda.synchronize("sgemm");
        if (i >= 0) {
          s[i] = (System.nanoTime() - t0) / 1e9;
        }
      }
      Arrays.sort(s);
      return 2.0 * n * n * n / s[s.length / 2];
    } finally {
      cublasDestroy_v2(h);
      Cuda.free(a);
      Cuda.free(b);
      Cuda.free(c);
    }
  }

  /** The PyTorch peer's JSON, or null (with the reason printed) when there is no PyTorch with CUDA. */
  private ObjectNode torchPeer(ExportedCalorimeter m, PrintWriter out) throws IOException, InterruptedException {
    if (python.equals("none")) {
      return null;
    }
    Path script = Files.createTempFile("torch_peer", ".py");
    Path stdout = Files.createTempFile("torch_peer", ".out");
    Path stderr = Files.createTempFile("torch_peer", ".err");
    try (InputStream in = GpuBenchmark.class.getResourceAsStream("torch_peer.py")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    try {
      String list = String.join(",", Arrays.stream(batches).mapToObj(Integer::toString).toList());
      // output to files: a pipe left unread can block the peer, and the time limit must hold whatever it prints
      Process p = new ProcessBuilder(python, script.toString(), m.file().toString(), list, Integer.toString(repeats))
          .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        out.println("PyTorch peer not available: it did not finish in 600 s");
        return null;
      }
      if (p.exitValue() != 0) {
        out.println("PyTorch peer not available: " + lastLine(Files.readString(stderr)));
        return null;
      }
      return Json.read(Files.readString(stdout).strip(), ObjectNode.class);
    } catch (IOException e) {
      out.println("PyTorch peer not available: " + e.getMessage());
      return null;
    } finally {
      Files.deleteIfExists(script);
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines.length == 0 ? "(no output)" : lines[lines.length - 1];
  }

  /** The reference Monte Carlo at 50 GeV on one CPU thread. */
  private Row referenceSimulation(ExportedCalorimeter m, PrintWriter out) {
    ReferenceCalorimeter sim = new ReferenceCalorimeter(m.detector(), Realism.SIM);
    CalorimeterBeam b = CalorimeterBeam.allocate(1);
    b.energyGeV()[0] = 50f;
    b.particlePdg()[0] = m.particlePdg();
    sim.generate(b, 7, 0);
    double[] s = new double[referenceShowers];
    for (int i = 0; i < s.length; i++) {
      long t0 = System.nanoTime();
      sim.generate(b, 7, i + 1);
      s[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(s);
    Row r = new Row("reference simulation (CPU, 1 thread, 50 GeV)", 1, s, 0);
    out.printf(Locale.ROOT, "reference simulation: %.2f ms/shower%n", r.msPerShower(0.5));
    return r;
  }

  private void write(Path md, Path json, ExportedCalorimeter m, String device, double peak, List<Row> rows,
      Row reference, ObjectNode torch) throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("# GPU benchmark\n\n");
    s.append("- device: ").append(device).append('\n');
    s.append("- host CPU: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores\n");
    s.append("- model: ").append(m.file()).append('\n');
    s.append(String.format(Locale.ROOT, "- FP32 SGEMM peak measured here: %.1f TFLOP/s%n", peak / 1e12));
    if (torch != null) {
      s.append("- peer: PyTorch ").append(torch.path("torch").asText()).append(" (CUDA ")
          .append(torch.path("cuda").asText()).append(") on ").append(torch.path("device").asText()).append('\n');
    }
    s.append(String.format(Locale.ROOT, "- %d timed runs per row after 5 warm-ups; median, 25th-75th percentile%n%n",
        repeats));
    s.append("| method | batch | ms/shower (median) | 25th-75th | GFLOP/s | × reference | PyTorch ÷ ours |\n");
    s.append("|---|---:|---:|---|---:|---:|---:|\n");
    double ref = reference.msPerShower(0.5);
    for (Row r : rows) {
      Row peer = rows.stream().filter(p -> p.method().startsWith("PyTorch") && p.batch() == r.batch()).findFirst()
          .orElse(null);
      String vsPeer = peer != null && r.method().startsWith("GPU networks")
          ? String.format(Locale.ROOT, "%.2f", peer.msPerShower(0.5) / r.msPerShower(0.5)) : "";
      s.append(String.format(Locale.ROOT, "| %s | %d | %.5f | %.5f-%.5f | %s | %s | %s |%n", r.method(), r.batch(),
          r.msPerShower(0.5), r.msPerShower(0.25), r.msPerShower(0.75),
          Double.isNaN(r.gflops()) ? "" : String.format(Locale.ROOT, "%.0f (%.0f %% of peak)", r.gflops(),
              100 * r.gflops() * 1e9 / peak),
          r == reference ? "1" : String.format(Locale.ROOT, "%.0f", ref / r.msPerShower(0.5)), vsPeer));
    }
    if (cpuGeneratorMs != null) {
      Row e2e = rows.stream().filter(r -> r.method().startsWith("GPU end to end")).reduce((a, b) -> b).orElseThrow();
      s.append(String.format(Locale.ROOT, "%nCPU generator (given, measured elsewhere): %.4f ms/shower at batch 1000;"
          + " GPU end to end at batch %d: %.0f× faster.%n", cpuGeneratorMs, e2e.batch(),
          cpuGeneratorMs / e2e.msPerShower(0.5)));
    }
    s.append("\nPublished anchors (arXiv:1807.01954): Geant4 ~2000 ms/shower, WGAN 52 ms on CPU and 0.3 ms on a GPU.\n");
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("device", device);
    root.put("sgemmPeakFlops", peak);
    root.put("model", m.file().toString());
    ArrayNode a = root.putArray("rows");
    for (Row r : rows) {
      ObjectNode o = a.addObject();
      o.put("method", r.method());
      o.put("batch", r.batch());
      o.put("msPerShowerMedian", r.msPerShower(0.5));
      o.put("msPerShowerP25", r.msPerShower(0.25));
      o.put("msPerShowerP75", r.msPerShower(0.75));
      ArrayNode samples = o.putArray("msPerShower");
      for (double sec : r.seconds()) {
        samples.add(1e3 * sec / r.batch());
      }
      if (!Double.isNaN(r.gflops())) {
        o.put("gflops", r.gflops());
      }
    }
    String text = s.toString();
    AtomicFiles.writeString(md, text);
    AtomicFiles.writeString(json, Json.pretty(root));
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    } catch (IOException | UncheckedIOException e) {
      return "unknown CPU";
    }
  }
}
