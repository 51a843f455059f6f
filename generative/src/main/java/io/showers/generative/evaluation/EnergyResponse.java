package io.showers.generative.evaluation;

import io.showers.datasets.observables.Column;
import io.showers.datasets.observables.Observables;
import io.showers.detector.ProgressListener;
import io.showers.detector.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Energy response: a dense regressor trained on reference events (high-level observables that
 * do not use the energy label, → log10 E) reconstructs the energy of held-out reference events
 * and of all candidate events; per incident-energy group it reports the bias ⟨E_rec/E⟩ − 1 and
 * the resolution σ(E_rec/E)/⟨E_rec/E⟩, and, insensitive to a few wild reconstructions, the core
 * resolution σ68: half the width of the central 68.3% interval of E_rec/E over its median (equal
 * to the rms resolution for a Gaussian response; tails show up as rms ≫ σ68).
 *
 * <p>Groups: the distinct energies when the reference has at most 20 (a beam-test set), else
 * 8 equal-population bins in energy. One group (the middle energy, as 70 GeV in 1807.01954, or
 * the middle bin) is held out of the regressor's training, so the response is also measured at
 * an energy the regressor has not seen (interpolation).
 */
public final class EnergyResponse {

  /**
   * @param hidden hidden widths
   * @param learningRate Adam learning rate
   * @param maxEpochs epoch limit
   * @param patience early-stopping patience
   * @param batchSize mini-batch size
   * @param holdOut whether to hold the middle energy group out of training
   * @param seed seed
   */
  public record Options(int[] hidden, double learningRate, int maxEpochs, int patience, int batchSize,
      boolean holdOut, long seed) {
    public static Options defaults() {
      return new Options(new int[] {64, 64}, 2e-3, 40, 4, 256, true, 7);
    }
  }

  /**
   * @param energyLow lower edge of the group (equal to energyHigh for a discrete energy)
   * @param energyHigh upper edge of the group
   * @param heldOut whether the regressor was trained without this group
   * @param nReference reference test events in the group
   * @param referenceBias ⟨E_rec/E⟩ − 1 of reference events
   * @param referenceResolution σ/mean of E_rec/E, reference
   * @param nCandidate candidate events in the group
   * @param candidateBias same for the candidate
   * @param candidateResolution same for the candidate
   * @param referenceCoreResolution σ68 of the reference (see the class comment)
   * @param candidateCoreResolution σ68 of the candidate
   */
  public record Group(double energyLow, double energyHigh, boolean heldOut, int nReference, double referenceBias,
      double referenceResolution, int nCandidate, double candidateBias, double candidateResolution,
      double referenceCoreResolution, double candidateCoreResolution) {}

  /**
   * @param energyName name of the energy label
   * @param energyUnit its unit
   * @param features the regressor's inputs
   * @param groups per-energy results
   * @param epochs epochs trained
   */
  public record Result(String energyName, String energyUnit, List<String> features, List<Group> groups, int epochs) {}

  private EnergyResponse() {}

  /** Inputs of the regressor: every column that does not use the energy label. */
  public static List<String> featureNames(Observables o) {
    return o.columns(c -> !c.kind().usesEnergy()).stream().map(Column::name).toList();
  }

  public static Result run(Observables reference, Observables candidate, Options o, ProgressListener progress) {
    try (Networks.ThreadScope scope = Networks.singleThreaded()) {
      return runSingleThreaded(reference, candidate, o, progress);
    }
  }

