package io.showers.cli;

import io.showers.datasets.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code showers quickstart}: the whole pipeline, small: simulate both detectors, inspect the
 * files, and every later stage that this build has, then a Markdown report of what was done.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline small and write DIR/report.md: simulate both detectors, inspect the",
      "files, and every later stage this build provides (train or load a shipped model, generate,",
      "evaluate, benchmark, refine)."
    })
final class QuickstartCommand implements Callable<Integer> {

  @Option(names = {"-o", "--output"}, defaultValue = "quickstart-out", paramLabel = "DIR",
      description = "Directory for the files and the report. Default: ${DEFAULT-VALUE}.")
  Path dir;

  @Option(names = "--events", defaultValue = "500", paramLabel = "N",
      description = "Events per simulated dataset. Default: ${DEFAULT-VALUE}.")
  int events;

  @Option(names = "--seed", defaultValue = "2026", description = "Master seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--threads", paramLabel = "T", description = "Worker threads. Default: all cores.")
  Integer threads;

  @Option(names = "--force", description = "Reuse a non-empty output directory, overwriting its files.")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Shared state of one quickstart run, passed from step to step. */
  static final class Context {
    final Path dir;
    final int events;
    final long seed;
    final int threads;
    final PrintWriter out;
    final StringBuilder report = new StringBuilder();

    Context(Path dir, int events, long seed, int threads, PrintWriter out) {
      this.dir = dir;
      this.events = events;
      this.seed = seed;
      this.threads = threads;
      this.out = out;
    }

    /** Runs a showers sub-command in-process and fails the quickstart if it fails. */
    String showers(String... args) {
      java.io.StringWriter text = new java.io.StringWriter();
      CommandLine cl = Showers.commandLine();
      cl.setOut(new PrintWriter(text, true));
      cl.setErr(new PrintWriter(text, true));
      int rc = cl.execute(args);
      if (rc != 0) {
        throw new UserException("quickstart step 'showers " + String.join(" ", args) + "' failed:\n" + text, rc);
      }
      return text.toString();
    }
  }

  /** One stage of the pipeline; returns the Markdown section for the report. */
  interface Step {
    String title();

    String run(Context ctx) throws Exception;
  }

  /** The stages, in order; each capability of the framework adds its own. */
  static List<Step> steps() {
    return new ArrayList<>(QuickstartSteps.all());
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (events < 10) {
      throw new UserException("--events " + events + " is invalid; expected at least 10");
    }
    if (Files.exists(dir) && !isEmptyDir(dir) && !force) {
      throw new UserException(dir + ": exists and is not empty; use --force to reuse it");
    }
    Files.createDirectories(dir);
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    Context ctx = new Context(dir, events, seed, t, out);
    ctx.report.append("# showers quickstart\n\n")
        .append("Seed ").append(seed).append(", ").append(events).append(" events per dataset, ")
        .append(t).append(" threads, ").append(Instant.now()).append(".\n\n");
    for (Step step : steps()) {
      out.println("== " + step.title());
      Instant start = Instant.now();
      String section = step.run(ctx);
      Duration took = Duration.between(start, Instant.now());
      ctx.report.append("## ").append(step.title())
          .append(String.format(" (%.1f s)%n%n", took.toMillis() / 1000.0)).append(section).append("\n\n");
    }
    Path report = dir.resolve("report.md");
    AtomicFiles.writeString(report, ctx.report);
    out.println("report: " + report);
    return 0;
  }

  private static boolean isEmptyDir(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (var s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }
}
