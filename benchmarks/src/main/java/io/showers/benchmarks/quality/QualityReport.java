package io.showers.benchmarks.quality;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.metrics.FrechetDistance;
import io.showers.datasets.metrics.KernelDistance;
import io.showers.datasets.metrics.ObservableMetric;
import io.showers.datasets.metrics.PhysicsDistances;
import io.showers.datasets.observables.ObservableCalculator;
import io.showers.datasets.observables.Observables;
import io.showers.datasets.observables.Profile;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.Json;
import io.showers.detector.ProgressListener;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.evaluation.ClassifierTest;
import io.showers.generative.evaluation.EnergyResponse;
import io.showers.generative.evaluation.FeatureMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a candidate sample (a surrogate, a fast simulation, a refined sample) with a
 * reference sample of the same detector and writes {@code report.md}, {@code index.html},
 * {@code metrics.json} and the PNG plots into a directory.
 *
 * <p>Every metric is shown next to a reference-vs-reference baseline: the reference split
 * into two halves (first and second half of the events), which tells the statistical floor
 * of each number (at half the sample size, so the baseline is a slightly generous floor).
 */
public final class QualityReport {

  /**
   * @param maxEvents use at most this many events of each sample (0: all)
   * @param networks whether to run the classifier tests and the energy response
   * @param baseline whether to compute the reference-vs-reference baseline
   * @param classifier classifier options
   * @param energy energy-response options
   * @param fpd FPD options
   * @param kpd KPD options
   */
  public record Options(int maxEvents, boolean networks, boolean baseline, ClassifierTest.Options classifier,
      EnergyResponse.Options energy, FrechetDistance.Options fpd, KernelDistance.Options kpd) {

    public static Options defaults() {
      return new Options(0, true, true, ClassifierTest.Options.defaults(), EnergyResponse.Options.defaults(),
          FrechetDistance.Options.defaults(), KernelDistance.Options.defaults());
    }

    /** The same options with every seed derived from {@code seed}. */
    public Options withSeed(long seed) {
      ClassifierTest.Options c = classifier;
      EnergyResponse.Options e = energy;
      return new Options(maxEvents, networks, baseline,
          new ClassifierTest.Options(c.hidden(), c.learningRate(), c.maxEpochs(), c.patience(), c.batchSize(), c.runs(), seed),
          new EnergyResponse.Options(e.hidden(), e.learningRate(), e.maxEpochs(), e.patience(), e.batchSize(), e.holdOut(),
              seed + 1),
          new FrechetDistance.Options(fpd.minSamples(), fpd.maxSamples(), fpd.points(), fpd.batches(), seed + 2),
          new KernelDistance.Options(kpd.batchSize(), kpd.batches(), seed + 3));
    }

    public Options withMaxEvents(int max) {
      return new Options(max, networks, baseline, classifier, energy, fpd, kpd);
    }

    public Options withNetworks(boolean on) {
      return new Options(maxEvents, on, baseline, classifier, energy, fpd, kpd);
    }
  }

  /**
   * What the report found (also in metrics.json).
   *
   * @param observables one-dimensional comparison per observable, candidate vs reference
   * @param baselineObservables the same for reference half vs reference half (empty if none)
   * @param distances FPD/KPD candidate vs reference
   * @param baselineDistances FPD/KPD reference half vs half, or null
   * @param classifiers AUCs by name ("low-level", "high-level"), candidate vs reference
   * @param baselineClassifiers AUCs reference half vs half
   * @param energyResponse energy response, or null
   * @param seconds wall time per step
   */
  public record Summary(List<ObservableMetric> observables, List<ObservableMetric> baselineObservables,
      PhysicsDistances distances, PhysicsDistances baselineDistances, Map<String, ClassifierTest.Result> classifiers,
      Map<String, ClassifierTest.Result> baselineClassifiers, EnergyResponse.Result energyResponse,
      Map<String, Double> seconds) {}

  private QualityReport() {}

  /** Work units {@link #write} reports through its progress listener, for a progress bar's total. */
  public static long plannedWork(int nReference, int nCandidate, Options o) {
    int nr = o.maxEvents() > 0 ? Math.min(o.maxEvents(), nReference) : nReference;
    int nc = o.maxEvents() > 0 ? Math.min(o.maxEvents(), nCandidate) : nCandidate;
    long w = observableUnits(nr) + observableUnits(nc) + DISTANCE_UNITS * (o.baseline() ? 2 : 1) + PLOT_UNITS;
    if (o.networks()) {
      w += 2 * o.classifier().maxSteps() * (o.baseline() ? 2 : 1) + o.energy().maxEpochs();
    }
    return w;
  }

