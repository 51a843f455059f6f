package io.showers.refinement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.Json;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.nn.Adam;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import io.showers.generative.surrogate.CalorimeterCodec;
import io.showers.generative.wgan.Critic;
import java.time.Instant;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Unpaired adversarial training of a {@link CalorimeterRefiner} (SimGAN, Shrivastava et al. 2017,
 * with a WGAN-GP critic as in arXiv:1802.03325):
 * <ul>
 *   <li>critic: {@code mean D(R(sim)) - mean D(data) + lambda GP}; it sees events only (no labels),
 *       half of each fake batch from a history buffer of earlier refinements (replaced b/2 per step);
 *   <li>refiner: {@code -mean D(R(sim)) + alpha mean |f(x)|}, where {@code f = R - x} is the raw
 *       correction at the evaluated cells; gradients pass the threshold projection straight through.
 * </ul>
 * Adam for both. Data labels are never read.
 */
public final class RefinerTraining {
  private RefinerTraining() {}

  /**
   * @param steps refiner updates
   * @param batchSize events per mini-batch
   * @param criticSteps critic updates per refiner update
   * @param lambda gradient-penalty weight
   * @param alpha self-regularisation weight
   * @param lrRefiner refiner learning rate
   * @param lrCritic critic learning rate
   * @param refinerHidden hidden widths of the per-cell network
   * @param criticHidden hidden widths of the critic
   * @param bufferSize history buffer capacity (events)
   * @param criticPretrain critic updates before the first refiner update
   * @param criticSeesCells whether the critic sees every cell besides the event summaries
   * @param refineEmptyCells whether empty cells next to hits are refined (may become hits)
   * @param seed seed of weights and draws
   */
  public record Settings(int steps, int batchSize, int criticSteps, double lambda, double alpha, double lrRefiner,
      double lrCritic, int[] refinerHidden, int[] criticHidden, int bufferSize, int criticPretrain, boolean criticSeesCells, boolean refineEmptyCells, long seed) {
    public static Settings defaults() {
      return new Settings(600, 64, 5, 10, 20.0, 3e-4, 5e-4, new int[] {32, 32}, new int[] {64, 64}, 2048, 50, false, false, 1);
    }

    public Settings withSteps(int s) {
      return new Settings(s, batchSize, criticSteps, lambda, alpha, lrRefiner, lrCritic, refinerHidden,
          criticHidden, bufferSize, criticPretrain, criticSeesCells, refineEmptyCells, seed);
    }

    public Settings withAlpha(double a) {
      return new Settings(steps, batchSize, criticSteps, lambda, a, lrRefiner, lrCritic, refinerHidden,
          criticHidden, bufferSize, criticPretrain, criticSeesCells, refineEmptyCells, seed);
    }

    public Settings withCritic(boolean seesCells, boolean emptyCells) {
      return new Settings(steps, batchSize, criticSteps, lambda, alpha, lrRefiner, lrCritic, refinerHidden,
          criticHidden, bufferSize, criticPretrain, seesCells, emptyCells, seed);
    }

    public Settings withSeed(long s) {
      return new Settings(steps, batchSize, criticSteps, lambda, alpha, lrRefiner, lrCritic, refinerHidden,
          criticHidden, bufferSize, criticPretrain, criticSeesCells, refineEmptyCells, s);
    }

    void validate() {
      if (steps < 0 || batchSize < 2 || criticSteps < 1 || lambda < 0 || alpha < 0 || lrRefiner <= 0
          || lrCritic <= 0 || bufferSize < batchSize || criticPretrain < 0) {
        throw new IllegalArgumentException("invalid refiner settings " + this);
      }
    }
  }

  /** Figures of one refiner step. */
  public record Step(int step, double wasserstein, double penalty, double meanAbsCorrection, double logEnergyShift) {}

  /** Dead channels: hit in at least 2% of simulated events, never in (at least 200) data events. */
  static boolean[] deadCells(CalorimeterEvents sim, CalorimeterEvents data) {
    int cells = sim.cells();
    boolean[] dead = new boolean[cells];
    if (data.size() < 200) {
      return dead;
    }
    int[] simHits = new int[cells];
    int[] dataHits = new int[cells];
    for (int i = 0; i < sim.showersMip().length; i++) {
      simHits[i % cells] += sim.showersMip()[i] > 0 ? 1 : 0;
    }
    for (int i = 0; i < data.showersMip().length; i++) {
      dataHits[i % cells] += data.showersMip()[i] > 0 ? 1 : 0;
    }
    for (int c = 0; c < cells; c++) {
      dead[c] = dataHits[c] == 0 && simHits[c] >= 0.02 * sim.size();
    }
    return dead;
  }

