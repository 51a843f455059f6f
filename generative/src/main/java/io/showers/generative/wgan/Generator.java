package io.showers.generative.wgan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.AtomicFiles;
import io.showers.detector.Json;
import io.showers.generative.nn.DenseInference;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.ModelFormatException;
import io.showers.generative.nn.NamedArrays;
import io.showers.generative.nn.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A trained conditional generator for inference: {@code G(noise, labels) -> event} in model
 * space, a dense network evaluated with a handful of ND4J operations per layer (no graph is
 * built per call). Immutable and safe to call from several threads.
 *
 * <p>Saved as two files in a model directory: {@code generator.json} (format, layer spec, noise
 * and label sizes, noise distribution) and {@code generator.weights} (the flat float32
 * parameters, see {@link NamedArrays}). Other files in the directory are left alone, so a
 * surrogate can keep its preprocessing and model card next to them.
 */
public final class Generator {
  /** File name of the description. */
  public static final String JSON_FILE = "generator.json";
  /** File name of the weights. */
  public static final String WEIGHTS_FILE = "generator.weights";
  static final int FORMAT = 1;

  private final DenseNet net;
  private final int noiseDim;
  private final int labelDim;
  private final NoiseDistribution noise;
  private final EnergyShareHead head;
  /** The event column the network's last label input is copied into (−1: none); see {@link #withDrawnValue}. */
  private final int labelledColumn;
  /** The density that draws that label before the network runs, or null if the caller gives it. */
  private final GumbelDensity drawn;
  /** Per-thread inference buffers: the generator itself stays immutable and shareable. */
  private final ThreadLocal<DenseInference> inference = new ThreadLocal<>();
  /** Per-thread event buffers behind the {@link EnergyShareHead}. */
  private final ThreadLocal<float[]> headOutput = new ThreadLocal<>();

  /** A generator around {@code net}, whose input is {@code noiseDim} noise values then {@code labelDim} labels. */
  public Generator(DenseNet net, int noiseDim, int labelDim, NoiseDistribution noise) {
    this(net, noiseDim, labelDim, noise, null);
  }

  /**
   * A generator whose network output goes through {@code head} (may be null for none), as in
   * training with {@link WganConfig#outputHead()}.
   */
  public Generator(DenseNet net, int noiseDim, int labelDim, NoiseDistribution noise, EnergyShareHead head) {
    this(net, noiseDim, labelDim, noise, head, -1, null);
  }

  /**
   * A generator whose event column {@code labelledColumn} (−1 for none) is its last label, copied
   * over the network's own output for it: the network is conditioned on that event value. With
   * {@code drawn} (null for none) the value is drawn from that density of the other labels before
   * the network runs, and the generator takes {@code labelDim} labels, the network {@code labelDim +
   * 1}; without, the caller gives it as the last of {@code labelDim} labels (as in training).
   */
  public Generator(DenseNet net, int noiseDim, int labelDim, NoiseDistribution noise, EnergyShareHead head,
      int labelledColumn, GumbelDensity drawn) {
    int networkLabels = labelDim + (drawn == null ? 0 : 1);
    if (noiseDim <= 0 || labelDim < 0 || net.spec().inputSize() != noiseDim + networkLabels) {
      throw new IllegalArgumentException("generator input " + net.spec().inputSize() + " != noise " + noiseDim
          + " + labels " + networkLabels);
    }
    if (head != null && (head.labelsRead() > networkLabels
        || head.totalDensity() != null && head.totalDensity().labelDim() != networkLabels)) {
      throw new IllegalArgumentException(head + " reads other labels than the network's " + networkLabels);
    }
    int events = head == null ? net.spec().outputSize() : head.eventDim();
    if (labelledColumn < -1 || labelledColumn >= events || labelledColumn >= 0 && networkLabels < 1
        || drawn != null && (labelledColumn < 0 || drawn.labelDim() != labelDim)) {
      throw new IllegalArgumentException("a generator of " + events + " event values on " + networkLabels
          + " labels cannot copy its last label into column " + labelledColumn + (drawn == null ? ""
          : " drawn by " + drawn));
    }
    if (head != null && net.spec().outputSize() != head.rawDim()) {
      throw new IllegalArgumentException(
          "generator output " + net.spec().outputSize() + " != the " + head.rawDim() + " raw values of " + head);
    }
    if (head != null && head.densityNoiseDim() > noiseDim) {
      throw new IllegalArgumentException(head + " draws from " + head.densityNoiseDim() + " noise inputs, the generator"
          + " has " + noiseDim);
    }
    this.net = net;
    this.noiseDim = noiseDim;
    this.labelDim = labelDim;
    this.noise = noise;
    this.head = head;
    this.labelledColumn = labelledColumn;
    this.drawn = drawn;
  }

