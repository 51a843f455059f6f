package io.showers.benchmarks.report;

import io.showers.benchmarks.AirShowerSimulationBenchmark;
import io.showers.benchmarks.CalorimeterSimulationBenchmark;
import io.showers.benchmarks.ForkMemory;
import io.showers.benchmarks.GanGenerationBenchmark;
import io.showers.benchmarks.GemmPeak;
import io.showers.benchmarks.MachineInfo;
import io.showers.benchmarks.RefinerApplicationBenchmark;
import io.showers.benchmarks.Threads;
import io.showers.detector.Detector;
import io.showers.detector.ProgressListener;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.surrogate.SurrogateModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks programmatically, one JMH run (one forked JVM) per setting, so that a
 * failing setting becomes an "not available" row instead of ending the report; then the GEMM
 * peak and the PyTorch peer in this JVM.
 */
public final class BenchmarkSuite {
  private BenchmarkSuite() {}

  /**
   * How to run.
   *
   * @param quick the short version (subset of settings, 2 × 1 s warm-up, 5 × 1 s measured)
   * @param model calorimeter surrogate directory
   * @param log where JMH's own output goes (appended), or null
   * @param torch whether to try the PyTorch peer
   * @param threads threads of the benchmark JVMs and the peer (OMP_NUM_THREADS and ND4J's caps), 0 for
   *     the defaults
   */
  public record Options(boolean quick, Path model, Path log, boolean torch, int threads, Path airModel) {
    /** Default threads (ND4J's own choice), no air-shower model. */
    public Options(boolean quick, Path model, Path log, boolean torch) {
      this(quick, model, log, torch, 0, null);
    }
  }

  /** One JMH setting: a benchmark class with fixed parameters. */
  public record Trial(String group, String method, String setting, int batch, Class<?> benchmark,
      String benchmarkMethod, Map<String, String> params) {}

  static final int[] QUICK_BATCHES = {1, 100, 1000, 10000};
  static final int[] FULL_BATCHES = {1, 10, 100, 1000, 10000};
  static final int[] QUICK_REFINER_BATCHES = {1, 1000};
  static final int[] FULL_REFINER_BATCHES = {1, 100, 1000};
  static final String REFINER_METHOD = "calorimeter refiner (ND4J CPU)";
  static final String AIR_GAN_METHOD = "WGAN air shower (ND4J CPU)";

  /** As below, without an air-shower model. */
  public static List<Trial> plan(boolean quick, boolean gan) {
    return plan(quick, gan, null);
  }

  /**
   * The settings of a run, the calorimeter reference at 50 GeV (the speed-up baseline) first; with {@code airModel}
   * (null: none), the air-shower WGAN end to end at each batch size.
   */
  public static List<Trial> plan(boolean quick, boolean gan, Path airModel) {
    List<Trial> t = new ArrayList<>();
    t.add(calo("reference", 50));
    if (quick) {
      t.add(calo("reference", 10));
      t.add(calo("parametrised", 50));
      t.add(air("reference", 10));
      t.add(air("fast", 10));
    } else {
      t.add(calo("reference", 10));
      t.add(calo("reference", 100));
      for (int e : new int[] {10, 50, 100}) {
        t.add(calo("parametrised", e));
      }
      for (String m : new String[] {"reference", "fast"}) {
        for (int e : new int[] {3, 10, 100}) {
          t.add(air(m, e));
        }
      }
    }
    for (int b : quick ? QUICK_REFINER_BATCHES : FULL_REFINER_BATCHES) {
      // trained in the fork's setup, so it needs no model directory
      t.add(new Trial(BenchmarkRow.REFINER, REFINER_METHOD, "batch " + b, b, RefinerApplicationBenchmark.class,
          "refineBatch", Map.of("batch", String.valueOf(b))));
    }
    if (gan) {
      for (int b : quick ? QUICK_BATCHES : FULL_BATCHES) {
        t.add(new Trial(BenchmarkRow.GAN, "WGAN calorimeter (ND4J CPU)", "batch " + b, b,
            GanGenerationBenchmark.class, "batchOfShowers", Map.of("batch", String.valueOf(b))));
      }
      for (int b : quick ? QUICK_BATCHES : FULL_BATCHES) {
        t.add(new Trial(BenchmarkRow.GAN_NETWORK, "WGAN network only (ND4J CPU)", "batch " + b, b,
            GanGenerationBenchmark.class, "networkOnly", Map.of("batch", String.valueOf(b))));
      }
    }
    if (airModel != null) {
      for (int b : quick ? QUICK_BATCHES : FULL_BATCHES) {
        t.add(new Trial(BenchmarkRow.AIR_GAN, AIR_GAN_METHOD, "batch " + b, b, GanGenerationBenchmark.class,
            "batchOfShowers", Map.of("batch", String.valueOf(b), "model", airModel.toString())));
      }
    }
    return t;
  }

