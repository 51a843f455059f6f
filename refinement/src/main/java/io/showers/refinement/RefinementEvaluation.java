package io.showers.refinement;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.AtomicFiles;
import io.showers.datasets.metrics.Binning;
import io.showers.datasets.metrics.SeparationPower;
import io.showers.datasets.observables.ObservableCalculator;
import io.showers.datasets.observables.Observables;
import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.Json;
import io.showers.detector.ProgressListener;
import io.showers.generative.evaluation.ClassifierTest;
import io.showers.generative.evaluation.EnergyResponse;
import io.showers.generative.evaluation.FeatureMatrix;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The downstream proof for a refiner of either detector: the same energy regressor ({@link
 * EnergyResponse}, label-free observables → log E) is trained three times — on raw simulation, on
 * refined simulation, on data (first half of the data events) — and all three reconstruct the
 * held-out second half of the data. Per energy group it reports bias ⟨E_rec/E⟩ − 1 and resolution
 * σ/mean; overall the event-weighted mean over groups of |bias| and of the resolution.
 *
 * <p>Gap closure compares each regressor with the data-trained one <em>per energy group</em>:
 * {@code 1 − Σ|b_ref − b_data| / Σ|b_sim − b_data|} (likewise for the resolution), so the regressor's
 * own edge effects (which all three share) do not count as a gap. 1 = refined simulation trains a
 * regressor as good as data does, 0 = no better than raw simulation.
 */
public final class RefinementEvaluation {
  /** Calorimeter observables sensitive to the response (scale, cross-talk, noise, dead cells). */
  public static final List<String> CALORIMETER_OBSERVABLES = List.of("e_total", "n_hits", "n_hits_low", "e_max",
      "e_layer_2", "e_layer_5", "x_width_3", "long_cog");
  /** Air-shower observables sensitive to the muon content and the station response. */
  public static final List<String> AIRSHOWER_OBSERVABLES = List.of("s_total", "s1000", "ldf_slope", "n_triggered",
      "s_max", "t_res_rms", "t_span");

  private RefinementEvaluation() {}

  /** The observables whose separation powers are reported for a detector. */
  public static List<String> observables(Detector d) {
    return d == Detector.CALORIMETER ? CALORIMETER_OBSERVABLES : AIRSHOWER_OBSERVABLES;
  }

  /**
   * Overall and per-energy response of one regressor on the held-out data; {@code bias} is the
   * event-weighted mean over energies of |⟨E_rec/E⟩ − 1| (signed biases of different energies
   * must not cancel), {@code resolution} the event-weighted mean resolution.
   */
  public record Response(String trainedOn, double bias, double resolution, List<EnergyResponse.Group> groups) {}

  /**
   * @param detector the detector
   * @param responses sim-, refined-, data-trained regressors on held-out data
   * @param biasClosure per-energy closure of the bias gap to the data-trained regressor
   * @param resolutionClosure per-energy closure of the resolution gap
   * @param separation observable → {sim vs data, refined vs data}
   * @param groupMeans observable → per energy group {mean in simulation, refined simulation, held-out data}
   * @param aucSim classifier AUC sim vs data (high-level observables)
   * @param aucRefined classifier AUC refined vs data
   * @param nSim simulated events
   * @param nDataTrain data events for the data-trained regressor
   * @param nDataTest held-out data events
   * @param repeats trainings of each regressor averaged
   */
  public record Result(Detector detector, List<Response> responses, double biasClosure, double resolutionClosure,
      Map<String, double[]> separation, Map<String, double[][]> groupMeans, double aucSim, double aucRefined, int nSim,
      int nDataTrain, int nDataTest, int repeats) {}

  /**
   * Runs the proof. Simulation is cut to as many events as the data regressor trains on (equal
   * statistics); data labels are read only here, to score.
   */
  public static Result run(Refiner refiner, EventBatch simAll, EventBatch data, long seed, ProgressListener progress) {
    return run(refiner, simAll, data, seed, 1, progress);
  }

