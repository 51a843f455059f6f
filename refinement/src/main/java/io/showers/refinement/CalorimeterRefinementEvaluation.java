package io.showers.refinement;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.metrics.Binning;
import io.showers.datasets.metrics.SeparationPower;
import io.showers.datasets.observables.ObservableCalculator;
import io.showers.datasets.observables.Observables;
import io.showers.detector.Json;
import io.showers.detector.ProgressListener;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.evaluation.ClassifierTest;
import io.showers.generative.evaluation.EnergyResponse;
import io.showers.generative.evaluation.FeatureMatrix;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The downstream proof for a calorimeter refiner: the same energy regressor ({@link EnergyResponse},
 * observables → log E) is trained three times — on raw simulation, on refined simulation, on
 * data (first half of the data events) — and all three reconstruct the held-out second half of
 * the data. Reports bias ⟨E_rec/E⟩ − 1 and resolution σ/mean per energy and overall (event-weighted
 * mean over energies of |bias| and of the resolution), the gap closure {@code (sim − refined)/(sim − data)} for |bias| and
 * resolution, and separation powers / classifier AUC of sim vs data and refined vs data.
 */
public final class CalorimeterRefinementEvaluation {
  /** Response-sensitive observables whose separation powers are reported. */
  public static final List<String> OBSERVABLES = List.of("e_total", "n_hits", "n_hits_low", "e_max", "e_layer_2",
      "e_layer_5");

  private CalorimeterRefinementEvaluation() {}

  /**
   * Overall and per-energy response of one regressor on the held-out data; {@code bias} is the
   * event-weighted mean over energies of |⟨E_rec/E⟩ − 1| (signed biases of different energies
   * must not cancel), {@code resolution} the event-weighted mean resolution.
   */
  public record Response(String trainedOn, double bias, double resolution, List<EnergyResponse.Group> groups) {}

  /**
   * @param responses sim-, refined-, data-trained regressors on held-out data
   * @param biasClosure (|b_sim| − |b_ref|)/(|b_sim| − |b_data|)
   * @param resolutionClosure (r_sim − r_ref)/(r_sim − r_data)
   * @param separation observable → {sim vs data, refined vs data}
   * @param aucSim classifier AUC sim vs data (high-level observables)
   * @param aucRefined classifier AUC refined vs data
   * @param nSim simulated events
   * @param nDataTrain data events for the data-trained regressor
   * @param nDataTest held-out data events
   */
  public record Result(List<Response> responses, double biasClosure, double resolutionClosure,
      Map<String, double[]> separation, double aucSim, double aucRefined, int nSim, int nDataTrain, int nDataTest) {}

  public static Result run(CalorimeterRefiner refiner, CalorimeterEvents simAll, CalorimeterEvents data, long seed,
      ProgressListener progress) {
    int half = data.size() / 2;
    CalorimeterEvents sim = simAll;
    CalorimeterEvents dataTrain = data.slice(0, half);
    CalorimeterEvents dataTest = data.slice(half, data.size());
    // equal training statistics for the three regressors
    sim = sim.slice(0, Math.min(sim.size(), dataTrain.size()));
    CalorimeterEvents refined = refiner.apply(sim);
    progress.advance(1);
    Observables oSim = ObservableCalculator.compute(sim, refiner.config());
    Observables oRef = ObservableCalculator.compute(refined, refiner.config());
    Observables oTrain = ObservableCalculator.compute(dataTrain, refiner.config());
    Observables oTest = ObservableCalculator.compute(dataTest, refiner.config());
    EnergyResponse.Options d = EnergyResponse.Options.defaults();
    EnergyResponse.Options o = new EnergyResponse.Options(d.hidden(), d.learningRate(), d.maxEpochs(), d.patience(),
        d.batchSize(), false, seed);
    List<Response> rs = new ArrayList<>();
    String[] names = {"simulation", "refined simulation", "data"};
    Observables[] train = {oSim, oRef, oTrain};
    for (int k = 0; k < 3; k++) {
      EnergyResponse.Result r = EnergyResponse.run(train[k], oTest, o, ProgressListener.NONE);
      double b = 0;
      double res = 0;
      int n = 0;
      for (EnergyResponse.Group g : r.groups()) {
        if (g.nCandidate() > 1 && Double.isFinite(g.candidateBias())) {
          b += g.nCandidate() * Math.abs(g.candidateBias());
          res += g.nCandidate() * g.candidateResolution();
          n += g.nCandidate();
        }
      }
      rs.add(new Response(names[k], b / n, res / n, r.groups()));
      progress.advance(1);
    }
    double bs = Math.abs(rs.get(0).bias());
    double br = Math.abs(rs.get(1).bias());
    double bd = Math.abs(rs.get(2).bias());
    double biasClosure = (bs - br) / (bs - bd);
    double resClosure = (rs.get(0).resolution() - rs.get(1).resolution())
        / (rs.get(0).resolution() - rs.get(2).resolution());
    Map<String, double[]> sep = new LinkedHashMap<>();
    for (String name : OBSERVABLES) {
      if (!oTest.has(name)) {
        continue;
      }
      double[] t = oTest.values(name);
      double[] s = oSim.values(name);
      double[] f = oRef.values(name);
      sep.put(name, new double[] {SeparationPower.of(s, t, Binning.shared(s, t)), SeparationPower.of(f, t, Binning.shared(f, t))});
    }
    List<String> hl = EnergyResponse.featureNames(oTest);
    ClassifierTest.Options co = new ClassifierTest.Options(new int[] {64, 32}, 1e-3, 15, 3, 256, 1, seed);
    float[][][] a = FeatureMatrix.highLevel(oTest, oSim, hl);
    double aucSim = ClassifierTest.run(a[0], a[1], co, ProgressListener.NONE).auc();
    float[][][] b = FeatureMatrix.highLevel(oTest, oRef, hl);
    double aucRef = ClassifierTest.run(b[0], b[1], co, ProgressListener.NONE).auc();
    progress.advance(1);
    return new Result(rs, biasClosure, resClosure, sep, aucSim, aucRef, sim.size(), dataTrain.size(), dataTest.size());
  }

