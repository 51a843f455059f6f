package io.showers.refinement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * <p>{@code f} is one dense network shared by every triggered station. Its inputs are the station's
 * own signal, local features that do not need the core or the axis (mean signal and fraction of the
 * eight neighbours that triggered, the station's time minus the mean time of its triggered edge
 * neighbours), the event's summary (log total signal, number of triggered stations, rms time step
 * between adjacent stations ~ sin θ) and two Gaussian noise inputs (so it can add the spread of extra
 * time jitter or baseline noise, which no deterministic map can); its two outputs correct the signal
 * and the time. The last layer starts near zero, so R starts as the identity.
 *
 * <p>{@code P} applies the array's rules: a station whose corrected signal falls below the trigger
 * threshold (3 VEM) did not trigger; stations found dead in the data (triggered in ≥ 2% of simulated
 * events, never in data) never trigger; untriggered stations stay untriggered (NaN). Decoding
 * re-references times to the earliest triggered station (the schema's rule), scales traces with the
 * signal (zero for stations no longer triggered) and copies labels bit for bit.
 */
public final class AirShowerRefiner extends ResidualRefiner implements Refiner {
  static final String KIND = "showers-airshower-refiner";
  static final int FORMAT = 1;
  /** Inputs per station. */
  static final int FEATURES = 9;
  /** Time correction per network output unit, µs (50 ns: jitters are tens of ns). */
  static final float TIME_STEP_US = 0.05f;
  /** Adjacent-station time step (750 m at c), µs: the scale of the rms time step feature. */
  private static final double FRONT_STEP_US = 2.5;

  private final ArrayConfig config;
  private final StationGrid grid;
  private final boolean[] dead;
  private final float threshold;
  private JsonNode training;

  AirShowerRefiner(ArrayConfig config, DenseNet net, boolean[] dead, JsonNode training) {
    super(checked(config, net, dead));
    this.config = config;
    this.grid = new StationGrid(config.stationsPerSide());
    this.dead = dead.clone();
    this.threshold = StationSpace.encodeSignal(config.triggerThresholdVem());
    this.training = training == null ? Json.mapper().createObjectNode() : training;
  }

  private static DenseNet checked(ArrayConfig config, DenseNet net, boolean[] dead) {
    if (dead.length != config.stations() || net.spec().inputSize() != FEATURES || net.spec().outputSize() != 2) {
      throw new IllegalArgumentException("refiner network " + net.spec() + " does not fit the array of "
          + config.stations() + " stations");
    }
    return net;
  }

  /** A fresh refiner: hidden widths, leaky-ReLU, last layer scaled to {@code 1e-3} of its initial draw. */
  static AirShowerRefiner initialise(ArrayConfig config, int[] hidden, boolean[] dead, long seed) {
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = FEATURES;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = 2;
    DenseNet net = DenseNet.initialise(DenseSpec.of(sizes), seed);
    net.weight(net.spec().layers() - 1).muli(1e-3);
    return new AirShowerRefiner(config, net, dead, null);
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
  static double rmsTimeStep(float[] x, int e, StationGrid grid) {
    int st = grid.stations;
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

  @Override
  UnitFeatures features(float[] x, int n, Rng noise) {
    int st = config.stations();
    int d = eventDim();
    int count = 0;
    for (int e = 0; e < n; e++) {
      for (int s = 0; s < st; s++) {
        count += x[e * d + s] > 0 ? 1 : 0;
      }
    }
    float[] f = new float[Math.max(1, count) * FEATURES];
    int[] sig = new int[count];
    int[] time = new int[count];
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
        if (x[o + s] <= 0) {
          continue;
        }
        double nbU = 0;
        int nb = 0;
        for (int j : grid.eight[s]) {
          if (x[o + j] > 0) {
            nbU += x[o + j];
            nb++;
          }
        }
        double nbT = 0;
        int nt = 0;
        for (int j : grid.four[s]) {
          if (x[o + j] > 0) {
            nbT += x[o + st + j];
            nt++;
          }
        }
        int b = k * FEATURES;
        f[b] = x[o + s];
        f[b + 1] = nb == 0 ? 0f : (float) (nbU / nb);
        f[b + 2] = nb / 8f;
        f[b + 3] = nt == 0 ? 0f : (float) ((x[o + st + s] - nbT / nt) / FRONT_STEP_US);
        f[b + 4] = logTotal;
        f[b + 5] = nTrig;
        f[b + 6] = step;
        f[b + 7] = (float) noise.nextGaussian();
        f[b + 8] = (float) noise.nextGaussian();
        sig[k] = o + s;
        time[k] = o + st + s;
        k++;
      }
    }
    return new UnitFeatures(Nd4j.create(f, new long[] {Math.max(1, count), FEATURES}, 'c'), count,
        new int[][] {sig, time}, new float[] {1f, TIME_STEP_US});
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
          float scale = triggered ? signal[i] / old : 0f;
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
    ArrayNode d = n.putArray("deadStations");
    for (int i = 0; i < dead.length; i++) {
      if (dead[i]) {
        d.add(i);
      }
    }
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
      boolean[] dead = new boolean[cfg.stations()];
      for (JsonNode i : l.json().path("deadStations")) {
        dead[i.asInt()] = true;
      }
      return new AirShowerRefiner(cfg, l.net(), dead, l.json().path("training"));
    });
  }

  @Override
  public void requireDetector(DetectorConfig other, String what) {
    RefinerFiles.requireDetector(config, other, what);
  }
}
