package io.showers.refinement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.Json;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A calorimeter refiner {@code R(x) = P(x + f(x))} in the label-free {@link CellSpace} (cell value
 * {@code log(1 + E/MIP) / logScale}, the same for every shower energy).
 *
 * <p>The correction {@code f} is a residual <em>local</em> network: one dense network shared by
 * every cell (a 1×1 convolution stack) whose inputs are the cell's own value (for an empty cell,
 * the sub-threshold deposit its layer's transverse profile predicts), the summed energy
 * of its four in-layer neighbours (a plus-shaped first kernel), the event's total energy, an
 * is-hit flag, a Gaussian noise input (electronic noise is random: no deterministic map widens a
 * distribution) and the layer (one-hot). Its last layer starts near zero, so R starts as the
 * identity. Two outputs: a hit cell's correction, and an empty cell's correction in units of twice
 * the threshold, added to that predicted deposit (capped just under the threshold). Hit cells are
 * refined, and (with {@code refineEmptyCells}, the default) empty cells
 * next to a hit, which may then cross the threshold as cross-talk or noise does in the detector;
 * cells with no hit around stay empty. Hits may also be removed by moving them below threshold.
 *
 * <p>{@code P} applies the detector's rules in model space, exactly as decoding does in
 * physical units: values below the zero-suppression threshold (and negative ones) become 0, and
 * cells found dead in the data (never hit in data while hit in at least 2% of simulated events)
 * read 0. Decoding therefore always yields non-negative cells, zero or above threshold, zero in
 * dead channels; labels are copied unchanged.
 */
public final class CalorimeterRefiner extends ResidualRefiner implements Refiner {
  public static final String KIND = "showers-calorimeter-refiner";
  static final int FORMAT = 4;
  /** Cell, neighbour sum, event total, is-hit flag, noise; then the layer one-hot. */
  static final int GLOBAL_FEATURES = 5;

  private final CalorimeterConfig config;
  private final CellSpace space;
  private final boolean[] dead;
  private final float threshold;
  private final Grid layer;
  private final int[][] neighbours;
  private JsonNode training;
  /** Whether empty cells next to hits are refined too (may create hits); off: empty cells stay empty. */
  private final boolean refineEmptyCells;

  CalorimeterRefiner(CalorimeterConfig config, CellSpace space, DenseNet net, boolean[] dead,
      boolean refineEmptyCells, JsonNode training) {
    super(checked(config, net, dead));
    this.config = config;
    this.space = space;
    this.dead = dead.clone();
    this.refineEmptyCells = refineEmptyCells;
    this.threshold = space.threshold(config);
    this.training = training == null ? Json.mapper().createObjectNode() : training;
    this.layer = new Grid(config.rows(), config.cols());
    this.neighbours = neighbours(config, layer);
  }

  private static DenseNet checked(CalorimeterConfig config, DenseNet net, boolean[] dead) {
    if (dead.length != config.cells()
        || net.spec().inputSize() != featureCount(config) || net.spec().outputSize() != 2) {
      throw new IllegalArgumentException("refiner network " + net.spec() + " does not fit the detector "
          + config.layers() + "x" + config.rows() + "x" + config.cols());
    }
    return net;
  }

  /** Inputs per cell. */
  static int featureCount(CalorimeterConfig c) {
    return GLOBAL_FEATURES + c.layers();
  }

  /** A fresh refiner: hidden widths, leaky-ReLU, last layer scaled to {@code 1e-3} of its initial draw. */
  static CalorimeterRefiner initialise(CalorimeterConfig config, CellSpace space, int[] hidden,
      boolean[] dead, boolean refineEmptyCells, long seed) {
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = featureCount(config);
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = 2;
    DenseNet net = DenseNet.initialise(DenseSpec.of(sizes), seed);
    net.weight(net.spec().layers() - 1).muli(1e-3);
    return new CalorimeterRefiner(config, space, net, dead, refineEmptyCells, null);
  }

  @Override
  public CalorimeterConfig config() {
    return config;
  }

  @Override
  int eventDim() {
    return config.cells();
  }

  /** The model space (log scale and particle). */
  CellSpace cellSpace() {
    return space;
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

  @Override
  public JsonNode training() {
    return training;
  }

  void training(JsonNode t) {
    this.training = t;
  }

  /** Each cell's four in-layer neighbours, as flat cell indices. */
  private static int[][] neighbours(CalorimeterConfig c, Grid layer) {
    int[][] nb = new int[c.cells()][];
    for (int i = 0; i < c.cells(); i++) {
      int offset = i - i % layer.units;
      nb[i] = java.util.Arrays.stream(layer.four[i % layer.units]).map(j -> offset + j).toArray();
    }
    return nb;
  }

  /**
   * Features of the active cells (hit, or, with {@code refineEmptyCells}, a neighbour hit) of
   * {@code n} model-space events; output 0 lands on hit cells, output 1 on empty ones.
   */
  @Override
  UnitFeatures features(float[] x, int n, Rng noise) {
    int cells = config.cells();
    int rowsPerLayer = config.rows() * config.cols();
    int layers = config.layers();
    int fc = featureCount(config);
    double s = space.logScale();
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
    float[] start = x.clone();
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
      float own = x[flat] > 0 ? x[flat] : lateralEstimate(x, e * cells, i);
      start[flat] = own;
      int base = k * fc;
      f[base] = own;
      f[base + 1] = (float) (Math.log1p(nbSum) / s);
      f[base + 2] = global;
      f[base + 3] = x[flat] > 0 ? 1f : 0f;
      f[base + 4] = (float) noise.nextGaussian();
      f[base + GLOBAL_FEATURES + i / rowsPerLayer] = 1f;
      k++;
    }
    if (layers <= 0) {
      throw new IllegalStateException();
    }
    INDArray feats = Nd4j.create(f, new long[] {Math.max(1, count), fc}, 'c');
    // output 0 corrects a hit cell; output 1 sets an empty cell, in units of twice the threshold, so
    // creating a hit is a step of 0.5, not of a whole threshold (as small as a hit's correction)
    int[] hit = new int[count];
    int[] empty = new int[count];
    for (int a = 0; a < count; a++) {
      boolean isHit = x[index[a]] > 0;
      hit[a] = isHit ? index[a] : -1;
      empty[a] = isHit ? -1 : index[a];
    }
    return new UnitFeatures(feats, count, new int[][] {hit, empty}, new float[] {1f, 2 * threshold}, start,
        new float[] {1f, 1f}); // measured: a tenth at dropped empty cells gave bias closure 0.75/0.80/0.55 vs 0.75/0.78/0.65
  }