  private static Trial calo(String mode, int gev) {
    return new Trial(BenchmarkRow.CALORIMETER, mode, gev + " GeV", 1, CalorimeterSimulationBenchmark.class,
        "shower", Map.of("mode", mode, "energyGeV", String.valueOf(gev)));
  }

  private static Trial air(String mode, int eev) {
    return new Trial(BenchmarkRow.AIR_SHOWER, mode, eev + " EeV", 1, AirShowerSimulationBenchmark.class,
        "shower", Map.of("mode", mode, "energyEeV", String.valueOf(eev)));
  }

  /** Human description of the iteration settings. */
  public static String settings(boolean quick) {
    return quick
        ? "JMH, 1 fork per setting, warm-up 2 × 1 s, 5 measured iterations of 1 s (quick subset of settings)."
        : "JMH, 1 fork per setting, warm-up 2 × 2 s, 10 measured iterations of 2 s (all settings).";
  }

  /** Number of progress units of a run: one per JMH setting plus GEMM and the peer. */
  public static int plannedWork(boolean quick, boolean gan, boolean airGan) {
    return plan(quick, gan, airGan ? Path.of("") : null).size() + 2;
  }

  /** Loads the calorimeter model's generator spec, or returns the reason it cannot be used. */
  static Object loadSpec(Path dir) {
    return loadSpec(dir, Detector.CALORIMETER);
  }

  /** Loads the generator spec of a model for {@code kind}, or returns the reason it cannot be used. */
  static Object loadSpec(Path dir, Detector kind) {
    try {
      if (!Files.isDirectory(dir)) {
        return "no model directory at " + dir;
      }
      if (!Files.exists(dir.resolve(SurrogateModel.MODEL_FILE))) {
        return dir + " has no " + SurrogateModel.MODEL_FILE + " (not a trained model)";
      }
      SurrogateModel<?, ?> m = SurrogateModel.load(dir);
      if (m.detector().kind() != kind) {
        return dir + " is a " + m.detector().kind() + " model; expected a " + kind + " model";
      }
      return m.generator().spec();
    } catch (RuntimeException e) {
      return "cannot load " + dir + ": " + e.getMessage();
    }
  }

