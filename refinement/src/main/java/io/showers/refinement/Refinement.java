package io.showers.refinement;

import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerDataset;
import io.showers.datasets.ShowerFileWriter;
import io.showers.detector.Detector;
import io.showers.detector.EventBatch;
import io.showers.detector.ProgressListener;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** File-level entry points: train a refiner from files, apply it to a file, evaluate it. */
public final class Refinement {
  private Refinement() {}

  /** Events of files of one detector configuration (one-line errors otherwise). */
  static CalorimeterEvents readCalorimeter(List<Path> files, String what) {
    try (ShowerDataset d = ShowerDataset.open(files)) {
      if (d.detector().kind() != Detector.CALORIMETER) {
        throw new IllegalArgumentException(what + " " + files + ": " + d.detector().kind().id()
            + " files; refinement is implemented for the calorimeter only in this build");
      }
      return (CalorimeterEvents) d.readAll();
    }
  }

  static CalorimeterConfig detectorOf(List<Path> files) {
    try (ShowerDataset d = ShowerDataset.open(files)) {
      return (CalorimeterConfig) d.detector();
    }
  }

  /** Trains on all events of {@code sim} and {@code data} and saves the refiner into {@code out}. */
  public static CalorimeterRefiner train(List<Path> sim, List<Path> data, RefinerTraining.Settings settings, Path out,
      boolean force, Consumer<RefinerTraining.Step> listener) throws IOException {
    if (Files.exists(out.resolve(CalorimeterRefiner.MODEL_FILE)) && !force) {
      throw new IllegalArgumentException(out + ": already holds a refiner; use --force to overwrite");
    }
    CalorimeterEvents s = readCalorimeter(sim, "--sim");
    CalorimeterEvents d = readCalorimeter(data, "--data");
    CalorimeterConfig cs = detectorOf(sim);
    CalorimeterConfig cd = detectorOf(data);
    if (!cs.toJson().equals(cd.toJson())) {
      throw new IllegalArgumentException("--sim and --data use different detector configurations: " + cs.toJson()
          + " vs " + cd.toJson());
    }
    CalorimeterRefiner r = RefinerTraining.train(cs, s, d, settings, listener);
    com.fasterxml.jackson.databind.node.ObjectNode t = (com.fasterxml.jackson.databind.node.ObjectNode) r.training();
    t.put("simFiles", sim.toString());
    t.put("dataFiles", data.toString());
    r.save(out);
    return r;
  }

  /** Timing of {@link #apply}. */
  public record Applied(int events, double seconds) {}

  /**
   * Refines every event of {@code in} and writes {@code out} with the same schema, the same
   * labels, seed and first event, and a {@code producer} naming the refiner and the input's producer.
   */
  public static Applied apply(Path modelDir, Path in, Path out, boolean force, ProgressListener progress) {
    CalorimeterRefiner r = CalorimeterRefiner.load(modelDir);
    ShowerFileWriter.prepareTarget(out, force);
    try (ShowerDataset d = ShowerDataset.open(in)) {
      r.requireDetector(d.detector(), in.toString());
      List<CalorimeterEvents> parts = new ArrayList<>();
      long t = System.nanoTime();
      for (EventBatch b : d.batches(1000)) {
        CalorimeterEvents refined = r.apply((CalorimeterEvents) b);
        parts.add(refined);
        progress.advance(b.size());
      }
      double sec = (System.nanoTime() - t) / 1e9;
      CalorimeterEvents all = CalorimeterEvents.concat(parts);
      FileMetadata m = d.metadata();
      ShowerFileWriter.write(out, all, new FileMetadata(m.schema(), m.detector(), r.producer(modelDir, m.producer()),
          m.seed(), m.firstEvent(), java.time.Instant.now()), force);
      return new Applied(all.size(), sec);
    }
  }

  /** Runs the downstream evaluation on held-out files and writes the report into {@code reportDir}. */
  public static CalorimeterRefinementEvaluation.Result evaluate(Path modelDir, List<Path> sim, List<Path> data,
      Path reportDir, long seed, ProgressListener progress) throws IOException {
    CalorimeterRefiner r = CalorimeterRefiner.load(modelDir);
    CalorimeterEvents s = readCalorimeter(sim, "--sim");
    CalorimeterEvents d = readCalorimeter(data, "--data");
    r.requireDetector(detectorOf(sim), "--sim " + sim);
    r.requireDetector(detectorOf(data), "--data " + data);
    CalorimeterRefinementEvaluation.Result res = CalorimeterRefinementEvaluation.run(r, s, d, seed, progress);
    String header = "Refiner `" + modelDir + "` (training: " + r.training().path("steps").asText() + " steps, alpha "
        + r.training().path("alpha").asText() + ", " + r.deadCellCount() + " dead cells found in data).\n"
        + "Simulation: " + sim + "; data: " + data + " (first half trains the data regressor, second half is the"
        + " held-out test set for all three).";
    String trainedSim = r.training().path("simFiles").asText("");
    String trainedData = r.training().path("dataFiles").asText("");
    if (trainedSim.equals(sim.toString()) || trainedData.equals(data.toString())) {
      header += "\n\n**Warning:** these are the refiner's training files; use held-out files for an honest evaluation.";
    }
    CalorimeterRefinementEvaluation.write(res, reportDir, header);
    return res;
  }
}