  /**
   * The value of an empty cell {@code i} (flat within the event at {@code o}) that its layer's
   * transverse profile predicts: the linear extrapolation of the log-encoded cells along the lines
   * through it ({@link Grid#extrapolated}; the profile falls about exponentially away from the core,
   * so its log falls about linearly), at most just under the threshold (the simulation says it
   * stayed under) and at least 0; 0 without a pair of hit cells in line. This is the deposit the
   * zero suppression removed from the simulated file, which cross-talk and noise lift over the
   * threshold in data; starting an empty cell at 0 left it a whole threshold away, out of reach
   * of a small correction.
   */
  private float lateralEstimate(float[] x, int o, int i) {
    int layerStart = i - i % layer.units;
    return layer.estimateUnder(x, o + layerStart, i - layerStart, threshold);
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
  @Override
  void project(float[] y, int n) {
    int cells = config.cells();
    for (int i = 0; i < y.length; i++) {
      if (y[i] < threshold || dead[i % cells]) {
        y[i] = 0f;
      }
    }
  }

  @Override
  boolean frozen(int flat) {
    return dead[flat % config.cells()];
  }

  /** {@code P(x + f(x))} of {@code n} model-space events with the noise input drawn from {@code seed}. */
  float[] refineModel(float[] x, int n, long seed) {
    return refine(x, n, new Rng(seed));
  }

  /**
   * Refines physical events: encode, {@code P(x + f(x))}, decode (inverse log,
   * threshold); labels are copied bit for bit.
   *
   * @param seed seed of the noise input (the same seed gives the same refinement)
   * @throws IllegalArgumentException if the events belong to another detector configuration or particle
   */
  @Override
  public CalorimeterEvents apply(EventBatch batch, long seed) {
    if (!(batch instanceof CalorimeterEvents events)) {
      throw new IllegalArgumentException(batch.detector().id() + " events given to a calorimeter refiner");
    }
    if (events.layers() != config.layers() || events.rows() != config.rows() || events.cols() != config.cols()) {
      throw new IllegalArgumentException("events of " + events.layers() + "x" + events.rows() + "x" + events.cols()
          + " cells do not fit the refiner's detector " + config.layers() + "x" + config.rows() + "x" + config.cols());
    }
    space.requireParticle(events, "events to refine");
    float[] x = space.encode(events);
    float[] y = refineModel(x, events.size(), seed);
    CalorimeterEvents out = space.decode(y, events, config);
    float[] cells = out.showersMip();
    for (int i = 0; i < cells.length; i++) {
      // cells the refiner left unchanged keep their exact value (the log round trip is not bit-exact)
      if (y[i] == x[i] && y[i] > 0) {
        cells[i] = events.showersMip()[i];
      }
    }
    return out;
  }

  /** {@link #apply(EventBatch, long)} with noise seed 0. */
  public CalorimeterEvents apply(CalorimeterEvents events) {
    return apply(events, 0L);
  }

  @Override
  public String summary() {
    return deadCellCount() + " dead cells found in data";
  }

  @Override
  public String producer(Path dir, String inputProducer) {
    return RefinerFiles.producer(KIND, dir, training, inputProducer);
  }

  /** Writes {@code refiner.json} and {@code refiner.weights} into {@code dir}. */
  @Override
  public void save(Path dir) throws IOException {
    ObjectNode n = RefinerFiles.describe(KIND, FORMAT, config, net);
    n.set("cellSpace", space.toJson());
    n.put("refineEmptyCells", refineEmptyCells);
    RefinerFiles.putIndices(n, "deadCells", dead);
    n.set("training", training);
    RefinerFiles.save(dir, n, net);
  }

  /**
   * Loads a calorimeter refiner directory.
   *
   * @throws IllegalArgumentException with a one-line message if it is missing, corrupt or of another detector
   */
  public static CalorimeterRefiner load(Path dir) {
    return RefinerFiles.load(dir, KIND, FORMAT, l -> {
      if (!(l.config() instanceof CalorimeterConfig cfg)) {
        throw new IllegalArgumentException(dir + ": not a calorimeter refiner");
      }
      CellSpace space = CellSpace.fromJson(l.json().get("cellSpace"));
      boolean[] dead = RefinerFiles.indices(l.json(), "deadCells", cfg.cells());
      return new CalorimeterRefiner(cfg, space, l.net(), dead, l.json().path("refineEmptyCells").asBoolean(false),
          l.json().path("training"));
    });
  }

  @Override
  public void requireDetector(DetectorConfig other, String what) {
    RefinerFiles.requireDetector(config, other, what);
  }
}
