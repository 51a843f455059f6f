package io.showers.refinement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.AtomicFiles;
import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.NamedArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The refiner directory layout shared by every detector: {@code refiner.json} (kind, format,
 * detector configuration, network shape, detector-specific fields, training) and {@code
 * refiner.weights}. The description is written to a temporary name and renamed, so a directory
 * never holds a description without its weights.
 */
final class RefinerFiles {
  private RefinerFiles() {}

  /** A loaded description: the JSON, the detector configuration and the network. */
  record Loaded(JsonNode json, DetectorConfig config, DenseNet net) {}

  /** Stores the indices of the set entries of {@code mask} (dead channels) under {@code name}. */
  static void putIndices(ObjectNode description, String name, boolean[] mask) {
    var a = description.putArray(name);
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        a.add(i);
      }
    }
  }

  /** The mask of {@code size} entries whose indices {@link #putIndices} stored under {@code name}. */
  static boolean[] indices(JsonNode description, String name, int size) {
    boolean[] mask = new boolean[size];
    for (JsonNode i : description.path(name)) {
      mask[i.asInt()] = true;
    }
    return mask;
  }

  /** A description with the common fields; callers add their own before {@link #save}. */
  static ObjectNode describe(String kind, int format, DetectorConfig config, DenseNet net) throws IOException {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("format", format);
    n.put("kind", kind);
    n.put("detector", config.kind().id());
    n.set("detectorConfig", Json.mapper().readTree(config.toJson()));
    n.set("network", Json.mapper().valueToTree(net.spec()));
    return n;
  }

  static void save(Path dir, ObjectNode description, DenseNet net) throws IOException {
    Files.createDirectories(dir);
    Map<String, INDArray> w = new LinkedHashMap<>();
    w.put("refiner", net.params());
    NamedArrays.write(dir.resolve(Refiner.WEIGHTS_FILE), w);
    AtomicFiles.writeString(dir.resolve(Refiner.MODEL_FILE), Json.pretty(description));
  }

  /**
   * Reads a directory of the given kind and format and builds the refiner with {@code build}.
   *
   * @throws IllegalArgumentException with a one-line message naming {@code dir} if anything is wrong
   */
  static <R> R load(Path dir, String kind, int format, Function<Loaded, R> build) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such refiner directory");
    }
    Path file = dir.resolve(Refiner.MODEL_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + ": not a refiner directory (missing " + Refiner.MODEL_FILE + ")");
    }
    try {
      JsonNode n = Json.mapper().readTree(Files.readString(file));
      if (n.path("format").asInt(-1) != format || !kind.equals(n.path("kind").asText())) {
        throw new IllegalArgumentException(dir + ": unsupported refiner format " + n.path("kind").asText("?")
            + "/" + n.path("format").asText("?") + "; expected " + kind + "/" + format + " (retrain it)");
      }
      DetectorConfig det = DetectorConfig.fromJson(Json.write(n.get("detectorConfig")));
      det.validate();
      DenseSpec spec = Json.mapper().treeToValue(n.get("network"), DenseSpec.class);
      Map<String, INDArray> w = NamedArrays.read(dir.resolve(Refiner.WEIGHTS_FILE));
      INDArray p = NamedArrays.require(w, "refiner", dir.resolve(Refiner.WEIGHTS_FILE));
      DenseNet net = DenseNet.wrap(spec, p.castTo(DataType.FLOAT).reshape(1, p.length()));
      return build.apply(new Loaded(n, det, net));
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith(dir.toString()) ? e
          : new IllegalArgumentException(dir + ": corrupt refiner (" + firstLine(e.getMessage()) + ")", e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(dir + ": corrupt refiner (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /** Fails with a one-line message unless {@code other} equals the refiner's configuration {@code own}. */
  static void requireDetector(DetectorConfig own, DetectorConfig other, String what) {
    if (other.kind() != own.kind() || !other.toJson().equals(own.toJson())) {
      throw new IllegalArgumentException(what + ": detector " + other.kind().id() + " " + other.toJson()
          + " differs from the refiner's " + own.kind().id() + " " + own.toJson()
          + "; train a refiner for this configuration");
    }
  }

  /** The {@code producer} JSON of refined files. */
  static String producer(String kind, Path dir, JsonNode training, String inputProducer) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("name", "showers-refiner");
    n.put("kind", kind);
    n.put("model", dir == null ? "" : dir.toAbsolutePath().toString());
    n.put("trainedAt", training.path("trainedAt").asText(""));
    n.put("alpha", training.path("alpha").asDouble());
    n.put("steps", training.path("steps").asLong());
    try {
      n.set("input", Json.mapper().readTree(inputProducer));
    } catch (IOException | RuntimeException e) {
      n.put("input", inputProducer);
    }
    return Json.write(n);
  }

  static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
