package io.showers.cli;

import io.showers.benchmarks.report.BenchmarkReport;
import io.showers.benchmarks.report.BenchmarkRow;
import io.showers.benchmarks.report.BenchmarkRun;
import io.showers.benchmarks.report.BenchmarkSuite;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code showers benchmark}: milliseconds per shower of simulators and surrogates, with a report. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = {
      "Milliseconds per shower (median and spread) of the calorimeter and air-shower simulators and",
      "of both WGANs at batch sizes 1 ... 10 000, measured with JMH (one forked JVM per setting),",
      "with the speed-up over each detector's reference simulation (calorimeter 50 GeV, air shower",
      "10 EeV), the backend, peak memory, the calorimeter generator's GFLOP/s against the machine's",
      "GEMM peak, a PyTorch peer (when python3-torch is installed) and published anchors. Writes",
      "DIR/benchmark.md, DIR/benchmark.json, DIR/benchmark.png and DIR/jmh.log."
    })
final class BenchmarkCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "Short version: a subset of settings and short iterations (a few minutes).")
  boolean quick;

  @Option(names = {"-o", "--output"}, defaultValue = "benchmark", paramLabel = "DIR",
      description = "Report directory (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--model", paramLabel = "DIR",
      description = "Calorimeter surrogate to time (default: the shipped models/calorimeter-wgan; "
          + "without one the GAN rows say 'not available').")
  Path model;

  @Option(names = "--air-model", paramLabel = "DIR",
      description = "Air-shower surrogate to time end to end (default: the shipped models/airshower-wgan;"
          + " without one its rows say 'not available').")
  Path airModel;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads of every benchmark JVM and of the PyTorch peer (sets OMP_NUM_THREADS for them;"
          + " default: ND4J's own choice, all cores).")
  Integer threads;

  @Option(names = "--no-torch", description = "Skip the PyTorch peer.")
  boolean noTorch;

  @Option(names = "--force", description = "Reuse a non-empty output directory, overwriting its files.")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new UserException(output + ": exists and is not a directory");
    }
    if (Files.isDirectory(output) && !isEmptyDir(output) && !force) {
      throw new UserException(output + ": exists and is not empty; use --force to reuse it");
    }
    if (threads != null && (threads < 1 || threads > 1024)) {
      throw new UserException("--threads must be between 1 and 1024, got " + threads);
    }
    if (model != null && !Files.isDirectory(model)) {
      throw new UserException("--model " + model + ": no such directory");
    }
    if (airModel != null && !Files.isDirectory(airModel)) {
      throw new UserException("--air-model " + airModel + ": no such directory");
    }
    Path home = Path.of(System.getProperty("showers.home", "."));
    Path dir = model != null ? model : home.resolve("models").resolve("calorimeter-wgan");
    Path airDir = airModel != null ? airModel : home.resolve("models").resolve("airshower-wgan");
    Files.createDirectories(output);
    Path log = output.resolve("jmh.log");
    Files.deleteIfExists(log);
    BenchmarkSuite.Options o = new BenchmarkSuite.Options(quick, dir, log, !noTorch,
        threads == null ? 0 : threads, airDir);
    BenchmarkRun run;
    try (ProgressBars.Bar bar = ProgressBars.start(quick ? "benchmark (quick)" : "benchmark",
        BenchmarkSuite.plannedWork(quick, Files.isDirectory(dir), Files.isDirectory(airDir)), "steps")) {
      run = BenchmarkSuite.run(o, bar, bar::message);
    }
    BenchmarkReport.write(run, output);
    for (BenchmarkRow r : run.rows()) {
      if (r.available()) {
        double s = run.speedUp(r);
        out.printf(Locale.ROOT, "%-11s %-34s %-12s %12.5g ms/shower%s%n", r.group(), r.method(), r.setting(),
            r.median(), Double.isNaN(s) ? "" : String.format(Locale.ROOT, "  (%.4g× its reference)", s));
      } else {
        out.printf(Locale.ROOT, "%-11s %-34s %-12s not available: %s%n", r.group(), r.method(), r.setting(),
            r.unavailable());
      }
    }
    out.printf(Locale.ROOT, "GEMM peak %.0f GFLOP/s; %.0f s%n", run.gemmPeakGflops(), run.seconds());
    out.printf(Locale.ROOT, "wrote %s (%s, %s, %s)%n", output, BenchmarkReport.MARKDOWN, BenchmarkReport.JSON,
        BenchmarkReport.PNG);
    return 0;
  }

  private static boolean isEmptyDir(Path p) throws IOException {
    try (var s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }
}