  /** Runs everything and returns the result set (never throws for a failing setting). */
  public static BenchmarkRun run(Options o, ProgressListener progress, Consumer<String> status) {
    long t0 = System.nanoTime();
    String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadStart = loadAverage();
    Path model = o.model().toAbsolutePath().normalize();
    Object spec = loadSpec(model);
    boolean gan = spec instanceof DenseSpec;
    String modelText = gan
        ? model + ", " + spec + ", " + String.format(Locale.ROOT, "%.2f MFLOP/shower",
            Flops.denseForward((DenseSpec) spec) / 1e6)
        : "not available: " + spec;
    Path airModel = o.airModel() == null ? null : o.airModel().toAbsolutePath().normalize();
    Object airSpec = airModel == null ? "no air-shower model given" : loadSpec(airModel, Detector.AIRSHOWER);
    boolean airGan = airSpec instanceof DenseSpec;
    modelText += "; air shower: " + (airGan ? airModel + ", " + airSpec : "not available: " + airSpec);
    long flops = gan ? Flops.denseForward((DenseSpec) spec) : 0;

    List<BenchmarkRow> rows = new ArrayList<>();
    Path rss;
    try {
      rss = Files.createTempFile("showers-bench-rss", ".txt");
      Files.deleteIfExists(rss);
    } catch (IOException e) {
      rss = Path.of(System.getProperty("java.io.tmpdir"), "showers-bench-rss-" + ProcessHandle.current().pid());
    }
    Path launcher = o.threads() > 0 ? launcher(o.threads()) : null;
    for (Trial t : plan(o.quick(), gan, airGan ? airModel : null)) {
      status.accept(t.group() + " " + t.method() + " " + t.setting());
      rows.add(runTrial(t, o, model, rss, launcher));
      progress.advance(1);
    }
    if (launcher != null) {
      try {
        Files.deleteIfExists(launcher);
      } catch (IOException e) {
        // temporary file
      }
    }
    if (!gan) {
      for (int b : o.quick() ? QUICK_BATCHES : FULL_BATCHES) {
        rows.add(BenchmarkRow.unavailable(BenchmarkRow.GAN, "WGAN calorimeter (ND4J CPU)", "batch " + b, b,
            String.valueOf(spec)));
      }
      rows.add(BenchmarkRow.unavailable(BenchmarkRow.GAN_NETWORK, "WGAN network only (ND4J CPU)", "all batches", 0,
          String.valueOf(spec)));
    }
    if (!airGan) {
      rows.add(BenchmarkRow.unavailable(BenchmarkRow.AIR_GAN, AIR_GAN_METHOD, "all batches", 0,
          String.valueOf(airSpec)));
    }
    status.accept("GAN on the GPU (showers-gpu)");
    String home = System.getProperty("showers.home");
    rows.addAll(GpuRows.measure(home == null ? null : Path.of(home), model,
        o.quick() ? QUICK_BATCHES : FULL_BATCHES, o.quick()));

    status.accept("GEMM peak");
    Map<String, String> machine = new LinkedHashMap<>();
    double peak = Double.NaN;
    int n = 2048;
    try {
      if (o.threads() > 0) {
        // the GEMM peak on the same number of threads (ND4J's caps; OMP_NUM_THREADS is fixed at start)
        System.setProperty(Threads.PROPERTY, String.valueOf(o.threads()));
        Threads.apply();
      }
      machine.putAll(MachineInfo.describe());
      peak = GemmPeak.measure(n, o.quick() ? 7 : 15);
    } catch (RuntimeException | LinkageError e) {
      machine.put("nd4j", "failed to load: " + e.getMessage());
    }
    progress.advance(1);

    status.accept("PyTorch peer");
    int[] batches = o.quick() ? QUICK_BATCHES : FULL_BATCHES;
    if (!o.torch()) {
      rows.add(BenchmarkRow.unavailable(BenchmarkRow.PYTORCH, "same network (PyTorch CPU)", "all batches", 0,
          "skipped (--no-torch)"));
    } else if (!gan) {
      rows.add(BenchmarkRow.unavailable(BenchmarkRow.PYTORCH, "same network (PyTorch CPU)", "all batches", 0,
          "no generator architecture: " + spec));
    } else {
      int threads = o.threads() > 0 ? o.threads() : threads(machine);
      TorchPeer.Result r = TorchPeer.run((DenseSpec) spec, threads, batches, o.quick() ? 5 : 10,
          o.quick() ? 0.5 : 1.0, o.quick() ? 0.5 : 2.0);
      if (r.unavailable() != null) {
        rows.add(BenchmarkRow.unavailable(BenchmarkRow.PYTORCH, "same network (PyTorch CPU)", "all batches", 0,
            r.unavailable()));
      } else {
        for (Map.Entry<Integer, double[]> e : r.msPerShower().entrySet()) {
          rows.add(BenchmarkRow.measured(BenchmarkRow.PYTORCH,
              "same network (" + r.describe() + ", " + threads + " threads)", "batch " + e.getKey(),
              e.getKey(), e.getValue(), -1));
        }
        machine.put("pytorch peer", r.describe() + ", " + threads + " threads (" + r.blas() + ")");
      }
    }
    progress.advance(1);
    machine.put(LOAD_START, loadStart);
    machine.put("benchmark threads", o.threads() > 0
        ? o.threads() + " (--threads: OMP_NUM_THREADS and ND4J caps in every benchmark JVM)"
        : "ND4J default (OMP_NUM_THREADS " + (System.getenv("OMP_NUM_THREADS") == null ? "unset"
            : System.getenv("OMP_NUM_THREADS")) + ")");
    machine.put(LOAD_END, loadAverage());
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new BenchmarkRun(o.quick(), settings(o.quick()), machine, peak, n, modelText, flops,
        MachineInfo.peakRssMiB(), rows, seconds, timestamp);
  }

