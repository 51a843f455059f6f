package io.showers.cli;

import java.nio.file.Path;
import java.util.List;

/** The quickstart stages available in this build, in pipeline order. */
final class QuickstartSteps {
  private QuickstartSteps() {}

  static List<QuickstartCommand.Step> all() {
    return List.of(SIMULATE_CALORIMETER, SIMULATE_AIRSHOWER, new EvaluateFastSimulation(), new CalorimeterSurrogate(),
        new CalorimeterRefinement(), new QuickBenchmark());
  }

  /**
   * Simulates a few files of one detector and inspects them.
   *
   * @param runs per file: its name, then the extra options of {@code showers simulate DETECTOR}
   */
  record Simulate(String title, String detector, String description, String[][] runs) implements QuickstartCommand.Step {
    @Override
    public String run(QuickstartCommand.Context ctx) {
      StringBuilder md = new StringBuilder(description).append("\n\n");
      md.append("| file | options | events | seconds | ms per shower (all threads) |\n|---|---|---|---|---|\n");
      StringBuilder inspect = new StringBuilder();
      for (String[] run : runs) {
        Path file = ctx.dir.resolve(run[0]);
        List<String> extra = List.of(run).subList(1, run.length);
        java.util.List<String> args = new java.util.ArrayList<>(List.of("simulate", detector,
            "-n", String.valueOf(ctx.events), "--seed", String.valueOf(ctx.seed),
            "--threads", String.valueOf(ctx.threads), "-o", file.toString(), "--force"));
        args.addAll(extra);
        long t = System.nanoTime();
        ctx.showers(args.toArray(String[]::new));
        double s = (System.nanoTime() - t) / 1e9;
        md.append(String.format("| `%s` | `%s` | %d | %.1f | %.3f |%n", run[0], String.join(" ", extra),
            ctx.events, s, 1000 * s / ctx.events));
        inspect.append("$ showers inspect ").append(run[0]).append('\n')
            .append(ctx.showers("inspect", file.toString())).append('\n');
      }
      return md.append("\n```\n").append(inspect).append("```\n").toString();
    }
  }

  static final QuickstartCommand.Step SIMULATE_CALORIMETER = new Simulate(
      "Calorimeter: reference cascade Monte Carlo and parametrised fast simulation", "calorimeter",
      "Electrons at 20, 32, 50, 80 and 90 GeV, Gaussian beam spot of 5 mm, default 7-layer W/Si detector.",
      new String[][] {
        {"calorimeter-reference.h5", "--mode", "reference"},
        {"calorimeter-parametrised.h5", "--mode", "parametrised"}
      });

  static final QuickstartCommand.Step SIMULATE_AIRSHOWER = new Simulate(
      "Air-shower array: reference (with traces), fast mode, and the data-like profile", "airshower",
      "Primaries 3-100 EeV log-uniform, zenith up to 60 degrees, p/He/N/Fe in equal parts, 14x14 array.",
      new String[][] {
        {"airshower-reference.h5", "--mode", "reference", "--traces"},
        {"airshower-fast.h5", "--mode", "fast"},
        {"airshower-data.h5", "--mode", "fast", "--realism", "data"}
      });

  /** Quality of the fast simulations against their references, and how far "data" is from "sim". */
  static final class EvaluateFastSimulation implements QuickstartCommand.Step {
    @Override
    public String title() {
      return "Evaluation: fast simulations against the references, and simulation against data";
    }

    @Override
    public String run(QuickstartCommand.Context ctx) {
      StringBuilder md = new StringBuilder();
      md.append("Classifier AUC (0.5 = indistinguishable) next to the reference-vs-reference baseline,"
          + " Frechet and kernel physics distances on high-level observables; each report directory holds"
          + " report.md, index.html, metrics.json and the plots.\n\n");
      String[][] pairs = {
        {"calorimeter-reference.h5", "calorimeter-parametrised.h5", "eval-calorimeter-parametrised"},
        {"airshower-reference.h5", "airshower-fast.h5", "eval-airshower-fast"},
        {"airshower-fast.h5", "airshower-data.h5", "eval-airshower-sim-vs-data"}
      };
      for (String[] p : pairs) {
        String text = ctx.showers("evaluate", "--reference", ctx.dir.resolve(p[0]).toString(),
            "--candidate", ctx.dir.resolve(p[1]).toString(), "-o", ctx.dir.resolve(p[2]).toString(),
            "--seed", String.valueOf(ctx.seed));
        md.append("### `").append(p[1]).append("` against `").append(p[0]).append("`\n\n")
            .append("[report](").append(p[2]).append("/report.md)\n\n```\n").append(text.strip())
            .append("\n```\n\n");
      }
      return md.toString();
    }
  }

  /** The WGAN surrogate: the shipped model (or, without one, a short training run), generated and evaluated. */
  static final class CalorimeterSurrogate implements QuickstartCommand.Step {
    @Override
    public String title() {
      return "Calorimeter WGAN surrogate: generate and evaluate against the reference";
    }