  private static Result runSingleThreaded(Observables reference, Observables candidate, Options o,
      ProgressListener progress) {
    Networks.useFloat32(o.seed());
    Column eCol = reference.energyLabel();
    double[] eRef = eCol.values();
    double[] eCand = candidate.values(eCol.name());
    double[][] edges = groups(eRef);
    int groups = edges.length;
    int heldOut = o.holdOut() && groups >= 3 ? groups / 2 : -1;
    if (heldOut >= 0 && edges[0][0] == edges[0][1] && groups >= 4) {
      heldOut = groups / 2; // discrete: e.g. 70 GeV of {20, 32, 50, 70, 80, 90}
    }
    List<String> names = featureNames(reference);
    float[][][] hl = FeatureMatrix.highLevel(reference, candidate, names);
    float[][] xr = hl[0];
    float[][] xc = hl[1];
    int nr = xr.length;
    int[] gRef = new int[nr];
    for (int i = 0; i < nr; i++) {
      gRef[i] = group(edges, eRef[i]);
    }
    // reference split: held-out group entirely to test; the rest 70/15/15
    int[] order = new int[nr];
    for (int i = 0; i < nr; i++) {
      order[i] = i;
    }
    Networks.shuffle(order, Seeds.rng(o.seed()));
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    int k = 0;
    for (int i : order) {
      if (gRef[i] == heldOut) {
        test.add(i);
        continue;
      }
      int slot = k++ % 20;
      (slot < 14 ? train : slot < 17 ? val : test).add(i);
    }
    int[] tr = train.stream().mapToInt(Integer::intValue).toArray();
    int[] va = val.stream().mapToInt(Integer::intValue).toArray();
    int[] te = test.stream().mapToInt(Integer::intValue).toArray();
    double[][] ms = FeatureMatrix.fitStandardiser(xr, tr);
    float[][] xs = new float[nr][];
    for (int i = 0; i < nr; i++) {
      xs[i] = FeatureMatrix.standardise(xr[i], ms);
    }
    float[][] xcs = new float[xc.length][];
    for (int i = 0; i < xc.length; i++) {
      xcs[i] = FeatureMatrix.standardise(xc[i], ms);
    }
    // target: standardised log10 E
    double tm = 0;
    double ts = 0;
    for (int i : tr) {
      double l = Math.log10(eRef[i]);
      tm += l;
      ts += l * l;
    }
    tm /= tr.length;
    ts = Math.sqrt(Math.max(1e-12, ts / tr.length - tm * tm));
    float[] y = new float[nr];
    for (int i = 0; i < nr; i++) {
      y[i] = (float) ((Math.log10(eRef[i]) - tm) / ts);
    }
    MultiLayerNetwork net = Networks.dense(xs[0].length, o.hidden(), false, o.learningRate(), o.seed());
    int ep = Networks.train(net, xs, y, tr, va, false,
        new Networks.Training(o.maxEpochs(), o.patience(), o.batchSize()), Seeds.derive(o.seed(), 1), progress);
    progress.advance(o.maxEpochs() - ep);
    double[] pr = Networks.predict(net, Networks.rows(xs, te));
    double[] pc = Networks.predict(net, Networks.rows(xcs, all(xcs.length)));
    List<Group> out = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      double[] r = ratios(pr, te, eRef, edges, g, tm, ts);
      double[] c = ratios(pc, all(xcs.length), eCand, edges, g, tm, ts);
      double[] mr = meanStd(r);
      double[] mc = meanStd(c);
      out.add(new Group(edges[g][0], edges[g][1], g == heldOut, r.length, mr[0] - 1, mr[1] / mr[0],
          c.length, mc[0] - 1, mc[1] / mc[0], coreResolution(r), coreResolution(c)));
    }
    return new Result(eCol.name(), eCol.unit(), names, out, ep);
  }

  private static int[] all(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static double[] ratios(double[] pred, int[] rows, double[] e, double[][] edges, int g, double tm, double ts) {
    double[] out = new double[rows.length];
    int n = 0;
    for (int i = 0; i < rows.length; i++) {
      double et = e[rows[i]];
      if (group(edges, et) == g) {
        out[n++] = Math.pow(10, pred[i] * ts + tm) / et;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Half the central 68.3% interval over the median (linear interpolation between order statistics). */
  static double coreResolution(double[] v) {
    if (v.length < 2) {
      return Double.NaN;
    }
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    double lo = quantile(s, 0.5 - 0.6827 / 2);
    double hi = quantile(s, 0.5 + 0.6827 / 2);
    return 0.5 * (hi - lo) / quantile(s, 0.5);
  }

  private static double quantile(double[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }

  private static double[] meanStd(double[] v) {
    if (v.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double m = 0;
    for (double x : v) {
      m += x;
    }
    m /= v.length;
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return new double[] {m, v.length > 1 ? Math.sqrt(s / (v.length - 1)) : 0};
  }

  /** Group edges {low, high}: one per distinct energy (≤ 20 distinct) or 8 quantile bins. */
  static double[][] groups(double[] e) {
    TreeSet<Double> distinct = new TreeSet<>();
    for (double v : e) {
      if (Double.isFinite(v)) {
        distinct.add(v);
        if (distinct.size() > 20) {
          break;
        }
      }
    }
    if (distinct.size() <= 20) {
      return distinct.stream().map(v -> new double[] {v, v}).toArray(double[][]::new);
    }
    double[] s = Arrays.stream(e).filter(Double::isFinite).sorted().toArray();
    int bins = 8;
    double[][] g = new double[bins][2];
    for (int b = 0; b < bins; b++) {
      g[b][0] = io.showers.datasets.metrics.Binning.quantileSorted(s, (double) b / bins);
      g[b][1] = io.showers.datasets.metrics.Binning.quantileSorted(s, (double) (b + 1) / bins);
    }
    return g;
  }

  /**
   * The group of energy {@code e} given group edges {@code {low, high}} (a discrete energy where
   * {@code low == high}; the last range includes its upper edge), or -1.
   */
  public static int group(double[][] edges, double e) {
    for (int g = 0; g < edges.length; g++) {
      boolean last = g == edges.length - 1;
      if (edges[g][0] == edges[g][1] ? e == edges[g][0]
          : e >= edges[g][0] && (e < edges[g][1] || (last && e <= edges[g][1]))) {
        return g;
      }
    }
    return -1;
  }
}
