package io.showers.refinement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.NamedArrays;
import io.showers.generative.surrogate.CalorimeterCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A calorimeter refiner {@code R(x) = P(x + f(x))} in the model space of a {@link CalorimeterCodec}
 * (cell value {@code log(1 + E/MIP) / logScale}).
 *
 * <p>The correction {@code f} is a residual <em>local</em> network: one dense network shared by
 * every cell (a 1×1 convolution stack) whose inputs are the cell's own value, the summed energy
 * of its four in-layer neighbours (a plus-shaped first kernel), the event's total energy, an
 * is-hit flag and the layer (one-hot). Its last layer starts near zero, so R starts as the
 * identity. Hit cells are refined, and (setting {@code refineEmptyCells}) empty cells next to a hit,
 * which may then cross the threshold (cross-talk hits); cells with no hit around stay empty. Hits
 * may also be removed by moving them below threshold.
 *
 * <p>{@code P} applies the detector's rules in model space, exactly as the codec's decode does in
 * physical units: values below the zero-suppression threshold (and negative ones) become 0, and
 * cells found dead in the data (never hit in data while hit in at least 2% of simulated events)
 * read 0. Decoding therefore always yields non-negative cells, zero or above threshold, zero in
 * dead channels; labels are copied unchanged.
 */
public final class CalorimeterRefiner {
  public static final String MODEL_FILE = "refiner.json";
  public static final String WEIGHTS_FILE = "refiner.weights";
  public static final String KIND = "showers-calorimeter-refiner";
  static final int FORMAT = 1;
  static final int GLOBAL_FEATURES = 4;

  private final CalorimeterConfig config;
  private final CalorimeterCodec codec;
  private final DenseNet net;
  private final boolean[] dead;
  private final float threshold;
  private final int[][] neighbours;
  private JsonNode training;
  /** Whether empty cells next to hits are refined too (may create hits); off: empty cells stay empty. */
  private final boolean refineEmptyCells;

  CalorimeterRefiner(CalorimeterConfig config, CalorimeterCodec codec, DenseNet net, boolean[] dead,
      boolean refineEmptyCells, JsonNode training) {
    if (codec.cells() != config.cells() || dead.length != config.cells()
        || net.spec().inputSize() != featureCount(config) || net.spec().outputSize() != 1) {
      throw new IllegalArgumentException("refiner network " + net.spec() + " does not fit the detector "
          + config.layers() + "x" + config.rows() + "x" + config.cols());
    }
    this.config = config;
    this.codec = codec;
    this.net = net;
    this.dead = dead.clone();
    this.refineEmptyCells = refineEmptyCells;
    this.threshold = (float) (Math.log1p(config.thresholdMip()) / codec.logScale());
    this.training = training == null ? Json.mapper().createObjectNode() : training;
    this.neighbours = neighbours(config);
  }

  /** Inputs per cell. */
  static int featureCount(CalorimeterConfig c) {
    return GLOBAL_FEATURES + c.layers();
  }

  /** A fresh refiner: hidden widths, leaky-ReLU, last layer scaled to {@code 1e-3} of its initial draw. */
  static CalorimeterRefiner initialise(CalorimeterConfig config, CalorimeterCodec codec, int[] hidden,
      boolean[] dead, boolean refineEmptyCells, long seed) {
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = featureCount(config);
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = 1;
    DenseNet net = DenseNet.initialise(DenseSpec.of(sizes), seed);
    net.weight(net.spec().layers() - 1).muli(1e-3);
    return new CalorimeterRefiner(config, codec, net, dead, refineEmptyCells, null);
  }

  public CalorimeterConfig config() {
    return config;
  }

  public CalorimeterCodec codec() {
    return codec;
  }

  DenseNet net() {
    return net;
  }

  /** The dead-channel mask learned from data (copy). */
  public boolean[] deadCells() {
    return dead.clone();
  }

  public int deadCellCount() {
    int k = 0;
    for (boolean d : dead) {
      k += d ? 1 : 0;
    }
    return k;
  }

  /** Zero-suppression threshold in model space. */
  float threshold() {
    return threshold;
  }

  public JsonNode training() {
    return training;
  }

  void training(JsonNode t) {
    this.training = t;
  }