  /**
   * Units are weighted to take roughly similar time on 2 cores: one per training epoch, one per
   * {@value #EVENTS_PER_UNIT} events of observables, {@value #DISTANCE_UNITS} per FPD/KPD pair.
   */
  private static final int DISTANCE_UNITS = 20;
  private static final int EVENTS_PER_UNIT = 1000;

  private static long observableUnits(int n) {
    return Math.max(1, (n + EVENTS_PER_UNIT - 1) / EVENTS_PER_UNIT);
  }
  private static final int PLOT_UNITS = 50;

  /**
   * Throws {@link IllegalArgumentException} naming both inputs if the detectors or their
   * configurations differ.
   */
  public static void checkCompatible(DetectorConfig reference, String referenceName, DetectorConfig candidate,
      String candidateName) {
    if (reference.kind() != candidate.kind()) {
      throw new IllegalArgumentException("cannot compare different detectors: reference " + referenceName + " is a "
          + reference.kind() + " sample, candidate " + candidateName + " is a " + candidate.kind() + " sample");
    }
    if (!reference.toJson().equals(candidate.toJson())) {
      throw new IllegalArgumentException("cannot compare samples of different " + reference.kind()
          + " configurations: reference " + referenceName + " has " + reference.toJson() + ", candidate "
          + candidateName + " has " + candidate.toJson());
    }
  }

  public static Summary write(EventBatch reference, DetectorConfig referenceConfig, EventBatch candidate,
      DetectorConfig candidateConfig, Path dir, Options o, ProgressListener progress) {
    return write(reference, referenceConfig, "reference", candidate, candidateConfig, "candidate", dir, o, progress);
  }

