package io.showers.refinement;

import com.fasterxml.jackson.databind.JsonNode;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A trained sim-to-data refiner of one detector: apply to events, save, describe. */
public interface Refiner {
  /** File holding the refiner's description inside its directory. */
  String MODEL_FILE = "refiner.json";
  /** File holding the network weights. */
  String WEIGHTS_FILE = "refiner.weights";

  /** The detector configuration the refiner was trained for. */
  DetectorConfig config();

  /**
   * Refines a batch of events of the refiner's detector; labels are copied unchanged.
   *
   * @param seed seed of the refiner's noise input (same seed, same output)
   * @throws IllegalArgumentException for events of another detector or configuration
   */
  EventBatch apply(EventBatch events, long seed);

  /** Training settings and figures (JSON). */
  JsonNode training();

  /** One line on what the refiner learned besides its network (e.g. dead channels). */
  String summary();

  /** The {@code producer} attribute of refined files: the refiner and the input's producer. */
  String producer(Path dir, String inputProducer);

  /** Writes the refiner into {@code dir} (description written to a temporary name, then renamed). */
  void save(Path dir) throws IOException;

  /** Fails with a one-line message unless {@code other} is the refiner's detector configuration. */
  void requireDetector(DetectorConfig other, String what);

  /**
   * Loads a refiner directory of either detector.
   *
   * @throws IllegalArgumentException with a one-line message if it is missing, corrupt or unknown
   */
  static Refiner load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such refiner directory");
    }
    Path file = dir.resolve(MODEL_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + ": not a refiner directory (missing " + MODEL_FILE + ")");
    }
    String kind;
    try {
      kind = Json.mapper().readTree(Files.readString(file)).path("kind").asText("?");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(dir + ": corrupt refiner (" + String.valueOf(e.getMessage()).lines()
          .findFirst().orElse("") + ")", e);
    }
    return switch (kind) {
      case CalorimeterRefiner.KIND -> CalorimeterRefiner.load(dir);
      case AirShowerRefiner.KIND -> AirShowerRefiner.load(dir);
      default -> throw new IllegalArgumentException(file + ": unknown refiner kind '" + kind + "'");
    };
  }
}