  /**
   * Runs the proof with {@code repeats} trainings of each regressor (seeds {@code seed, seed + 1, …});
   * per energy group the bias and resolution are averaged over them before the closure is taken: one
   * training's own scatter (about ±0.01 in bias per group here) is as large as the gaps.
   */
  public static Result run(Refiner refiner, EventBatch simAll, EventBatch data, long seed, int repeats,
      ProgressListener progress) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
    }
    DetectorConfig config = refiner.config();
    int half = data.size() / 2;
    EventBatch dataTrain = data.slice(0, half);
    EventBatch dataTest = data.slice(half, data.size());
    EventBatch sim = simAll.slice(0, Math.min(simAll.size(), dataTrain.size()));
    EventBatch refined = refiner.apply(sim, seed);
    progress.advance(1);
    Observables oSim = ObservableCalculator.compute(sim, config);
    Observables oRef = ObservableCalculator.compute(refined, config);
    Observables oTrain = ObservableCalculator.compute(dataTrain, config);
    Observables oTest = ObservableCalculator.compute(dataTest, config);
    EnergyResponse.Options d = EnergyResponse.Options.defaults();
    List<Response> rs = new ArrayList<>();
    String[] names = {"simulation", "refined simulation", "data"};
    Observables[] train = {oSim, oRef, oTrain};
    for (int k = 0; k < 3; k++) {
      List<List<EnergyResponse.Group>> runs = new ArrayList<>();
      for (int rep = 0; rep < repeats; rep++) {
        EnergyResponse.Options o = new EnergyResponse.Options(d.hidden(), d.learningRate(), d.maxEpochs(), d.patience(),
            d.batchSize(), false, seed + rep);
        runs.add(EnergyResponse.run(train[k], oTest, o, ProgressListener.NONE).groups());
      }
      List<EnergyResponse.Group> groups = average(runs);
      double b = 0;
      double res = 0;
      int n = 0;
      for (EnergyResponse.Group g : groups) {
        if (usable(g)) {
          b += g.nCandidate() * Math.abs(g.candidateBias());
          res += g.nCandidate() * g.candidateResolution();
          n += g.nCandidate();
        }
      }
      rs.add(new Response(names[k], b / n, res / n, groups));
      progress.advance(1);
    }
    double biasClosure = closure(rs, EnergyResponse.Group::candidateBias);
    double resClosure = closure(rs, EnergyResponse.Group::candidateResolution);
    Map<String, double[]> sep = new LinkedHashMap<>();
    for (String name : observables(config.kind())) {
      if (!oTest.has(name)) {
        continue;
      }
      double[] t = finite(oTest.values(name));
      double[] s = finite(oSim.values(name));
      double[] f = finite(oRef.values(name));
      sep.put(name, new double[] {SeparationPower.of(s, t, Binning.shared(s, t)), SeparationPower.of(f, t, Binning.shared(f, t))});
    }
    List<String> hl = EnergyResponse.featureNames(oTest);
    ClassifierTest.Options co = new ClassifierTest.Options(new int[] {64, 32}, 1e-3, 15, 3, 256, 1, seed);
    float[][][] a = FeatureMatrix.highLevel(oTest, oSim, hl);
    double aucSim = ClassifierTest.run(a[0], a[1], co, ProgressListener.NONE).auc();
    float[][][] b = FeatureMatrix.highLevel(oTest, oRef, hl);
    double aucRef = ClassifierTest.run(b[0], b[1], co, ProgressListener.NONE).auc();
    progress.advance(1);
    Map<String, double[][]> means = groupMeans(rs.get(0).groups(), sep.keySet(), oSim, oRef, oTest);
    return new Result(config.kind(), rs, biasClosure, resClosure, sep, means, aucSim, aucRef, sim.size(),
        dataTrain.size(), dataTest.size(), repeats);
  }

  /**
   * Mean of each observable per energy group in each table ({@code [group][table]}; NaN where a group
   * has no finite value). A correction that depends on the energy shows here and hides in the
   * separation powers over all energies: the earlier calorimeter refiner created no hit below 50 GeV.
   */
  static Map<String, double[][]> groupMeans(List<EnergyResponse.Group> groups, Iterable<String> names,
      Observables... tables) {
    double[][] edges = new double[groups.size()][];
    for (int g = 0; g < edges.length; g++) {
      edges[g] = new double[] {groups.get(g).energyLow(), groups.get(g).energyHigh()};
    }
    // each event's group, once per table
    int[][] groupOf = new int[tables.length][];
    for (int t = 0; t < tables.length; t++) {
      double[] e = tables[t].energyLabel().values();
      groupOf[t] = new int[e.length];
      for (int i = 0; i < e.length; i++) {
        groupOf[t][i] = EnergyResponse.group(edges, e[i]);
      }
    }
    Map<String, double[][]> out = new LinkedHashMap<>();
    for (String name : names) {
      double[][] m = new double[edges.length][tables.length];
      for (int t = 0; t < tables.length; t++) {
        double[] v = tables[t].values(name);
        double[] sum = new double[edges.length];
        int[] n = new int[edges.length];
        for (int i = 0; i < v.length; i++) {
          int g = groupOf[t][i];
          if (g >= 0 && Double.isFinite(v[i])) {
            sum[g] += v[i];
            n[g]++;
          }
        }
        for (int g = 0; g < edges.length; g++) {
          m[g][t] = n[g] == 0 ? Double.NaN : sum[g] / n[g];
        }
      }
      out.put(name, m);
    }
    return out;
  }

  /** Per group, the mean candidate bias and resolution over several regressor trainings. */
  static List<EnergyResponse.Group> average(List<List<EnergyResponse.Group>> runs) {
    List<EnergyResponse.Group> out = new ArrayList<>();
    for (int g = 0; g < runs.get(0).size(); g++) {
      EnergyResponse.Group f = runs.get(0).get(g);
      double b = 0;
      double r = 0;
      double core = 0;
      for (List<EnergyResponse.Group> run : runs) {
        b += run.get(g).candidateBias();
        r += run.get(g).candidateResolution();
        core += run.get(g).candidateCoreResolution();
      }
      int n = runs.size();
      out.add(new EnergyResponse.Group(f.energyLow(), f.energyHigh(), f.heldOut(), f.nReference(), f.referenceBias(),
          f.referenceResolution(), f.nCandidate(), b / n, r / n, f.referenceCoreResolution(), core / n));
    }
    return out;
  }

  private static boolean usable(EnergyResponse.Group g) {
    return g.nCandidate() > 1 && Double.isFinite(g.candidateBias());
  }

  /** {@code 1 − Σ_g |x_ref − x_data| / Σ_g |x_sim − x_data|} over the groups all three can score. */
  static double closure(List<Response> rs, java.util.function.ToDoubleFunction<EnergyResponse.Group> x) {
    double gapSim = 0;
    double gapRef = 0;
    for (int g = 0; g < rs.get(0).groups().size(); g++) {
      EnergyResponse.Group s = rs.get(0).groups().get(g);
      EnergyResponse.Group r = rs.get(1).groups().get(g);
      EnergyResponse.Group d = rs.get(2).groups().get(g);
      if (usable(s) && usable(r) && usable(d)) {
        gapSim += s.nCandidate() * Math.abs(x.applyAsDouble(s) - x.applyAsDouble(d));
        gapRef += s.nCandidate() * Math.abs(x.applyAsDouble(r) - x.applyAsDouble(d));
      }
    }
    return 1 - gapRef / gapSim;
  }

  private static double[] finite(double[] v) {
    return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
  }

  /** Writes {@code report.md}, {@code report.json} and {@code response.png} into {@code dir}. */
  public static void write(Result r, Path dir, String header) throws IOException {
    Files.createDirectories(dir);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(r.detector() == Detector.CALORIMETER ? "Calorimeter" : "Air-shower")
        .append(" refinement: downstream evaluation\n\n").append(header).append("\n\n");
    md.append(String.format(Locale.ROOT, "Events: %d simulated (raw and refined), %d data for the data-trained regressor,"
        + " %d held-out data events scored by all three; each regressor trained %d times (seeds averaged).%n%n",
        r.nSim(), r.nDataTrain(), r.nDataTest(), r.repeats()));
    md.append("## Energy regressor on held-out data\n\n| trained on | mean over energies of abs(<E_rec/E> - 1) | resolution sigma/mean |\n|---|---|---|\n");
    for (Response x : r.responses()) {
      md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f |%n", x.trainedOn(), x.bias(), x.resolution()));
    }
    md.append(String.format(Locale.ROOT, "%nGap closure 1 − Σ|x_refined − x_data| / Σ|x_sim − x_data| over energy groups:"
        + " bias %.2f, resolution %.2f (goal ≥ 0.70; 1 = as good as training on data, 0 = no better than raw"
        + " simulation; a gap smaller than the statistical spread makes its closure meaningless).%n%n",
        r.biasClosure(), r.resolutionClosure()));
    md.append("Per energy group (bias / resolution):\n\n| E (lower edge) | sim | refined | data |\n|---|---|---|---|\n");
    int groups = r.responses().get(0).groups().size();
    for (int g = 0; g < groups; g++) {
      EnergyResponse.Group g0 = r.responses().get(0).groups().get(g);
      md.append(String.format(Locale.ROOT, "| %.4g |", g0.energyLow()));
      for (Response x : r.responses()) {
        EnergyResponse.Group gg = x.groups().get(g);
        md.append(String.format(Locale.ROOT, " %+.4f / %.4f |", gg.candidateBias(), gg.candidateResolution()));
      }
      md.append('\n');
    }
    md.append("\n## Distance to data\n\n| observable | separation power sim vs data | refined vs data |\n|---|---|---|\n");
    for (Map.Entry<String, double[]> e : r.separation().entrySet()) {
      md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f |%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
    }
    md.append(String.format(Locale.ROOT, "| classifier AUC (high-level observables) | %.3f | %.3f |%n", r.aucSim(), r.aucRefined()));
    md.append("\nMeans per energy group (simulation / refined / data):\n\n| E (lower edge) |");
    r.groupMeans().keySet().forEach(k -> md.append(' ').append(k).append(" |"));
    md.append("\n|---|").append("---|".repeat(r.groupMeans().size())).append('\n');
    for (int g = 0; g < groups; g++) {
      md.append(String.format(Locale.ROOT, "| %.4g |", r.responses().get(0).groups().get(g).energyLow()));
      for (double[][] m : r.groupMeans().values()) {
        md.append(String.format(Locale.ROOT, " %.4g / %.4g / %.4g |", m[g][0], m[g][1], m[g][2]));
      }
      md.append('\n');
    }
    md.append("\n![response](response.png)\n");
    AtomicFiles.writeString(dir.resolve("report.md"), md);
    ObjectNode j = Json.mapper().createObjectNode();
    ArrayNode a = j.putArray("responses");
    j.put("detector", r.detector().id());
    for (Response x : r.responses()) {
      ObjectNode o = a.addObject().put("trainedOn", x.trainedOn()).put("bias", x.bias()).put("resolution", x.resolution());
      ArrayNode gs = o.putArray("groups");
      for (EnergyResponse.Group g : x.groups()) {
        gs.addObject().put("energyLow", g.energyLow()).put("energyHigh", g.energyHigh()).put("events", g.nCandidate())
            .put("bias", g.candidateBias()).put("resolution", g.candidateResolution());
      }
    }
    j.put("biasClosure", r.biasClosure());
    j.put("resolutionClosure", r.resolutionClosure());
    ObjectNode sp = j.putObject("separationPower");
    r.separation().forEach((k, v) -> sp.putObject(k).put("simVsData", v[0]).put("refinedVsData", v[1]));
    ObjectNode gm = j.putObject("groupMeans");
    r.groupMeans().forEach((k, m) -> {
      ArrayNode rows = gm.putArray(k);
      for (double[] row : m) {
        rows.addObject().put("simulation", row[0]).put("refined", row[1]).put("data", row[2]);
      }
    });
    j.put("aucSimVsData", r.aucSim());
    j.put("aucRefinedVsData", r.aucRefined());
    AtomicFiles.writeString(dir.resolve("report.json"), Json.pretty(j));
    plot(r, dir.resolve("response.png"));
  }

  private static void plot(Result r, Path file) throws IOException {
    XYChart bias = new XYChartBuilder().width(560).height(400).title("bias on held-out data")
        .xAxisTitle(r.detector() == Detector.CALORIMETER ? "E [GeV]" : "E [EeV]").yAxisTitle("<E_rec/E> - 1").build();
    XYChart res = new XYChartBuilder().width(560).height(400).title("resolution on held-out data")
        .xAxisTitle(r.detector() == Detector.CALORIMETER ? "E [GeV]" : "E [EeV]").yAxisTitle("sigma/mean").build();
    Color[] colors = {new Color(200, 60, 40), new Color(40, 120, 200), Color.BLACK};
    for (int k = 0; k < r.responses().size(); k++) {
      Response x = r.responses().get(k);
      List<Double> e = new ArrayList<>();
      List<Double> b = new ArrayList<>();
      List<Double> s = new ArrayList<>();
      for (EnergyResponse.Group g : x.groups()) {
        if (Double.isFinite(g.candidateBias())) {
          e.add(g.energyLow() == g.energyHigh() ? g.energyLow() : Math.sqrt(g.energyLow() * g.energyHigh()));
          b.add(g.candidateBias());
          s.add(g.candidateResolution());
        }
      }
      if (e.isEmpty()) {
        continue;
      }
      XYSeries s1 = bias.addSeries("trained on " + x.trainedOn(), e, b);
      XYSeries s2 = res.addSeries("trained on " + x.trainedOn(), e, s);
      for (XYSeries q : new XYSeries[] {s1, s2}) {
        q.setLineColor(colors[k]);
        q.setMarkerColor(colors[k]);
        q.setMarker(SeriesMarkers.CIRCLE);
      }
    }
    String name = file.toString();
    String tmp = name.substring(0, name.length() - 4) + ".partial";
    BitmapEncoder.saveBitmap(List.of(bias, res), 1, 2, tmp, BitmapEncoder.BitmapFormat.PNG);
    Files.move(Path.of(tmp + ".png"), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