  private static int[][] neighbours(CalorimeterConfig c) {
    int rows = c.rows();
    int cols = c.cols();
    int[][] nb = new int[c.cells()][];
    for (int l = 0; l < c.layers(); l++) {
      for (int r = 0; r < rows; r++) {
        for (int q = 0; q < cols; q++) {
          int[] tmp = new int[4];
          int k = 0;
          if (r > 0) {
            tmp[k++] = (l * rows + r - 1) * cols + q;
          }
          if (r < rows - 1) {
            tmp[k++] = (l * rows + r + 1) * cols + q;
          }
          if (q > 0) {
            tmp[k++] = (l * rows + r) * cols + q - 1;
          }
          if (q < cols - 1) {
            tmp[k++] = (l * rows + r) * cols + q + 1;
          }
          nb[(l * rows + r) * cols + q] = java.util.Arrays.copyOf(tmp, k);
        }
      }
    }
    return nb;
  }

  /** The cells of a batch the network evaluates, their features and positions. */
  record Active(int[] index, INDArray features) {}

  /**
   * Features of the active cells (hit, or a neighbour hit) of {@code n} model-space events.
   * {@code index[k]} is the flat position {@code event * cells + cell} of feature row {@code k}.
   */
  Active features(float[] x, int n) {
    int cells = config.cells();
    int rowsPerLayer = config.rows() * config.cols();
    int layers = config.layers();
    int fc = featureCount(config);
    double s = codec.logScale();
    float[] mip = new float[cells];
    int[] index = new int[n * cells];
    int count = 0;
    // first pass: count active cells
    for (int e = 0; e < n; e++) {
      int o = e * cells;
      for (int i = 0; i < cells; i++) {
        if (x[o + i] > 0 || (refineEmptyCells && anyNeighbour(x, o, i))) {
          index[count++] = o + i;
        }
      }
    }
    float[] f = new float[Math.max(1, count) * fc];
    int k = 0;
    int e = -1;
    float global = 0;
    for (int a = 0; a < count; a++) {
      int flat = index[a];
      int ev = flat / cells;
      if (ev != e) {
        e = ev;
        double total = 0;
        for (int i = 0; i < cells; i++) {
          float v = x[e * cells + i];
          mip[i] = v > 0 ? (float) Math.expm1(v * s) : 0f;
          total += mip[i];
        }
        global = (float) (Math.log1p(total) / s - 1);
      }
      int i = flat - e * cells;
      double nbSum = 0;
      for (int j : neighbours[i]) {
        nbSum += mip[j];
      }
      int base = k * fc;
      f[base] = x[flat];
      f[base + 1] = (float) (Math.log1p(nbSum) / s);
      f[base + 2] = global;
      f[base + 3] = x[flat] > 0 ? 1f : 0f;
      f[base + GLOBAL_FEATURES + i / rowsPerLayer] = 1f;
      k++;
    }
    if (layers <= 0) {
      throw new IllegalStateException();
    }
    INDArray feats = Nd4j.create(f, new long[] {Math.max(1, count), fc}, 'c');
    return new Active(java.util.Arrays.copyOf(index, count), feats);
  }

  private boolean anyNeighbour(float[] x, int o, int i) {
    for (int j : neighbours[i]) {
      if (x[o + j] > 0) {
        return true;
      }
    }
    return false;
  }

  /** Applies {@code P} (threshold, negatives, dead cells) to model-space events in place. */
  void project(float[] y) {
    int cells = config.cells();
    for (int i = 0; i < y.length; i++) {
      if (y[i] < threshold || dead[i % cells]) {
        y[i] = 0f;
      }
    }
  }

  /**
   * Refines {@code n} model-space events: {@code P(x + f(x))}.
   *
   * @param correctionOut if not null, receives the raw correction {@code f} at every cell (0 where inactive)
   */
  float[] refineModel(float[] x, int n, float[] correctionOut) {
    Active a = features(x, n);
    float[] y = x.clone();
    if (a.index().length > 0) {
      float[] corr = net.output(a.features()).data().asFloat();
      for (int k = 0; k < a.index().length; k++) {
        y[a.index()[k]] += corr[k];
        if (correctionOut != null) {
          correctionOut[a.index()[k]] = corr[k];
        }
      }
    }
    project(y);
    return y;
  }