  /**
   * This generator (trained with its event column {@code labelledColumn} given as its last label)
   * with that label drawn from {@code density} of the others: the result takes one label fewer.
   */
  public Generator withDrawnValue(GumbelDensity density) {
    if (drawn != null || labelledColumn < 0) {
      throw new IllegalArgumentException("only a generator conditioned on an event column, without a density yet,"
          + " can draw it");
    }
    return new Generator(net, noiseDim, labelDim - 1, noise, head, labelledColumn, density);
  }

  /** The event column set from the last network label (−1 for none). */
  public int labelledColumn() {
    return labelledColumn;
  }

  /** The density of that column's value, or null if the caller gives it as a label. */
  public GumbelDensity drawnValue() {
    return drawn;
  }

  /** Labels the network reads: {@link #labelDim()}, plus the drawn value if there is one. */
  public int networkLabelDim() {
    return labelDim + (drawn == null ? 0 : 1);
  }
  public int noiseDim() {
    return noiseDim;
  }

  public int labelDim() {
    return labelDim;
  }

  public int eventDim() {
    return head == null ? net.spec().outputSize() : head.eventDim();
  }

  /** The output head, or null if the network emits events directly. */
  public EnergyShareHead head() {
    return head;
  }

  public NoiseDistribution noise() {
    return noise;
  }

  /** The layer spec of the network (before any {@link #head()}). */
  /** The dense network (for exporting its weights). */
  public DenseNet net() {
    return net;
  }

  public DenseSpec spec() {
    return net.spec();
  }

  /**
   * The calling thread's reusable inference buffers for {@code n} rows (created on first use and
   * when {@code n} changes): fill {@link DenseInference#input()} with rows of {@code noiseDim}
   * noise values then {@link #networkLabelDim()} labels, call {@link DenseInference#run()}, and use its
   * result before the thread's next call.
   */
  public DenseInference inference(int n) {
    DenseInference d = DenseInference.ofThread(inference, net, n);
    return d;
  }

  /**
   * Generates {@code n} events.
   *
   * @param noise {@code n x noiseDim} values, row-major
   * @param labels {@code n x labelDim} values, row-major (may be null if {@code labelDim == 0})
   * @return {@code n x eventDim} values, row-major, in model space
   */
  public float[] generate(float[] noise, float[] labels, int n) {
    if (n < 0 || noise.length != (long) n * noiseDim) {
      throw new IllegalArgumentException("expected " + n + " x " + noiseDim + " noise, got " + noise.length + " values");
    }
    return generate(labels, n, (k, in, offset) -> System.arraycopy(noise, k * noiseDim, in, offset, noiseDim));
  }

  /** Generates {@code n} events with noise drawn from {@code rng} (row by row). */
  public float[] generate(float[] labels, int n, Rng rng) {
    return generate(labels, n, (k, in, offset) -> noise.fill(in, offset, noiseDim, rng));
  }

  /** Writes the noise of row {@code k} into {@code in[offset .. offset + noiseDim)}. */
  @FunctionalInterface
  public interface NoiseRows {
    void fill(int k, float[] in, int offset);
  }

  /**
   * Generates {@code n} events, the noise written row by row by {@code noiseRows} straight into
   * the network's input buffer next to the labels (no intermediate noise or input arrays).
   *
   * @param labels {@code n x labelDim} values, row-major (may be null if {@code labelDim == 0})
   * @return a new {@code n x eventDim} array, row-major, in model space
   */
  public float[] generate(float[] labels, int n, NoiseRows noiseRows) {
    return n == 0 ? new float[0] : generateTransient(labels, n, noiseRows).clone();
  }