  public static final String LOAD_START = "load average at start (1/5/15 min)";
  public static final String LOAD_END = "load average at end (1/5/15 min)";

  /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static int threads(Map<String, String> machine) {
    try {
      return Integer.parseInt(machine.getOrDefault("omp.threads", ""));
    } catch (NumberFormatException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  /**
   * A script that starts this JVM's java with OMP_NUM_THREADS set: JMH forks inherit the
   * environment, and OpenMP (oneDNN, OpenBLAS) reads the thread count only from there.
   */
  static Path launcher(int threads) {
    try {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Path script = Files.createTempFile("showers-bench-java", ".sh");
      Files.writeString(script, "#!/bin/sh\nOMP_NUM_THREADS=" + threads + " exec '" + java + "' \"$@\"\n");
      script.toFile().setExecutable(true);
      return script;
    } catch (IOException e) {
      return null;
    }
  }

  /** One forked JMH run of one setting. */
  static BenchmarkRow runTrial(Trial t, Options o, Path model, Path rss, Path launcher) {
    ChainedOptionsBuilder b = new OptionsBuilder()
        .include("^" + Pattern.quote(t.benchmark().getName() + "." + t.benchmarkMethod()) + "$")
        .forks(1)
        .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
        .timeUnit(TimeUnit.MILLISECONDS)
        .warmupIterations(2)
        .warmupTime(TimeValue.seconds(o.quick() ? 1 : 2))
        .measurementIterations(o.quick() ? 5 : 10)
        .measurementTime(TimeValue.seconds(o.quick() ? 1 : 2))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.NORMAL)
        .jvmArgsAppend("-Dshowers.model=" + model, "-D" + ForkMemory.PROPERTY + "=" + rss,
            "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-D" + Threads.PROPERTY + "=" + o.threads());
    if (launcher != null) {
      b.jvm(launcher.toString());
    }
    for (Map.Entry<String, String> p : t.params().entrySet()) {
      b.param(p.getKey(), p.getValue());
    }
    return runTrial(t, b, rss, o.log());
  }

  /** Runs prepared options and turns the per-iteration scores (ms per call) into a row. */
  public static BenchmarkRow runTrial(Trial t, ChainedOptionsBuilder options, Path rss, Path log) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    try {
      Collection<RunResult> results = new Runner(options.build(),
          OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL)).run();
      List<Double> ms = new ArrayList<>();
      for (RunResult r : results) {
        for (BenchmarkResult br : r.getBenchmarkResults()) {
          for (IterationResult ir : br.getIterationResults()) {
            ms.add(ir.getPrimaryResult().getScore() / t.batch());
          }
        }
      }
      if (ms.isEmpty()) {
        return BenchmarkRow.unavailable(t.group(), t.method(), t.setting(), t.batch(),
            "JMH returned no iterations" + firstError(captured));
      }
      return BenchmarkRow.measured(t.group(), t.method(), t.setting(), t.batch(),
          ms.stream().mapToDouble(Double::doubleValue).toArray(), ForkMemory.read(rss));
    } catch (RunnerException | RuntimeException e) {
      String err = firstError(captured);
      return BenchmarkRow.unavailable(t.group(), t.method(), t.setting(), t.batch(),
          err.isEmpty() ? String.valueOf(e.getMessage()) : err.substring(2));
    } finally {
      out.flush();
      if (log != null) {
        try {
          Files.writeString(log, "==== " + t.group() + " " + t.method() + " " + t.setting() + "\n" + captured,
              StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
          // the log is a convenience
        }
      }
    }
  }

  /** ": first exception line" from JMH's output, or "". */
  static String firstError(ByteArrayOutputStream captured) {
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      String l = line.trim();
      if (l.matches("^[\\w.$]+(Exception|Error)(:.*)?$")) {
        return ": " + l;
      }
    }
    return "";
  }
}