  /** Trains a refiner from simulated to data events of one detector configuration and particle. */
  public static CalorimeterRefiner train(CalorimeterConfig config, CalorimeterEvents sim, CalorimeterEvents data,
      Settings s, Consumer<Step> listener) {
    s.validate();
    if (sim.cells() != config.cells() || data.cells() != config.cells()) {
      throw new IllegalArgumentException("simulation and data must both have the detector's " + config.cells() + " cells");
    }
    long t0 = System.nanoTime();
    CalorimeterCodec codec = CalorimeterCodec.fit(sim);
    for (int p : data.particlePdg()) {
      if (p != codec.particlePdg()) {
        throw new IllegalArgumentException("data particle " + p + " differs from the simulated " + codec.particlePdg());
      }
    }
    Rng rng = new Rng(s.seed());
    CalorimeterRefiner refiner = CalorimeterRefiner.initialise(config, codec, s.refinerHidden(),
        deadCells(sim, data), s.refineEmptyCells(), rng.nextLong());
    int d = config.cells();
    float[] xs = codec.encodeEvents(sim);
    float[] xd = codec.encodeEvents(data);
    int[] critSizes = new int[s.criticHidden().length + 2];
    Summary sum = new Summary(config, codec.logScale(), s.criticSeesCells()).fit(xs, sim.size());
    int dc0 = sum.width();
    critSizes[0] = dc0;
    System.arraycopy(s.criticHidden(), 0, critSizes, 1, s.criticHidden().length);
    critSizes[critSizes.length - 1] = 1;
    Critic critic = new Critic(DenseNet.initialise(DenseSpec.of(critSizes), rng.nextLong()), dc0, 0);
    DenseNet rnet = refiner.net();
    Adam adamC = new Adam(critic.net().parameterCount(), 0.5, 0.9, 1e-8);
    Adam adamR = new Adam(rnet.parameterCount(), 0.5, 0.9, 1e-8);
    DenseNet.Gradient gC = critic.net().newGradient();
    DenseNet.Gradient gR = rnet.newGradient();
    int n = s.batchSize();
    int half = n / 2;
    float[] buffer = new float[s.bufferSize() * d];
    int buffered = 0;
    double lastW = 0;
    double lastGp = 0;
    double lastCorr = 0;
    double lastShift = 0;
    for (int step = -s.criticPretrain(); step < s.steps(); step++) {
      int cSteps = step < 0 ? 1 : s.criticSteps();
      for (int c = 0; c < cSteps; c++) {
        float[] real = rows(xd, d, pick(rng, data.size(), n));
        float[] cur = refiner.refineModel(rows(xs, d, pick(rng, sim.size(), n)), n, null);
        float[] fake = cur;
        if (buffered >= half) {
          fake = cur.clone();
          for (int k = half; k < n; k++) {
            System.arraycopy(buffer, rng.nextInt(buffered) * d, fake, k * d, d);
          }
        }
        // replace b/2 buffer entries with current refinements
        for (int k = 0; k < half; k++) {
          int slot = buffered < s.bufferSize() ? buffered++ : rng.nextInt(s.bufferSize());
          System.arraycopy(cur, k * d, buffer, slot * d, d);
        }
        float[] eps = new float[n];
        for (int k = 0; k < n; k++) {
          eps[k] = (float) rng.nextDouble();
        }
        gC.zero();
        Critic.Losses l = critic.lossAndGradient(sum.input(real, n), sum.input(fake, n), null,
            Nd4j.create(eps, new long[] {n, 1}, 'c'), s.lambda(), gC);
        adamC.step(critic.net().params(), gC.flat(), s.lrCritic());
        lastW = l.wasserstein();
        lastShift = sum.meanLogTotal(cur, n) - sum.meanLogTotal(real, n);
        lastGp = l.penalty();
      }
      if (step < 0) {
        continue;
      }
      // refiner update
      float[] x = rows(xs, d, pick(rng, sim.size(), n));
      CalorimeterRefiner.Active a = refiner.features(x, n);
      int m = a.index().length;
      if (m == 0) {
        continue;
      }
      DenseNet.Forward f = rnet.forward(a.features());
      float[] corr = f.output().data().asFloat();
      float[] y = x.clone();
      for (int k = 0; k < m; k++) {
        y[a.index()[k]] += corr[k];
      }
      refiner.project(y);
      INDArray ge = critic.eventGradient(sum.input(y, n), null, -1.0 / n)[0];
      float[] g = sum.cellGradient(y, n, ge.dup('c').data().asFloat());
      float[] dc = new float[m];
      boolean[] dead = refiner.deadCells();
      double reg = s.alpha() / ((double) n * d);
      double sumAbs = 0;
      for (int k = 0; k < m; k++) {
        int idx = a.index()[k];
        float gy = dead[idx % d] ? 0f : g[idx]; // straight through the threshold, not through dead cells
        dc[k] = (float) (gy + reg * Math.signum(corr[k]));
        sumAbs += Math.abs(corr[k]);
      }
      gR.zero();
      rnet.backward(f, Nd4j.create(dc, new long[] {m, 1}, 'c'), null, gR, false);
      adamR.step(rnet.params(), gR.flat(), s.lrRefiner());
      lastCorr = sumAbs / ((double) n * d);
      if (listener != null) {
        listener.accept(new Step(step, lastW, lastGp, lastCorr, lastShift));
      }
    }
    ObjectNode t = Json.mapper().createObjectNode();
    t.put("trainedAt", Instant.now().toString());
    t.put("steps", s.steps());
    t.put("batchSize", s.batchSize());
    t.put("criticSteps", s.criticSteps());
    t.put("lambda", s.lambda());
    t.put("alpha", s.alpha());
    t.put("lrRefiner", s.lrRefiner());
    t.put("lrCritic", s.lrCritic());
    t.set("refinerHidden", Json.mapper().valueToTree(s.refinerHidden()));
    t.set("criticHidden", Json.mapper().valueToTree(s.criticHidden()));
    t.put("bufferSize", s.bufferSize());
    t.put("criticPretrain", s.criticPretrain());
    t.put("criticSeesCells", s.criticSeesCells());
    t.put("refineEmptyCells", s.refineEmptyCells());
    t.put("seed", s.seed());
    t.put("simEvents", sim.size());
    t.put("dataEvents", data.size());
    t.put("deadCellsFound", refiner.deadCellCount());
    t.put("finalWasserstein", lastW);
    t.put("finalPenalty", lastGp);
    t.put("finalMeanAbsCorrection", lastCorr);
    t.put("seconds", (System.nanoTime() - t0) / 1e9);
    refiner.training(t);
    return refiner;
  }

