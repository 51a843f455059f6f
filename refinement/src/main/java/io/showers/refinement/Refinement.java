package io.showers.refinement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerDataset;
import io.showers.datasets.ShowerFileWriter;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.ProgressListener;
import io.showers.detector.Seeds;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * File-level entry points used by {@code showers refine}: train a refiner from files, apply it to a
 * file, evaluate it. Each dispatches on the files' detector (calorimeter or air-shower array).
 */
public final class Refinement {
  private Refinement() {}

  /** All events of some files and their detector configuration. */
  record Events(EventBatch events, DetectorConfig config) {}

  /** Reads files of one detector configuration (one-line errors otherwise). */
  static Events read(List<Path> files, String what) {
    try (ShowerDataset d = ShowerDataset.open(files)) {
      if (d.size() == 0) {
        throw new IllegalArgumentException(what + " " + files + ": no events");
      }
      return new Events(d.readAll(), d.detector());
    }
  }

  /** Fails with a one-line message unless simulation and data share one detector configuration. */
  static void requireSameDetector(Events sim, Events data) {
    if (sim.config().kind() != data.config().kind() || !sim.config().toJson().equals(data.config().toJson())) {
      throw new IllegalArgumentException("--sim and --data use different detectors: " + sim.config().kind().id() + " "
          + sim.config().toJson() + " vs " + data.config().kind().id() + " " + data.config().toJson());
    }
  }

  /** Trains on all events of {@code sim} and {@code data} and saves the refiner into {@code out}. */
  public static Refiner train(List<Path> sim, List<Path> data, RefinerTraining.Settings settings, Path out,
      boolean force, Consumer<RefinerTraining.Step> listener) throws IOException {
    if (Files.exists(out.resolve(Refiner.MODEL_FILE)) && !force) {
      throw new IllegalArgumentException(out + ": already holds a refiner; use --force to overwrite");
    }
    Events s = read(sim, "--sim");
    Events d = read(data, "--data");
    requireSameDetector(s, d);
    Refiner r;
    if (s.config() instanceof CalorimeterConfig c) {
      r = RefinerTraining.train(c, (CalorimeterEvents) s.events(), (CalorimeterEvents) d.events(), settings, listener);
    } else {
      r = RefinerTraining.train((ArrayConfig) s.config(), (AirShowerEvents) s.events(), (AirShowerEvents) d.events(),
          settings, listener);
    }
    ObjectNode t = (ObjectNode) r.training();
    t.put("simFiles", sim.toString());
    t.put("dataFiles", data.toString());
    r.save(out);
    return r;
  }

  /** Timing of {@link #apply}: events refined and seconds spent refining (reading and writing excluded). */
  public record Applied(int events, double seconds) {}

  /**
   * Refines every event of {@code in} (batches of 1000; the noise input of each batch is seeded
   * from the file's seed and the batch's first event, so a file always refines the same way) and
   * writes {@code out} with the same schema, labels, seed and first event, and a {@code producer}
   * naming the refiner and the input's producer.
   */
  public static Applied apply(Path modelDir, Path in, Path out, boolean force, ProgressListener progress) {
    Refiner r = Refiner.load(modelDir);
    ShowerFileWriter.prepareTarget(out, force);
    try (ShowerDataset d = ShowerDataset.open(in)) {
      r.requireDetector(d.detector(), in.toString());
      FileMetadata m = d.metadata();
      List<EventBatch> parts = new ArrayList<>();
      long t = System.nanoTime();
      long first = m.firstEvent();
      for (EventBatch b : d.batches(1000)) {
        parts.add(r.apply(b, Seeds.derive(m.seed(), first)));
        first += b.size();
        progress.advance(b.size());
      }
      double sec = (System.nanoTime() - t) / 1e9;
      EventBatch all = concat(parts);
      ShowerFileWriter.write(out, all, new FileMetadata(m.schema(), m.detector(), r.producer(modelDir, m.producer()),
          m.seed(), m.firstEvent(), java.time.Instant.now()), force);
      return new Applied(all.size(), sec);
    }
  }

  private static EventBatch concat(List<EventBatch> parts) {
    if (parts.get(0) instanceof CalorimeterEvents) {
      return CalorimeterEvents.concat(parts.stream().map(CalorimeterEvents.class::cast).toList());
    }
    return AirShowerEvents.concat(parts.stream().map(AirShowerEvents.class::cast).toList());
  }

  /**
   * Runs the downstream evaluation on held-out files ({@code repeats} trainings of each regressor,
   * averaged) and writes the report into {@code reportDir} (refused if it already holds a report,
   * unless {@code force}).
   */
  public static RefinementEvaluation.Result evaluate(Path modelDir, List<Path> sim, List<Path> data,
      Path reportDir, long seed, int repeats, boolean force, ProgressListener progress) throws IOException {
    if (Files.exists(reportDir.resolve("report.md")) && !force) {
      throw new IllegalArgumentException(reportDir + ": already holds a report; use --force to overwrite");
    }
    Refiner r = Refiner.load(modelDir);
    Events s = read(sim, "--sim");
    Events d = read(data, "--data");
    r.requireDetector(s.config(), "--sim " + sim);
    r.requireDetector(d.config(), "--data " + data);
    RefinementEvaluation.Result res = RefinementEvaluation.run(r, s.events(), d.events(), seed, repeats, progress);
    String header = "Refiner `" + modelDir + "` (training: " + r.training().path("steps").asText() + " steps, alpha "
        + r.training().path("alpha").asText() + ", " + r.training().path("seconds").asLong() + " s; " + r.summary()
        + ").\nSimulation: " + sim + "; data: " + data + " (first half trains the data regressor, second half is the"
        + " held-out test set for all three).";
    String trainedSim = r.training().path("simFiles").asText("");
    String trainedData = r.training().path("dataFiles").asText("");
    if (trainedSim.equals(sim.toString()) || trainedData.equals(data.toString())) {
      header += "\n\n**Warning:** these are the refiner's training files; use held-out files for an honest evaluation.";
    }
    RefinementEvaluation.write(res, reportDir, header);
    return res;
  }
}
