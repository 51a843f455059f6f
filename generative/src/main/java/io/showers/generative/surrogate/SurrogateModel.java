package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.AtomicFiles;
import io.showers.detector.Conditions;
import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.Json;
import io.showers.generative.wgan.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained surrogate as it lives in a model directory: {@code model.json} (detector
 * configuration, preprocessing, trained label range, training summary), the generator
 * ({@code generator.json}, {@code generator.weights}) and a human-readable {@code MODEL_CARD.md}.
 */
public final class SurrogateModel<C extends Conditions, E extends EventBatch> {
  public static final String MODEL_FILE = "model.json";
  public static final String CARD_FILE = "MODEL_CARD.md";
  static final int FORMAT = 1;

  private final Path dir;
  private final DetectorConfig detector;
  private final EventCodec<C, E> codec;
  private final LabelRange range;
  private final Generator generator;
  private final JsonNode training;

  SurrogateModel(Path dir, DetectorConfig detector, EventCodec<C, E> codec, LabelRange range,
      Generator generator, JsonNode training) {
    this.dir = dir;
    this.detector = detector;
    this.codec = codec;
    this.range = range;
    this.generator = generator;
    this.training = training;
  }

  public Path dir() {
    return dir;
  }

  public DetectorConfig detector() {
    return detector;
  }

  public EventCodec<C, E> codec() {
    return codec;
  }

  public LabelRange trainedRange() {
    return range;
  }

  public Generator generator() {
    return generator;
  }

  /** The training summary stored in {@code model.json} (data, seed, steps, time, command). */
  public JsonNode training() {
    return training;
  }

  /** Writes {@code model.json} and the generator into {@code dir}. */
  void save() throws IOException {
    Files.createDirectories(dir);
    generator.save(dir);
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("format", FORMAT);
    n.put("kind", "showers-wgan-surrogate");
    n.put("detector", detector.kind().id());
    n.set("detectorConfig", Json.mapper().readTree(detector.toJson()));
    n.set("codec", codec.toJson());
    n.set("trainedRange", Json.mapper().valueToTree(range));
    n.set("training", training);
    AtomicFiles.writeString(dir.resolve(MODEL_FILE), Json.pretty(n));
  }

  /**
   * Loads a model directory.
   *
   * @throws IllegalArgumentException (one line) if the directory, a file or a field is missing or corrupt
   */
  public static SurrogateModel<?, ?> load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such model directory");
    }
    Path file = dir.resolve(MODEL_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + ": not a surrogate model directory (missing " + MODEL_FILE + ")");
    }
    try {
      JsonNode n = Json.mapper().readTree(Files.readString(file));
      if (n.path("format").asInt(-1) != FORMAT || !"showers-wgan-surrogate".equals(n.path("kind").asText())) {
        throw new IllegalArgumentException(file + ": unsupported model format " + n.path("kind").asText("?") + "/"
            + n.path("format").asText("?") + "; expected showers-wgan-surrogate/" + FORMAT);
      }
      DetectorConfig detector = DetectorConfig.fromJson(Json.write(n.get("detectorConfig")));
      detector.validate();
      LabelRange range = Json.mapper().treeToValue(n.get("trainedRange"), LabelRange.class);
      Generator generator = Generator.load(dir);
      EventCodec<?, ?> codec = switch (detector.kind()) {
        case CALORIMETER -> CalorimeterCodec.fromJson(n.get("codec"));
        case AIRSHOWER -> AirShowerCodec.fromJson(n.get("codec"));
      };
      if (generator.eventDim() != codec.eventDim() || generator.labelDim() != codec.labelDim()) {
        throw new IllegalArgumentException(dir + ": generator maps " + generator.labelDim() + " labels to "
            + generator.eventDim() + " values but the preprocessing expects " + codec.labelDim() + " and "
            + codec.eventDim());
      }
      return of(dir, detector, codec, range, generator, n.path("training"));
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith(dir.toString()) ? e
          : new IllegalArgumentException(dir + ": corrupt model (" + firstLine(e.getMessage()) + ")", e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(dir + ": corrupt model (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static SurrogateModel<?, ?> of(Path dir, DetectorConfig d, EventCodec codec, LabelRange r,
      Generator g, JsonNode t) {
    return new SurrogateModel(dir, d, codec, r, g, t);
  }

  /** Fails with a clear message unless this model was trained for {@code expected}. */
  public void requireDetector(Detector kind, DetectorConfig expected) {
    if (detector.kind() != kind) {
      throw new IllegalArgumentException(dir + ": a " + detector.kind() + " model, expected a " + kind + " model");
    }
    if (expected != null && !expected.toJson().equals(detector.toJson())) {
      throw new IllegalArgumentException(dir + ": trained for detector " + detector.toJson()
          + ", not for " + expected.toJson());
    }
  }

  /** This model as a {@link io.showers.detector.ShowerGenerator}. */
  public GanShowerGenerator<C, E> asShowerGenerator(boolean allowExtrapolation) {
    return new GanShowerGenerator<>(this, allowExtrapolation);
  }
}