  /**
   * Event summaries appended to the critic's input so that a response scale is visible at once:
   * {@code log(1 + E_layer)/logScale} per layer and {@code log(1 + E_total)/logScale}, computed
   * from the (refined) cells themselves, with their exact gradient w.r.t. the model-space cells.
   */
  static final class Summary {
    private final int d;
    private final int layers;
    private final int perLayer;
    private final double s;
    private final boolean cells;
    private final double[] mean;
    private final double[] inv;

    Summary(CalorimeterConfig c, double logScale, boolean cells) {
      this.d = c.cells();
      this.layers = c.layers();
      this.perLayer = c.rows() * c.cols();
      this.s = logScale;
      this.cells = cells;
      this.mean = new double[count()];
      this.inv = new double[count()];
      java.util.Arrays.fill(inv, 1.0);
    }

    /** Standardises each summary to zero mean and unit variance on {@code y} (n events). */
    Summary fit(float[] y, int n) {
      double[] m = new double[count()];
      double[] q = new double[count()];
      for (int e = 0; e < n; e++) {
        double[] v = raw(sums(y, e));
        for (int k = 0; k < v.length; k++) {
          m[k] += v[k];
          q[k] += v[k] * v[k];
        }
      }
      for (int k = 0; k < m.length; k++) {
        mean[k] = m[k] / n;
        double var = q[k] / n - mean[k] * mean[k];
        // floors: a 10% energy change is at most one unit; a hit sum changes by at most 1 per 5% of its mean
        double floor = k <= layers ? 0.1 : Math.max(0.05, 0.05 * Math.abs(mean[k]));
        inv[k] = 1 / Math.max(floor, Math.sqrt(Math.max(0, var)));
      }
      return this;
    }