  /**
   * As {@link #generate(float[], int, NoiseRows)}, but returns the calling thread's output buffer
   * itself, which its next call overwrites: for a caller that decodes the events at once.
   */
  public float[] generateTransient(float[] labels, int n, NoiseRows noiseRows) {
    return generateTransient(labels, n, noiseRows, null);
  }

  /**
   * As {@link #generateTransient(float[], int, NoiseRows)}; with an output {@link #head()}, cells
   * whose amount lies below {@code amountFloor[k]} (null for none) come out as 0 (see {@link
   * EnergyShareHead#apply(float[], float[], int, double[])}).
   */
  public float[] generateTransient(float[] labels, int n, NoiseRows noiseRows, double[] amountFloor) {
    if (n < 0 || (labels == null ? 0 : labels.length) != (long) n * labelDim) {
      throw new IllegalArgumentException("expected " + n + " x " + labelDim + " labels, got "
          + (labels == null ? 0 : labels.length) + " values");
    }
    if (n == 0) {
      return new float[0];
    }
    DenseInference d = inference(n);
    float[] in = d.input();
    int networkLabels = networkLabelDim();
    int w = noiseDim + networkLabels;
    for (int k = 0; k < n; k++) {
      noiseRows.fill(k, in, k * w);
    }
    float[] networkLabelRows = labels;
    if (drawn != null) {
      // each value from a stream seeded by its event's noise: the same event, the same value
      long[] seeds = new long[n];
      for (int k = 0; k < n; k++) {
        seeds[k] = Rng.seedOf(in, k * w, k * w + noiseDim);
      }
      float[] values = drawn.draw(labels, n, seeds);
      networkLabelRows = new float[n * networkLabels];
      for (int k = 0; k < n; k++) {
        System.arraycopy(labels, k * labelDim, networkLabelRows, k * networkLabels, labelDim);
        networkLabelRows[k * networkLabels + labelDim] = values[k];
      }
    }
    for (int k = 0; k < n && networkLabels > 0; k++) {
      System.arraycopy(networkLabelRows, k * networkLabels, in, k * w + noiseDim, networkLabels);
    }
    float[] raw = d.run();
    float[] events = raw;
    if (head != null) {
      events = headOutput.get();
      if (events == null || events.length != n * head.eventDim()) {
        events = new float[n * head.eventDim()];
        headOutput.set(events);
      }
      head.apply(raw, events, n, amountFloor, networkLabelRows,
          noise.leadingAsStandardNormal(in, 0, w, n, head.densityNoiseDim()));
    }
    copyLabelledColumn(events, n, networkLabelRows);
    return events;
  }

  /**
   * {@code events} with column {@code column} (−1: none) set from the last column of {@code labels};
   * a copy when {@code events} is {@code raw}, the network's output, which back-propagation still reads.
   */
  static INDArray withLabelledColumn(INDArray events, INDArray raw, INDArray labels, int column) {
    if (column < 0) {
      return events;
    }
    INDArray out = events == raw ? raw.dup('c') : events;
    out.putColumn(column, labels.getColumn(labels.columns() - 1).dup());
    return out;
  }

  /** Overwrites each event's {@link #labelledColumn} with its last network label. */
  private void copyLabelledColumn(float[] events, int n, float[] networkLabelRows) {
    if (labelledColumn < 0) {
      return;
    }
    int e = eventDim();
    int networkLabels = networkLabelDim();
    for (int k = 0; k < n; k++) {
      events[k * e + labelledColumn] = networkLabelRows[k * networkLabels + networkLabels - 1];
    }
  }

