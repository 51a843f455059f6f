package io.showers.cli;

import io.showers.refinement.Refiner;
import io.showers.refinement.RefinementEvaluation;
import io.showers.refinement.Refinement;
import io.showers.refinement.RefinerTraining;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code showers refine}: train, apply and evaluate sim-to-data refiners (calorimeter and air-shower files). */
@Command(name = "refine", mixinStandardHelpOptions = true,
    description = "Train, apply and evaluate adversarial sim-to-data refiners (calorimeter or air-shower files; the files' detector decides).",
    subcommands = {RefineCommand.Train.class, RefineCommand.Apply.class, RefineCommand.Evaluate.class})
final class RefineCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new UserException("showers refine: missing sub-command (train, apply or evaluate); see 'showers refine --help'");
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {"Train a refiner R(x) = x + f(x) from simulated to data events (unpaired; data labels unused).",
          "Writes DIR/refiner.json (detector configuration, preprocessing, settings) and DIR/refiner.weights."})
  static final class Train implements Callable<Integer> {
    @Option(names = "--sim", required = true, arity = "1..*", paramLabel = "FILE", description = "Simulated files.")
    List<Path> sim;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE", description = "Data files (same detector configuration).")
    List<Path> data;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Refiner directory to write.")
    Path output;

    @Option(names = "--steps", defaultValue = "600", description = "Refiner updates. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--alpha", defaultValue = "20", description = "Self-regularisation weight of mean |R(x) - x|. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--lr", defaultValue = "3e-4", description = "Refiner learning rate (Adam). Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--batch-size", defaultValue = "64", description = "Events per mini-batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of weights and draws. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--empty-cells", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Also refine empty cells (calorimeter) or untriggered stations (air shower) next to hits, which may then cross the"
            + " threshold as cross-talk, noise or a muon excess make them do. Default: ${DEFAULT-VALUE}.")
    boolean emptyCells;

    @Option(names = "--critic-sees-cells", description = "Calorimeter: the critic sees every cell besides the event summaries.")
    boolean criticSeesCells;

    @Option(names = "--force", description = "Overwrite an existing refiner directory.")
    boolean force;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (steps < 1) {
        throw new UserException("--steps must be at least 1, got " + steps);
      }
      RefinerTraining.Settings d = RefinerTraining.Settings.defaults();
      RefinerTraining.Settings s = new RefinerTraining.Settings(steps, batchSize, d.criticSteps(), d.lambda(), alpha,
          lr, d.lrCritic(), d.refinerHidden(), d.criticHidden(), Math.max(d.bufferSize(), batchSize),
          d.criticPretrain(), criticSeesCells, emptyCells, seed);
      PrintWriter out = spec.commandLine().getOut();
      long t = System.nanoTime();
      Refiner r;
      try (ProgressBars.Bar bar = ProgressBars.start("refine train", steps, "steps")) {
        r = Refinement.train(sim, data, s, output, force, st -> {
          bar.advance(1);
          bar.message(String.format(Locale.ROOT, "W=%.3f |f|=%.4f dlogS=%+.3f", st.wasserstein(), st.meanAbsCorrection(),
              st.logEnergyShift()));
        });
      }
      out.printf(Locale.ROOT, "wrote %s (%s, %.0f s)%n", output, r.summary(),
          (System.nanoTime() - t) / 1e9);
      return 0;
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Refine every event of a file; writes the same schema and labels, producer = the refiner.")
  static final class Apply implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Refiner directory.")
    Path model;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Simulated file to refine.")
    Path in;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Refined file to write.")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (!Files.exists(in)) {
        throw new UserException(in + ": no such file");
      }
      Refinement.Applied a;
      try (ProgressBars.Bar bar = ProgressBars.start("refine apply", -1, "events")) {
        a = Refinement.apply(model, in, output, force, bar);
      }
      spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%d events, %.3f ms/event)%n", output, a.events(),
          1e3 * a.seconds() / a.events());
      return 0;
    }
  }

  @Command(name = "evaluate", mixinStandardHelpOptions = true,
      description = {"Downstream proof on held-out files: an energy regressor trained on sim, on refined sim and on",
          "the first half of the data, each scored on the second half of the data; writes report.md/json and response.png."})
  static final class Evaluate implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Refiner directory.")
    Path model;

    @Option(names = "--sim", required = true, arity = "1..*", paramLabel = "FILE", description = "Held-out simulated files.")
    List<Path> sim;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE", description = "Held-out data files.")
    List<Path> data;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Report directory.")
    Path output;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the regressors. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--repeats", defaultValue = "3",
        description = "Trainings of each regressor (seeds seed, seed+1, ...), averaged per energy. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--force", description = "Overwrite an existing report.")
    boolean force;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      RefinementEvaluation.Result r;
      try (ProgressBars.Bar bar = ProgressBars.start("refine evaluate", 5, "stages")) {
        r = Refinement.evaluate(model, sim, data, output, seed, repeats, force, bar);
      }
      PrintWriter out = spec.commandLine().getOut();
      for (RefinementEvaluation.Response x : r.responses()) {
        out.printf(Locale.ROOT, "trained on %-19s mean |bias| %.4f resolution %.4f%n", x.trainedOn(), x.bias(), x.resolution());
      }
      out.printf(Locale.ROOT, "gap closure: bias %.2f, resolution %.2f; report %s%n", r.biasClosure(),
          r.resolutionClosure(), output.resolve("report.md"));
      return 0;
    }
  }
}