  public static Summary write(EventBatch reference, DetectorConfig referenceConfig, String referenceName,
      EventBatch candidate, DetectorConfig candidateConfig, String candidateName, Path dir, Options o,
      ProgressListener progress) {
    checkCompatible(referenceConfig, referenceName, candidateConfig, candidateName);
    if (reference.detector() != referenceConfig.kind() || candidate.detector() != candidateConfig.kind()) {
      throw new IllegalArgumentException("events do not belong to the " + referenceConfig.kind() + " detector");
    }
    if (reference.size() < 2 || candidate.size() < 2) {
      throw new IllegalArgumentException("need at least 2 events in each sample; reference " + referenceName + " has "
          + reference.size() + ", candidate " + candidateName + " has " + candidate.size());
    }
    if (o.maxEvents() > 0) {
      reference = reference.size() > o.maxEvents() ? reference.slice(0, o.maxEvents()) : reference;
      candidate = candidate.size() > o.maxEvents() ? candidate.slice(0, o.maxEvents()) : candidate;
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t = System.nanoTime();
    int nr = reference.size();
    int half = nr / 2;
    boolean baseline = o.baseline() && half >= 50;
    Observables ro = ObservableCalculator.compute(reference, referenceConfig);
    progress.advance(observableUnits(nr));
    Observables co = ObservableCalculator.compute(candidate, candidateConfig);
    progress.advance(observableUnits(candidate.size()));
    Observables ra = baseline ? ro.slice(0, half) : null;
    Observables rb = baseline ? ro.slice(half, 2 * half) : null;
    t = lap(seconds, "observables", t);

    List<ObservableMetric> metrics = ObservableMetric.compare(ro, co);
    List<ObservableMetric> baseMetrics = baseline ? ObservableMetric.compare(ra, rb) : List.of();
    t = lap(seconds, "histograms", t);
    PhysicsDistances dist = PhysicsDistances.compute(ro, co, o.fpd(), o.kpd());
    progress.advance(DISTANCE_UNITS);
    PhysicsDistances baseDist = null;
    if (baseline) {
      baseDist = PhysicsDistances.compute(ra, rb, o.fpd(), o.kpd());
    }
    progress.advance(DISTANCE_UNITS);
    t = lap(seconds, "fpd_kpd", t);

    Map<String, ClassifierTest.Result> cls = new LinkedHashMap<>();
    Map<String, ClassifierTest.Result> baseCls = new LinkedHashMap<>();
    EnergyResponse.Result er = null;
    if (o.networks()) {
      float[][] lr = FeatureMatrix.lowLevel(reference);
      float[][] lc = FeatureMatrix.lowLevel(candidate);
      cls.put("low-level", ClassifierTest.run(lr, lc, o.classifier(), progress));
      float[][][] hl = FeatureMatrix.highLevel(ro, co, ro.names());
      cls.put("high-level", ClassifierTest.run(hl[0], hl[1], o.classifier(), progress));
      t = lap(seconds, "classifier", t);
      if (baseline) {
        baseCls.put("low-level", ClassifierTest.run(java.util.Arrays.copyOfRange(lr, 0, half),
            java.util.Arrays.copyOfRange(lr, half, 2 * half), o.classifier(), progress));
        float[][][] hb = FeatureMatrix.highLevel(ra, rb, ro.names());
        baseCls.put("high-level", ClassifierTest.run(hb[0], hb[1], o.classifier(), progress));
        t = lap(seconds, "classifier_baseline", t);
      }
      er = EnergyResponse.run(ro, co, o.energy(), progress);
      t = lap(seconds, "energy_response", t);
    }
    Summary s = new Summary(metrics, baseMetrics, dist, baseDist, cls, baseCls, er, seconds);

    List<String[]> figures = plots(reference, candidate, referenceConfig, ro, co, s, dir, progress);
    lap(seconds, "plots", t);
    ReportWriter.write(dir, referenceConfig, referenceName, nr, candidateName, candidate.size(), baseline ? half : 0,
        o, s, figures);
    return s;
  }

  private static long lap(Map<String, Double> seconds, String step, long t0) {
    long now = System.nanoTime();
    seconds.put(step, (now - t0) / 1e9);
    return now;
  }

  /** Writes the plots; returns {file, caption} pairs in display order. */
  private static List<String[]> plots(EventBatch reference, EventBatch candidate, DetectorConfig cfg,
      Observables ro, Observables co, Summary s, Path dir, ProgressListener progress) {
    List<String[]> figs = new ArrayList<>();
    int total = s.observables().size() + ro.profiles().size() + 4;
    int[] done = {0, 0};
    Runnable tick = () -> {
      done[0]++;
      int units = (int) ((long) PLOT_UNITS * done[0] / total);
      if (units > done[1]) {
        progress.advance(Math.min(PLOT_UNITS, units) - done[1]);
        done[1] = Math.min(PLOT_UNITS, units);
      }
    };
    if (reference instanceof CalorimeterEvents r && candidate instanceof CalorimeterEvents c) {
      CalorimeterConfig cc = (CalorimeterConfig) cfg;
      calorimeterMaps(r, c, cc, dir, figs);
    } else if (reference instanceof AirShowerEvents r && candidate instanceof AirShowerEvents c) {
      airShowerMaps(r, c, (ArrayConfig) cfg, dir, figs);
    }
    tick.run();
    tick.run();
    for (Profile p : ro.profiles()) {
      String f = "profile_" + p.name() + ".png";
      Plots.profile(p, co.profile(p.name()), p.name() + " profile", dir.resolve(f));
      figs.add(new String[] {f, p.name() + " profile (mean ± standard error)"});
      tick.run();
    }
    if (s.energyResponse() != null) {
      Plots.energyResponse(s.energyResponse(), dir.resolve("energy_response.png"));
      figs.add(new String[] {"energy_response.png", "energy response of a regressor trained on the reference"});
    }
    tick.run();
    for (ObservableMetric m : s.observables()) {
      String f = "hist_" + m.name() + ".png";
      Plots.histogram(m, "reference", "candidate", dir.resolve(f));
      figs.add(new String[] {f, m.name()});
      tick.run();
    }
    tick.run();
    progress.advance(PLOT_UNITS - done[1]);
    return figs;
  }

  private static void calorimeterMaps(CalorimeterEvents r, CalorimeterEvents c, CalorimeterConfig cfg, Path dir,
      List<String[]> figs) {
    int layers = cfg.layers();
    int rows = cfg.rows();
    int cols = cfg.cols();
    double[] xc = new double[cols];
    double[] yc = new double[rows];
    for (int j = 0; j < cols; j++) {
      xc[j] = (j - (cols - 1) / 2.0) * cfg.cellSizeMm();
    }
    for (int i = 0; i < rows; i++) {
      yc[i] = (i - (rows - 1) / 2.0) * cfg.cellSizeMm();
    }
    String[] names = new String[layers];
    for (int k = 0; k < layers; k++) {
      names[k] = String.format(Locale.ROOT, "layer %d (%.1f X0) [MIP]", k, cfg.layerDepthX0(k));
    }
    double[][][] avg = {average(r.showersMip(), r.size(), layers, rows * cols),
        average(c.showersMip(), c.size(), layers, rows * cols)};
    Plots.heatMapGrid(avg, rows, cols, xc, yc, new String[] {"reference", "candidate"}, names, "x [mm]", "y [mm]",
        "%.0f", dir.resolve("average_shower.png"));
    figs.add(new String[] {"average_shower.png", "average shower per layer (mean cell energy)"});
    int i = 0;
    int j = nearest(c.incidentEnergyGeV(), r.incidentEnergyGeV()[i]);
    int per = rows * cols * layers;
    double[][][] ex = {average(java.util.Arrays.copyOfRange(r.showersMip(), i * per, (i + 1) * per), 1, layers, rows * cols),
        average(java.util.Arrays.copyOfRange(c.showersMip(), j * per, (j + 1) * per), 1, layers, rows * cols)};
    Plots.heatMapGrid(ex, rows, cols, xc, yc,
        new String[] {String.format(Locale.ROOT, "reference event %d (%.0f GeV)", i, r.incidentEnergyGeV()[i]),
            String.format(Locale.ROOT, "candidate event %d (%.0f GeV)", j, c.incidentEnergyGeV()[j])},
        names, "x [mm]", "y [mm]", "%.0f", dir.resolve("example_events.png"));
    figs.add(new String[] {"example_events.png", "single events of similar energy"});
  }

  private static void airShowerMaps(AirShowerEvents r, AirShowerEvents c, ArrayConfig cfg, Path dir,
      List<String[]> figs) {
    int side = cfg.stationsPerSide();
    double[] xc = new double[side];
    for (int j = 0; j < side; j++) {
      xc[j] = (j - (side - 1) / 2.0) * cfg.spacingM() / 1000;
    }
    String[] names = {"mean log10(1 + S/VEM)", "trigger probability", "mean arrival time, triggered [µs]"};
    double[][][] maps = {footprint(r), footprint(c)};
    Plots.heatMapGrid(maps, side, side, xc, xc, new String[] {"reference", "candidate"}, names, "x [km]", "y [km]",
        "%.2f", dir.resolve("average_footprint.png"));
    figs.add(new String[] {"average_footprint.png", "average footprint on the array"});
    int i = 0;
    int j = nearest(c.energyEeV(), r.energyEeV()[i]);
    double[][][] ex = {event(r, i), event(c, j)};
    Plots.heatMapGrid(ex, side, side, xc, xc,
        new String[] {String.format(Locale.ROOT, "reference event %d (%.1f EeV)", i, r.energyEeV()[i]),
            String.format(Locale.ROOT, "candidate event %d (%.1f EeV)", j, c.energyEeV()[j])},
        new String[] {"log10(1 + S/VEM)", "arrival time [µs]"}, "x [km]", "y [km]", "%.2f",
        dir.resolve("example_events.png"));
    figs.add(new String[] {"example_events.png", "single events of similar energy"});
  }

  private static double[][] footprint(AirShowerEvents a) {
    int st = a.side() * a.side();
    double[] s = new double[st];
    double[] p = new double[st];
    double[] t = new double[st];
    for (int e = 0; e < a.size(); e++) {
      for (int k = 0; k < st; k++) {
        float v = a.signalVem()[e * st + k];
        if (Float.isFinite(v)) {
          s[k] += Math.log10(1 + Math.max(0, v));
          p[k]++;
          float tt = a.timeUs()[e * st + k];
          if (Float.isFinite(tt)) {
            t[k] += tt;
          }
        }
      }
    }
    for (int k = 0; k < st; k++) {
      t[k] = p[k] > 0 ? t[k] / p[k] : 0;
      s[k] /= a.size();
      p[k] /= a.size();
    }
    return new double[][] {s, p, t};
  }

  private static double[][] event(AirShowerEvents a, int e) {
    int st = a.side() * a.side();
    double[] s = new double[st];
    double[] t = new double[st];
    for (int k = 0; k < st; k++) {
      float v = a.signalVem()[e * st + k];
      s[k] = Float.isFinite(v) ? Math.log10(1 + v) : 0;
      float tt = a.timeUs()[e * st + k];
      t[k] = Float.isFinite(tt) ? tt : 0;
    }
    return new double[][] {s, t};
  }

  private static double[][] average(float[] cells, int n, int layers, int perLayer) {
    double[][] m = new double[layers][perLayer];
    for (int e = 0; e < n; e++) {
      for (int k = 0; k < layers; k++) {
        int base = (e * layers + k) * perLayer;
        for (int q = 0; q < perLayer; q++) {
          m[k][q] += cells[base + q];
        }
      }
    }
    for (double[] row : m) {
      for (int q = 0; q < perLayer; q++) {
        row[q] /= n;
      }
    }
    return m;
  }

  private static int nearest(float[] values, double target) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (Math.abs(values[i] - target) < Math.abs(values[best] - target)) {
        best = i;
      }
    }
    return best;
  }

  /** metrics.json content. */
  static ObjectNode json(DetectorConfig cfg, String refName, int nRef, String candName, int nCand, int nHalf,
      Summary s) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("schema", "showers-quality/1");
    root.put("detector", cfg.kind().id());
    try {
      root.set("detectorConfig", Json.mapper().readTree(cfg.toJson()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot re-read detector JSON", e);
    }
    root.put("reference", refName);
    root.put("candidate", candName);
    root.put("nReference", nRef);
    root.put("nCandidate", nCand);
    root.put("nBaselineHalf", nHalf);
    ArrayNode obs = root.putArray("observables");
    Map<String, ObservableMetric> base = new LinkedHashMap<>();
    for (ObservableMetric m : s.baselineObservables()) {
      base.put(m.name(), m);
    }
    for (ObservableMetric m : s.observables()) {
      ObjectNode o = obs.addObject();
      o.put("name", m.name());
      o.put("unit", m.unit());
      o.put("kind", m.kind().name().toLowerCase(Locale.ROOT));
      num(o, "separationPower", m.separationPower());
      num(o, "separationNoise", m.separationNoise());
      num(o, "wasserstein", m.wasserstein());
      ObservableMetric b = base.get(m.name());
      if (b != null) {
        num(o, "separationPowerBaseline", b.separationPower());
        num(o, "wassersteinBaseline", b.wasserstein());
      }
      num(o, "referenceMean", m.referenceMean());
      num(o, "candidateMean", m.candidateMean());
      num(o, "referenceStd", m.referenceStd());
      num(o, "referenceUndefinedFraction", m.referenceUndefined());
      num(o, "candidateUndefinedFraction", m.candidateUndefined());
    }
    root.set("distances", distances(s.distances()));
    if (s.baselineDistances() != null) {
      root.set("distancesBaseline", distances(s.baselineDistances()));
    }
    if (!s.classifiers().isEmpty()) {
      ObjectNode c = root.putObject("classifier");
      s.classifiers().forEach((k, v) -> c.set(k, classifier(v)));
      ObjectNode b = root.putObject("classifierBaseline");
      s.baselineClassifiers().forEach((k, v) -> b.set(k, classifier(v)));
    }
    if (s.energyResponse() != null) {
      ObjectNode e = root.putObject("energyResponse");
      e.put("energy", s.energyResponse().energyName());
      e.put("unit", s.energyResponse().energyUnit());
      e.put("epochs", s.energyResponse().epochs());
      ArrayNode f = e.putArray("features");
      s.energyResponse().features().forEach(f::add);
      ArrayNode g = e.putArray("groups");
      for (EnergyResponse.Group q : s.energyResponse().groups()) {
        ObjectNode o = g.addObject();
        num(o, "energyLow", q.energyLow());
        num(o, "energyHigh", q.energyHigh());
        o.put("heldOut", q.heldOut());
        o.put("nReference", q.nReference());
        num(o, "referenceBias", q.referenceBias());
        num(o, "referenceResolution", q.referenceResolution());
        o.put("nCandidate", q.nCandidate());
        num(o, "candidateBias", q.candidateBias());
        num(o, "candidateResolution", q.candidateResolution());
        num(o, "referenceCoreResolution", q.referenceCoreResolution());
        num(o, "candidateCoreResolution", q.candidateCoreResolution());
      }
    }
    ObjectNode t = root.putObject("seconds");
    s.seconds().forEach((k, v) -> num(t, k, v));
    return root;
  }

  private static ObjectNode distances(PhysicsDistances d) {
    ObjectNode o = Json.mapper().createObjectNode();
    ArrayNode f = o.putArray("features");
    d.features().forEach(f::add);
    num(o, "fpd", d.fpd().value());
    num(o, "fpdError", d.fpd().error());
    num(o, "fpdFiniteSampleFloor", d.fpd().floor());
    num(o, "kpd", d.kpd().value());
    num(o, "kpdError", d.kpd().error());
    return o;
  }

  private static ObjectNode classifier(ClassifierTest.Result r) {
    ObjectNode o = Json.mapper().createObjectNode();
    num(o, "auc", r.auc());
    num(o, "error", r.error());
    ArrayNode runs = o.putArray("runAucs");
    for (double a : r.runAucs()) {
      runs.add(a);
    }
    ArrayNode ep = o.putArray("epochs");
    for (int e : r.epochs()) {
      ep.add(e);
    }
    o.put("nReference", r.nReference());
    o.put("nCandidate", r.nCandidate());
    o.put("nTest", r.nTest());
    return o;
  }

  private static void num(ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) {
      o.put(k, v);
    } else {
      o.putNull(k);
    }
  }
}