  /**
   * Refines physical events: encode, {@code P(x + f(x))}, decode with the codec (inverse log,
   * threshold); labels are copied bit for bit.
   *
   * @throws IllegalArgumentException if the events belong to another detector configuration or particle
   */
  public CalorimeterEvents apply(CalorimeterEvents events) {
    if (events.layers() != config.layers() || events.rows() != config.rows() || events.cols() != config.cols()) {
      throw new IllegalArgumentException("events of " + events.layers() + "x" + events.rows() + "x" + events.cols()
          + " cells do not fit the refiner's detector " + config.layers() + "x" + config.rows() + "x" + config.cols());
    }
    for (int p : events.particlePdg()) {
      if (p != codec.particlePdg()) {
        throw new IllegalArgumentException("particle " + p + " differs from the refiner's " + codec.particlePdg()
            + "; train one refiner per particle");
      }
    }
    float[] x = codec.encodeEvents(events);
    float[] y = refineModel(x, events.size(), null);
    CalorimeterEvents out = codec.decode(y, codec.conditionsOf(events), config);
    float[] cells = out.showersMip();
    for (int i = 0; i < cells.length; i++) {
      // cells the refiner left unchanged keep their exact value (the log round trip is not bit-exact)
      if (y[i] == x[i] && y[i] > 0) {
        cells[i] = events.showersMip()[i];
      }
    }
    return out;
  }

  /** A JSON description for the {@code producer} attribute of refined files. */
  public String producer(Path dir, String inputProducer) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("name", "showers-refiner");
    n.put("kind", KIND);
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

  /** Writes {@code refiner.json} and {@code refiner.weights} into {@code dir}. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, INDArray> w = new LinkedHashMap<>();
    w.put("refiner", net.params());
    NamedArrays.write(dir.resolve(WEIGHTS_FILE), w);
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("format", FORMAT);
    n.put("kind", KIND);
    n.put("detector", config.kind().id());
    n.set("detectorConfig", Json.mapper().readTree(config.toJson()));
    n.set("codec", codec.toJson());
    n.set("network", Json.mapper().valueToTree(net.spec()));
    n.put("refineEmptyCells", refineEmptyCells);
    ArrayNode d = n.putArray("deadCells");
    for (int i = 0; i < dead.length; i++) {
      if (dead[i]) {
        d.add(i);
      }
    }
    n.set("training", training);
    Path tmp = dir.resolve(MODEL_FILE + ".partial");
    Files.writeString(tmp, Json.pretty(n));
    Files.move(tmp, dir.resolve(MODEL_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Loads a refiner directory.
   *
   * @throws IllegalArgumentException with a one-line message if it is missing or corrupt
   */
  public static CalorimeterRefiner load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such refiner directory");
    }
    Path file = dir.resolve(MODEL_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + ": not a refiner directory (missing " + MODEL_FILE + ")");
    }
    try {
      JsonNode n = Json.mapper().readTree(Files.readString(file));
      if (n.path("format").asInt(-1) != FORMAT || !KIND.equals(n.path("kind").asText())) {
        throw new IllegalArgumentException(file + ": unsupported refiner format " + n.path("kind").asText("?")
            + "/" + n.path("format").asText("?") + "; expected " + KIND + "/" + FORMAT);
      }
      DetectorConfig det = DetectorConfig.fromJson(Json.write(n.get("detectorConfig")));
      det.validate();
      if (!(det instanceof CalorimeterConfig cfg)) {
        throw new IllegalArgumentException(file + ": not a calorimeter refiner");
      }
      JsonNode c = n.get("codec");
      CalorimeterCodec codec = new CalorimeterCodec(c.get("logScale").asDouble(), c.get("particlePdg").asInt(),
          c.get("cells").asInt());
      DenseSpec spec = Json.mapper().treeToValue(n.get("network"), DenseSpec.class);
      Map<String, INDArray> w = NamedArrays.read(dir.resolve(WEIGHTS_FILE));
      INDArray p = NamedArrays.require(w, "refiner", dir.resolve(WEIGHTS_FILE));
      DenseNet net = DenseNet.wrap(spec, p.castTo(DataType.FLOAT).reshape(1, p.length()));
      boolean[] dead = new boolean[cfg.cells()];
      for (JsonNode i : n.path("deadCells")) {
        dead[i.asInt()] = true;
      }
      return new CalorimeterRefiner(cfg, codec, net, dead, n.path("refineEmptyCells").asBoolean(false),
          n.path("training"));
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith(dir.toString()) ? e
          : new IllegalArgumentException(dir + ": corrupt refiner (" + firstLine(e.getMessage()) + ")", e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(dir + ": corrupt refiner (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /** Fails with a one-line message unless {@code other} is the refiner's detector configuration. */
  public void requireDetector(DetectorConfig other, String what) {
    if (!(other instanceof CalorimeterConfig) || !other.toJson().equals(config.toJson())) {
      throw new IllegalArgumentException(what + ": detector " + other.kind().id() + " " + other.toJson()
          + " differs from the refiner's " + config.toJson() + "; train a refiner for this configuration");
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