    /** Mean of log(1 + total energy / MIP) over n events. */
    double meanLogTotal(float[] y, int n) {
      double m = 0;
      for (int e = 0; e < n; e++) {
        m += Math.log1p(sums(y, e)[layers]);
      }
      return m / n;
    }

    private double[] raw(double[] t) {
      double[] v = new double[count()];
      for (int k = 0; k <= layers; k++) {
        v[k] = Math.log1p(t[k]);
      }
      for (int k = 0; k < count() - layers - 1; k++) {
        v[layers + 1 + k] = t[layers + 1 + k];
      }
      return v;
    }

    /** Energy scale of the soft low-hit count, MIP (the observables' low-hit limit is 10 MIP). */
    static final double LOW_MIP = 10.0;

    /**
     * Summary values per event: layer log-energies, log total, layer sums of model-space values,
     * layer soft counts of low hits {@code sum over hits of exp(-E / 10 MIP)}.
     */
    int count() {
      return (LOW_COUNTS ? 3 : 2) * layers + 1;
    }

    /**
     * Whether the soft low-hit counts are summaries. Off: in the sim-vs-data evaluation the refiner
     * lowered them by raising low cells, moving the energy scale away from data.
     */
    static final boolean LOW_COUNTS = false;

    int width() {
      return (cells ? d : 0) + count();
    }

    private double[] sums(float[] y, int e) {
      double[] t = new double[3 * layers + 1];
      for (int i = 0; i < d; i++) {
        float v = y[e * d + i];
        if (v > 0) {
          double m = Math.expm1(v * s);
          t[i / perLayer] += m;
          t[layers] += m;
          t[layers + 1 + i / perLayer] += v;
          t[2 * layers + 1 + i / perLayer] += Math.exp(-m / LOW_MIP);
        }
      }
      return t;
    }

    INDArray input(float[] y, int n) {
      int w = width();
      int o = cells ? d : 0;
      float[] out = new float[n * w];
      for (int e = 0; e < n; e++) {
        if (cells) {
          System.arraycopy(y, e * d, out, e * w, d);
        }
        double[] v = raw(sums(y, e));
        for (int k = 0; k < v.length; k++) {
          out[e * w + o + k] = (float) ((v[k] - mean[k]) * inv[k]);
        }
      }
      return Nd4j.create(out, new long[] {n, w}, 'c');
    }

    /** Gradient w.r.t. the cells given the gradient {@code g} (n × width) w.r.t. the critic input. */
    float[] cellGradient(float[] y, int n, float[] g) {
      int w = width();
      int o = cells ? d : 0;
      float[] out = new float[n * d];
      for (int e = 0; e < n; e++) {
        double[] t = sums(y, e);
        double gt = g[e * w + o + layers] * inv[layers] / (1 + t[layers]);
        for (int i = 0; i < d; i++) {
          float v = y[e * d + i];
          double gi = cells ? g[e * w + i] : 0;
          if (v > 0) {
            int l = i / perLayer;
            // d log1p(T) / dy_i = s exp(y_i s) / (1 + T); d (sum of y) / dy_i = 1
            double ev = Math.exp(v * s);
            double m = ev - 1;
            int q = 2 * layers + 1 + l;
            double low = LOW_COUNTS ? g[e * w + o + q] * inv[q] * Math.exp(-m / LOW_MIP) / LOW_MIP : 0;
            gi += s * ev * (g[e * w + o + l] * inv[l] / (1 + t[l]) + gt - low)
                + g[e * w + o + layers + 1 + l] * inv[layers + 1 + l];
          }
          out[e * d + i] = (float) gi;
        }
      }
      return out;
    }
  }

  private static int[] pick(Rng rng, int size, int n) {
    int[] r = new int[n];
    for (int k = 0; k < n; k++) {
      r[k] = rng.nextInt(size);
    }
    return r;
  }

  private static float[] rows(float[] x, int d, int[] idx) {
    float[] out = new float[idx.length * d];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(x, idx[k] * d, out, k * d, d);
    }
    return out;
  }

  private static INDArray matrix(float[] v, int n, int d) {
    return Nd4j.create(v, new long[] {n, d}, 'c');
  }
}
