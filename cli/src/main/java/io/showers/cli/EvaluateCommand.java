package io.showers.cli;

import io.showers.benchmarks.quality.QualityReport;
import io.showers.datasets.ShowerDataset;
import io.showers.detector.EventBatch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code showers evaluate}: quality report of a candidate dataset against a reference. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {
      "Compare a candidate dataset (surrogate, fast simulation, refined sample) with a reference",
      "of the same detector and configuration: observables and their separation powers and",
      "Wasserstein distances, FPD/KPD, classifier AUCs (low- and high-level), the energy response,",
      "each next to a reference-vs-reference baseline. Writes DIR/report.md, DIR/index.html,",
      "DIR/metrics.json and the PNG plots."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--reference", required = true, paramLabel = "A.h5",
      description = "Reference file, shard directory or shard base name.")
  Path reference;

  @Option(names = "--candidate", required = true, paramLabel = "B.h5",
      description = "Candidate file, shard directory or shard base name.")
  Path candidate;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Report directory.")
  Path output;

  @Option(names = "--max-events", defaultValue = "0", paramLabel = "N",
      description = "Use at most N events of each sample (default: all).")
  int maxEvents;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED",
      description = "Seed of the bootstraps, data splits and network initialisations (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-networks", description = "Skip the classifier tests and the energy response (fast).")
  boolean noNetworks;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (maxEvents < 0) {
      throw new UserException("--max-events must be >= 0, got " + maxEvents);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (ShowerDataset ref = ShowerDataset.open(List.of(reference));
        ShowerDataset cand = ShowerDataset.open(List.of(candidate))) {
      QualityReport.checkCompatible(ref.detector(), reference.toString(), cand.detector(), candidate.toString());
      EventBatch r = read(ref);
      EventBatch c = read(cand);
      QualityReport.Options o = QualityReport.Options.defaults().withSeed(seed).withMaxEvents(maxEvents)
          .withNetworks(!noNetworks);
      QualityReport.Summary s;
      try (ProgressBars.Bar bar = ProgressBars.start("evaluate",
          QualityReport.plannedWork(r.size(), c.size(), o), "steps")) {
        s = QualityReport.write(r, ref.detector(), reference.toString(), c, cand.detector(), candidate.toString(),
            output, o, bar);
      }
      out.printf(Locale.ROOT, "wrote %s (report.md, index.html, metrics.json, plots)%n", output);
      for (Map.Entry<String, io.showers.generative.evaluation.ClassifierTest.Result> e : s.classifiers().entrySet()) {
        var b = s.baselineClassifiers().get(e.getKey());
        out.printf(Locale.ROOT, "AUC %-10s %.3f ± %.3f%s%n", e.getKey(), e.getValue().auc(), e.getValue().error(),
            b == null ? "" : String.format(Locale.ROOT, "   (reference vs reference %.3f ± %.3f)", b.auc(), b.error()));
      }
      out.printf(Locale.ROOT, "FPD ×10³  %.3f ± %.3f   KPD ×10³  %.4f ± %.4f%n", 1e3 * s.distances().fpd().value(),
          1e3 * s.distances().fpd().error(), 1e3 * s.distances().kpd().value(), 1e3 * s.distances().kpd().error());
      double total = s.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
      out.printf(Locale.ROOT, "%.1f s%n", total);
    }
    return 0;
  }

  private EventBatch read(ShowerDataset d) {
    long n = maxEvents > 0 ? Math.min(maxEvents, d.size()) : d.size();
    if (n < 2) {
      throw new UserException(d.files().get(0).path() + ": needs at least 2 events, has " + d.size());
    }
    if (n > Integer.MAX_VALUE) {
      throw new UserException(d.files().get(0).path() + ": too many events to evaluate at once; use --max-events");
    }
    return d.read(0, (int) n);
  }
}