  /** Generates from an {@code n x (noiseDim + labelDim)} input array (noise then labels). */
  public INDArray generate(INDArray input) {
    if (input.columns() != noiseDim + labelDim) {
      throw new IllegalArgumentException("expected inputs of noise " + noiseDim + " + labels " + labelDim + ", got "
          + input.columns() + " columns");
    }
    int n = (int) input.rows();
    if (drawn != null) {
      // the drawn value joins the labels row by row
      float[] rows = input.dup('c').data().asFloat();
      int w = noiseDim + labelDim;
      float[] labels = new float[n * labelDim];
      for (int k = 0; k < n; k++) {
        System.arraycopy(rows, k * w + noiseDim, labels, k * labelDim, labelDim);
      }
      float[] events = generate(labels, n, (k, in, offset) -> System.arraycopy(rows, k * w, in, offset, noiseDim));
      return Nd4j.create(events, new long[] {n, eventDim()}, 'c');
    }
    INDArray raw = net.output(input);
    INDArray labels = labelDim == 0 ? null : input.get(NDArrayIndex.all(), NDArrayIndex.interval(noiseDim, noiseDim + labelDim));
    INDArray events = head == null ? raw : head.apply(raw, head.labelsRead() == 0 ? null : labels,
        noise.leadingAsStandardNormal(input.dup('c').data().asFloat(), 0, (int) input.columns(), n,
            head.densityNoiseDim()));
    return withLabelledColumn(events, raw, labels, labelledColumn);
  }

  /** Writes {@code generator.json} and {@code generator.weights} into {@code dir} (created if needed). */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    NamedArrays.write(dir.resolve(WEIGHTS_FILE), Map.of("params", net.params()));
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("format", FORMAT);
    json.put("kind", "dense-conditional-generator");
    json.put("noiseDim", noiseDim);
    json.put("labelDim", labelDim);
    json.put("noise", noise.name());
    json.set("spec", Json.mapper().valueToTree(net.spec()));
    if (head != null) {
      json.set("head", Json.mapper().valueToTree(head));
    }
    if (labelledColumn >= 0) {
      json.put("labelledColumn", labelledColumn);
    }
    if (drawn != null) {
      json.set("drawnValue", Json.mapper().valueToTree(drawn));
    }
    AtomicFiles.writeString(dir.resolve(JSON_FILE), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
  }

  /**
   * Loads a generator saved by {@link #save}.
   *
   * @throws NoSuchFileException if the directory or one of its two files is missing
   * @throws ModelFormatException if a file is corrupt or the weights do not match the spec
   */
  public static Generator load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "model directory does not exist");
    }
    Path jsonFile = dir.resolve(JSON_FILE);
    if (!Files.isRegularFile(jsonFile)) {
      throw new NoSuchFileException(jsonFile.toString(), null, "model directory has no " + JSON_FILE);
    }
    int noiseDim;
    int labelDim;
    NoiseDistribution noise;
    DenseSpec spec;
    EnergyShareHead head = null;
    int labelledColumn = -1;
    GumbelDensity drawn = null;
    try {
      JsonNode json = Json.mapper().readTree(Files.readString(jsonFile));
      if (json == null || json.path("format").asInt(-1) != FORMAT) {
        throw new ModelFormatException(jsonFile + ": unsupported or missing format (expected " + FORMAT + ")");
      }
      noiseDim = json.get("noiseDim").asInt();
      labelDim = json.get("labelDim").asInt();
      noise = NoiseDistribution.valueOf(json.get("noise").asText());
      spec = Json.mapper().treeToValue(json.get("spec"), DenseSpec.class);
      if (json.hasNonNull("head")) {
        head = Json.mapper().treeToValue(json.get("head"), EnergyShareHead.class);
      }
      JsonNode column = json.path("labelledColumn");
      if (!column.isMissingNode() && !column.isInt()) {
        throw new ModelFormatException(jsonFile + ": labelledColumn must be an integer, got " + column);
      }
      labelledColumn = column.asInt(-1);
      if (json.hasNonNull("drawnValue")) {
        drawn = Json.mapper().treeToValue(json.get("drawnValue"), GumbelDensity.class);
      }
    } catch (ModelFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ModelFormatException(jsonFile + " is not a valid generator description: " + e.getMessage(), e);
    }
    Path weights = dir.resolve(WEIGHTS_FILE);
    INDArray params = NamedArrays.require(NamedArrays.read(weights), "params", weights);
    try {
      return new Generator(DenseNet.wrap(spec, params), noiseDim, labelDim, noise, head, labelledColumn, drawn);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("model in " + dir + " is inconsistent: " + e.getMessage(), e);
    }
  }
}