  /** Writes {@code report.md}, {@code report.json} and {@code response.png} into {@code dir}. */
  public static void write(Result r, Path dir, String header) throws IOException {
    Files.createDirectories(dir);
    StringBuilder md = new StringBuilder();
    md.append("# Calorimeter refinement: downstream evaluation\n\n").append(header).append("\n\n");
    md.append(String.format(Locale.ROOT, "Events: %d simulated (raw and refined), %d data for the data-trained regressor,"
        + " %d held-out data events scored by all three.%n%n", r.nSim(), r.nDataTrain(), r.nDataTest()));
    md.append("## Energy regressor on held-out data\n\n| trained on | mean over energies of abs(<E_rec/E> - 1) | resolution sigma/mean |\n|---|---|---|\n");
    for (Response x : r.responses()) {
      md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f |%n", x.trainedOn(), x.bias(), x.resolution()));
    }
    md.append(String.format(Locale.ROOT, "%nGap closure (sim − refined)/(sim − data): |bias| %.2f, resolution %.2f"
        + " (goal ≥ 0.70; a resolution gap much smaller than the statistical spread makes its closure meaningless).%n%n",
        r.biasClosure(), r.resolutionClosure()));
    md.append("Per energy (bias / resolution):\n\n| E [GeV] | sim | refined | data |\n|---|---|---|---|\n");
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
    md.append("\n![response](response.png)\n");
    Files.writeString(dir.resolve("report.md"), md.toString());
    ObjectNode j = Json.mapper().createObjectNode();
    ArrayNode a = j.putArray("responses");
    for (Response x : r.responses()) {
      a.addObject().put("trainedOn", x.trainedOn()).put("bias", x.bias()).put("resolution", x.resolution());
    }
    j.put("biasClosure", r.biasClosure());
    j.put("resolutionClosure", r.resolutionClosure());
    ObjectNode sp = j.putObject("separationPower");
    r.separation().forEach((k, v) -> sp.putObject(k).put("simVsData", v[0]).put("refinedVsData", v[1]));
    j.put("aucSimVsData", r.aucSim());
    j.put("aucRefinedVsData", r.aucRefined());
    Files.writeString(dir.resolve("report.json"), Json.pretty(j));
    plot(r, dir.resolve("response.png"));
  }

  private static void plot(Result r, Path file) throws IOException {
    XYChart bias = new XYChartBuilder().width(560).height(400).title("bias on held-out data")
        .xAxisTitle("E [GeV]").yAxisTitle("<E_rec/E> - 1").build();
    XYChart res = new XYChartBuilder().width(560).height(400).title("resolution on held-out data")
        .xAxisTitle("E [GeV]").yAxisTitle("sigma/mean").build();
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
    BitmapEncoder.saveBitmap(List.of(bias, res), 1, 2, name.substring(0, name.length() - 4), BitmapEncoder.BitmapFormat.PNG);
  }
}