    @Override
    public String run(QuickstartCommand.Context ctx) {
      StringBuilder md = new StringBuilder();
      Path shipped = Path.of(System.getProperty("showers.home", "."), "models", "calorimeter-wgan");
      Path model = shipped;
      if (java.nio.file.Files.isRegularFile(shipped.resolve("model.json"))) {
        md.append("Using the shipped model `models/calorimeter-wgan` (see its MODEL_CARD.md).\n\n");
      } else {
        model = ctx.dir.resolve("model-calorimeter");
        md.append("No shipped model found; training a small one on the quickstart reference showers"
            + " (300 steps: a smoke test of the pipeline, not a faithful surrogate).\n\n");
        ctx.showers("train", "--data", ctx.dir.resolve("calorimeter-reference.h5").toString(), "-o", model.toString(),
            "--steps", "300", "--batch-size", "64", "--seed", String.valueOf(ctx.seed), "--force");
      }
      Path out = ctx.dir.resolve("calorimeter-wgan.h5");
      long t = System.nanoTime();
      ctx.showers("generate", "calorimeter", "--model", model.toString(), "-n", String.valueOf(ctx.events),
          "--seed", String.valueOf(ctx.seed), "-o", out.toString(), "--force");
      double s = (System.nanoTime() - t) / 1e9;
      md.append(String.format("Generated %d showers in %.2f s (including start-up and writing).%n%n", ctx.events, s));
      String text = ctx.showers("evaluate", "--reference", ctx.dir.resolve("calorimeter-reference.h5").toString(),
          "--candidate", out.toString(), "-o", ctx.dir.resolve("eval-calorimeter-wgan").toString(),
          "--seed", String.valueOf(ctx.seed));
      md.append("[report](eval-calorimeter-wgan/report.md)\n\n```\n").append(text.strip()).append("\n```\n");
      return md.toString();
    }
  }

  /** Sim-to-data refinement of calorimeter showers and its downstream test. */
  static final class CalorimeterRefinement implements QuickstartCommand.Step {
    @Override
    public String title() {
      return "Refinement: learn the calorimeter's simulation-to-data correction";
    }

    @Override
    public String run(QuickstartCommand.Context ctx) {
      String n = String.valueOf(Math.max(1000, ctx.events));
      String[][] files = {{"refine-sim.h5", "sim", "11"}, {"refine-data.h5", "data", "12"},
        {"refine-sim-test.h5", "sim", "13"}, {"refine-data-test.h5", "data", "14"}};
      for (String[] f : files) {
        ctx.showers("simulate", "calorimeter", "--mode", "parametrised", "--realism", f[1], "--energy-range", "10:90",
            "-n", n, "--seed", String.valueOf(ctx.seed + Long.parseLong(f[2])), "-o", ctx.dir.resolve(f[0]).toString(), "--force");
      }
      Path model = ctx.dir.resolve("refiner-calorimeter");
      ctx.showers("refine", "train", "--sim", ctx.dir.resolve("refine-sim.h5").toString(), "--data",
          ctx.dir.resolve("refine-data.h5").toString(), "-o", model.toString(), "--steps", "300", "--force");
      String text = ctx.showers("refine", "evaluate", "--model", model.toString(), "--sim",
          ctx.dir.resolve("refine-sim-test.h5").toString(), "--data", ctx.dir.resolve("refine-data-test.h5").toString(),
          "-o", ctx.dir.resolve("refine-report").toString(), "--force");
      return "Parametrised showers (10-90 GeV) with the ideal (sim) and data-like detector response; refiner trained"
          + " unpaired for 300 steps, then an energy regressor trained on sim, refined sim and data is tested on"
          + " held-out data. [report](refine-report/report.md)\n\n```\n" + text.strip() + "\n```\n";
    }
  }

  /** The quick benchmark: ms per shower of every method, in this run, on this machine. */
  static final class QuickBenchmark implements QuickstartCommand.Step {
    @Override
    public String title() {
      return "Benchmark (quick): milliseconds per shower";
    }

    @Override
    public String run(QuickstartCommand.Context ctx) throws Exception {
      Path out = ctx.dir.resolve("benchmark");
      java.util.List<String> args = new java.util.ArrayList<>(List.of("benchmark", "--quick", "-o", out.toString(), "--force"));
      Path shipped = Path.of(System.getProperty("showers.home", "."), "models", "calorimeter-wgan");
      args.addAll(List.of("--model", java.nio.file.Files.isRegularFile(shipped.resolve("model.json"))
          ? shipped.toString() : ctx.dir.resolve("model-calorimeter").toString()));
      ctx.showers(args.toArray(String[]::new));
      // nest the benchmark report's own headings under this section
      return java.nio.file.Files.readString(out.resolve("benchmark.md"))
          .replaceFirst("^# [^\n]*\n", "").replace("\n## ", "\n### ");
    }
  }
}
