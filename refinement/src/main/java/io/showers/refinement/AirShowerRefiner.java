package io.showers.refinement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.Json;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A footprint-level air-shower refiner {@code R(x) = P(x + f(x))} in {@link StationSpace}
 * (signal {@code u = log10(1 + S)/4} and time in µs per station), for files with or without traces.
 *
 * <p>{@code f} is one dense network shared by every refined station. Its inputs are the station's
 * own signal, local features that do not need the core or the axis (mean signal and fraction of the
 * eight neighbours that triggered, the station's time minus the mean time of its triggered edge
 * neighbours), the event's summary (log total signal, number of triggered stations, rms time step
 * between adjacent stations ~ sin θ) and two Gaussian noise inputs (so it can add the spread of extra
 * time jitter or baseline noise, which no deterministic map can) and a triggered flag; its outputs
 * correct the signal and the time. The last layer starts near zero, so R starts as the identity.
 *
 * <p>By default untriggered stations next to a triggered one get a row too (the muon excess of
 * data lifts sub-threshold stations over 3 VEM; without this the number of triggered stations
 * cannot move towards data). Their signal, lost to the trigger in the simulated file, starts at the
 * lateral distribution's prediction from their neighbours, capped under the threshold, and their
 * time on the front extrapolated from their neighbours; the signal correction then lifts some of
 * them over the threshold. Other untriggered stations stay untriggered.
 *
 * <p>{@code P} applies the array's rules: a station whose corrected signal falls below the trigger
 * threshold (3 VEM) did not trigger; stations found dead in the data (triggered in ≥ 2% of simulated
 * events, never in data) never trigger. Decoding
 * re-references times to the earliest triggered station (the schema's rule), scales traces with the
 * signal (zero for stations no longer triggered) and copies labels bit for bit.
 */
public final class AirShowerRefiner extends ResidualRefiner implements Refiner {
  static final String KIND = "showers-airshower-refiner";
  static final int FORMAT = 2;
  /** Inputs per station. */
  static final int FEATURES = 10;
  /** Outputs per station: signal correction, time correction. */
  static final int OUTPUTS = 2;
  /**
   * Self-regularisation weight of the signal correction of an untriggered station that stays
   * untriggered (it changes nothing). Full weight taxes every candidate station for the few a muon
   * excess lifts, and hardly any was created (1.3 per event; data have 6.4 more triggered than
   * simulation); weight 0 let them drift over the threshold in runs where data equal simulation.
   */
  static final float DROPPED_PROPOSAL_WEIGHT = 0.1f;
  /** Time correction per network output unit, µs (50 ns: jitters are tens of ns). */
  static final float TIME_STEP_US = 0.05f;
  /** Adjacent-station time step (750 m at c), µs: the scale of the rms time step feature. */
  private static final double FRONT_STEP_US = 2.5;

  private final ArrayConfig config;
  private final Grid grid;
  private final boolean[] dead;
  private final float threshold;
  /** Whether untriggered stations next to triggered ones are refined too (may cross the trigger threshold). */
  private final boolean createStations;
  private JsonNode training;

  AirShowerRefiner(ArrayConfig config, DenseNet net, boolean[] dead, boolean createStations, JsonNode training) {
    super(checked(config, net, dead));
    this.config = config;
    this.grid = new Grid(config.stationsPerSide());
    this.dead = dead.clone();
    this.createStations = createStations;
    this.threshold = StationSpace.encodeSignal(config.triggerThresholdVem());
    this.training = training == null ? Json.mapper().createObjectNode() : training;
  }

  private static DenseNet checked(ArrayConfig config, DenseNet net, boolean[] dead) {
    if (dead.length != config.stations() || net.spec().inputSize() != FEATURES || net.spec().outputSize() != OUTPUTS) {
      throw new IllegalArgumentException("refiner network " + net.spec() + " does not fit the array of "
          + config.stations() + " stations");
    }
    return net;
  }

  /** A fresh refiner: hidden widths, leaky-ReLU, last layer scaled to {@code 1e-3} of its initial draw. */
  static AirShowerRefiner initialise(ArrayConfig config, int[] hidden, boolean[] dead, boolean createStations,
      long seed) {
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = FEATURES;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = OUTPUTS;
    DenseNet net = DenseNet.initialise(DenseSpec.of(sizes), seed);
    net.weight(net.spec().layers() - 1).muli(1e-3);
    return new AirShowerRefiner(config, net, dead, createStations, null);
  }

  @Override
  public ArrayConfig config() {
    return config;
  }

  @Override
  int eventDim() {
    return 2 * config.stations();
  }

  /** Trigger threshold in model space. */
  float threshold() {
    return threshold;
  }

  /** The dead-station mask learned from data (copy). */
  public boolean[] deadStations() {
    return dead.clone();
  }

  public int deadStationCount() {
    int k = 0;
    for (boolean d : dead) {
      k += d ? 1 : 0;
    }
    return k;
  }

  @Override
  public JsonNode training() {
    return training;
  }

  void training(JsonNode t) {
    this.training = t;
  }

  @Override
  public String summary() {
    return deadStationCount() + " dead stations found in data";
  }

  /** RMS time difference of adjacent triggered stations of event {@code e}, µs (0 with no pair). */
  static double rmsTimeStep(float[] x, int e, Grid grid) {
    int st = grid.units;
    int o = e * 2 * st;
    double sum = 0;
    int pairs = 0;
    for (int s = 0; s < st; s++) {
      if (x[o + s] <= 0) {
        continue;
      }
      for (int j : grid.four[s]) {
        if (j > s && x[o + j] > 0) {
          double d = x[o + st + s] - x[o + st + j];
          sum += d * d;
          pairs++;
        }
      }
    }
    return pairs == 0 ? 0 : Math.sqrt(sum / pairs);
  }

  /** Whether station {@code s} of the event at offset {@code o} gets a network row. */
  private boolean refined(float[] x, int o, int s) {
    if (x[o + s] > 0) {
      return true;
    }
    if (!createStations || dead[s]) {
      return false;
    }
    for (int j : grid.eight[s]) {
      if (x[o + j] > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Rows for the triggered stations and (with {@code createStations}) the untriggered ones next to
   * a triggered station. Output 0 corrects the signal, output 1 the time of a triggered station. An
   * untriggered station starts at the signal its neighbours' lateral distribution predicts ({@link
   * #lateralEstimate}, under the threshold since it did not trigger) and at the front's time ({@link
   * #frontTime}); output 0 corrects its signal as it does a triggered one's, so a correction that
   * raises every signal (a muon excess) lifts the stations just under the threshold over it.
   */
  @Override
  UnitFeatures features(float[] x, int n, Rng noise) {
    int st = config.stations();
    int d = eventDim();
    int count = 0;
    for (int e = 0; e < n; e++) {
      for (int s = 0; s < st; s++) {
        count += refined(x, e * d, s) ? 1 : 0;
      }
    }
    float[] f = new float[Math.max(1, count) * FEATURES];
    int[][] targets = new int[OUTPUTS][count];
    float[] base = x.clone();
    int k = 0;
    for (int e = 0; e < n; e++) {
      int o = e * d;
      double total = 0;
      int triggered = 0;
      for (int s = 0; s < st; s++) {
        if (x[o + s] > 0) {
          total += StationSpace.decodeSignal(x[o + s]);
          triggered++;
        }
      }
      if (triggered == 0) {
        continue;
      }
      float logTotal = (float) (Math.log10(1 + total) / StationSpace.LOG_SIGNAL_UNIT - 0.5);
      float nTrig = triggered / 20f;
      float step = (float) (rmsTimeStep(x, e, grid) / FRONT_STEP_US);
      for (int s = 0; s < st; s++) {
        if (!refined(x, o, s)) {
          continue;
        }
        boolean on = x[o + s] > 0;
        double nbU = 0;
        double nbT = 0;
        int nb = 0;
        for (int j : grid.eight[s]) {
          if (x[o + j] > 0) {
            nbU += x[o + j];
            nbT += x[o + st + j];
            nb++;
          }
        }
        double edgeT = 0;
        int nt = 0;
        for (int j : grid.four[s]) {
          if (x[o + j] > 0) {
            edgeT += x[o + st + j];
            nt++;
          }
        }
        float own = on ? x[o + s] : lateralEstimate(x, o, s);
        int b = k * FEATURES;
        f[b] = own;
        f[b + 1] = nb == 0 ? 0f : (float) (nbU / nb);
        f[b + 2] = nb / 8f;
        f[b + 3] = on && nt > 0 ? (float) ((x[o + st + s] - edgeT / nt) / FRONT_STEP_US) : 0f;
        f[b + 4] = logTotal;
        f[b + 5] = nTrig;
        f[b + 6] = step;
        f[b + 7] = (float) noise.nextGaussian();
        f[b + 8] = (float) noise.nextGaussian();
        f[b + 9] = on ? 1f : 0f;
        targets[0][k] = o + s;
        targets[1][k] = on ? o + st + s : -1; // no feature informs a created station's time beyond the front's
        if (!on) {
          base[o + s] = own;
          base[o + st + s] = frontTime(x, o, s, nt > 0 ? edgeT / nt : nbT / nb);
        }
        k++;
      }
    }
    return new UnitFeatures(Nd4j.create(f, new long[] {Math.max(1, count), FEATURES}, 'c'), count, targets,
        new float[] {1f, TIME_STEP_US}, base, new float[] {DROPPED_PROPOSAL_WEIGHT, 1f});
  }

  /**
   * The signal {@code u} of an untriggered station {@code s} that its neighbours predict: the
   * log-linear extrapolation of {@code u} ({@link Grid#extrapolated}; the lateral distribution is close to
   * a power law, so {@code u} falls about linearly over two station steps), at most just under the
   * trigger threshold (the simulation says it did not trigger) and at least 0; 0 without a pair.
   */
  private float lateralEstimate(float[] x, int o, int s) {
    return grid.estimateUnder(x, o, s, threshold);
  }

  /**
   * Where the shower front passes an untriggered station {@code s}: the linear extrapolation of the
   * times ({@link Grid#extrapolated}; exact for a plane front, which a neighbour's own time is not: next
   * to the footprint's edge all triggered neighbours lie on one side, up to a station step ~ 2.5 µs
   * sin θ away in time). Without a pair, {@code fallback}.
   */
  private float frontTime(float[] x, int o, int s, double fallback) {
    double t = grid.extrapolated(x, o, s, grid.units);
    return (float) (Double.isNaN(t) ? fallback : t);
  }

  @Override
  void project(float[] y, int n) {
    int st = config.stations();
    int d = eventDim();
    for (int e = 0; e < n; e++) {
      int o = e * d;
      for (int s = 0; s < st; s++) {
        if (y[o + s] < threshold || dead[s]) {
          y[o + s] = 0f;
          y[o + st + s] = 0f;
        }
      }
    }
  }

  @Override
  boolean frozen(int flat) {
    int st = config.stations();
    return dead[(flat % (2 * st)) % st];
  }

  /**
   * Refines physical events: encode, {@code P(x + f(x))}, decode (trigger rule, times re-referenced
   * to the earliest triggered station, traces scaled with the signal); labels are copied bit for bit.
   */
  @Override
  public AirShowerEvents apply(EventBatch batch, long seed) {
    if (!(batch instanceof AirShowerEvents ev)) {
      throw new IllegalArgumentException(batch.detector().id() + " events given to an air-shower refiner");
    }
    if (ev.side() != config.stationsPerSide()) {
      throw new IllegalArgumentException("events of a " + ev.side() + "x" + ev.side()
          + " array do not fit the refiner's " + config.stationsPerSide() + "x" + config.stationsPerSide());
    }
    float[] x = StationSpace.encode(ev);
    float[] y = refine(x, ev.size(), new Rng(seed));
    int st = config.stations();
    int n = ev.size();
    float[] signal = ev.signalVem().clone();
    float[] time = ev.timeUs().clone();
    float[] traces = ev.tracesVem() == null ? null : ev.tracesVem().clone();
    int bins = ev.traceBins();
    for (int e = 0; e < n; e++) {
      int o = e * 2 * st;
      float earliest = Float.POSITIVE_INFINITY;
      for (int s = 0; s < st; s++) {
        if (y[o + s] > 0) {
          earliest = Math.min(earliest, y[o + st + s]);
        }
      }
      for (int s = 0; s < st; s++) {
        int i = e * st + s;
        boolean triggered = y[o + s] > 0;
        float old = signal[i];
        // unchanged values keep their exact input (the log round trip is not bit-exact)
        signal[i] = !triggered ? Float.NaN : y[o + s] == x[o + s] ? old : (float) StationSpace.decodeSignal(y[o + s]);
        time[i] = triggered ? y[o + st + s] - earliest : Float.NaN;
        if (traces != null) {
          // a created station has no trace to scale: its trace stays empty
          float scale = triggered && !Float.isNaN(old) ? signal[i] / old : 0f;
          for (int b = 0; b < bins; b++) {
            traces[i * bins + b] *= scale;
          }
        }
      }
    }
    return new AirShowerEvents(n, ev.side(), bins, signal, time, traces, ev.energyEeV().clone(),
        ev.showerAxis().clone(), ev.showerCoreM().clone(), ev.xmaxGcm2().clone(), ev.massA().clone());
  }

  @Override
  public String producer(Path dir, String inputProducer) {
    return RefinerFiles.producer(KIND, dir, training, inputProducer);
  }

  @Override
  public void save(Path dir) throws IOException {
    ObjectNode n = RefinerFiles.describe(KIND, FORMAT, config, net);
    n.put("createStations", createStations);
    RefinerFiles.putIndices(n, "deadStations", dead);
    n.set("training", training);
    RefinerFiles.save(dir, n, net);
  }

  /**
   * Loads an air-shower refiner directory.
   *
   * @throws IllegalArgumentException with a one-line message if it is missing, corrupt or of another detector
   */
  public static AirShowerRefiner load(Path dir) {
    return RefinerFiles.load(dir, KIND, FORMAT, l -> {
      if (!(l.config() instanceof ArrayConfig cfg)) {
        throw new IllegalArgumentException(dir + ": not an air-shower refiner");
      }
      boolean[] dead = RefinerFiles.indices(l.json(), "deadStations", cfg.stations());
      return new AirShowerRefiner(cfg, l.net(), dead, l.json().path("createStations").asBoolean(false),
          l.json().path("training"));
    });
  }

  @Override
  public void requireDetector(DetectorConfig other, String what) {
    RefinerFiles.requireDetector(config, other, what);
  }
}
