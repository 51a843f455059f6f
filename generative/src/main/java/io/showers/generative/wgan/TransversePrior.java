package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.special.Erf;

/**
 * Per-event prior cell logits of an {@link EnergyShareHead} for a layered detector of square cells: in every layer
 * (group) a transverse profile centred on the labelled impact point, a core and a halo Gaussian,
 * <pre>
 *   c0_gi = ln max(floor, (1 − p_g) G(σc_g) + p_g G(σh_g)),   G(σ) = ∫_cell x N(x − x0, σ) dx · ∫_cell y N(y − y0, σ) dy,
 * </pre>
 * integrated over each cell ({@code x0, y0} the impact labels, everything in units of the cell pitch), at normal
 * incidence. This is the two-component shape of an electromagnetic shower's transverse profile: a narrow core from the
 * energetic electrons and photons near the axis, widening with depth, and a halo of low-energy particles on the scale
 * of the Molière radius (tungsten: 9.3 mm). A double Gaussian's tails are lighter than a real halo's; the network
 * corrects the shape.
 *
 * <p>Why: the cells (10 mm) are comparable to tungsten's Molière radius and much wider than the shower's core (the
 * fitted core widths are 0.7–3.6 mm), so the energy centroid measured from the cells is pulled towards the centre of
 * the cell the particle entered: in the first layer of the reference simulation, 3.0 ± 1.4 mm back towards it for an
 * electron entering 3–5 mm off centre, 1.8 ± 1.0 mm for one entering 1–3 mm off. With the fixed mean shares of the
 * training set as its prior, the dense generator had to learn that sawtooth of the impact label and did not: its
 * first-layer centroid scattered 2.5–3.4 mm about the impact point whatever the sub-cell position, which alone let a
 * classifier tell its showers apart (AUC 0.93 on the centroids' offsets). The cell-integrated profile gives the pull
 * (the noise-free prior: 3.2 and 1.9 mm at 4 and 2 mm off centre).
 *
 * @param rows cell rows per layer
 * @param cols cell columns per layer; a layer's cells are row-major, cell {@code (r, c)} centred at {@code x = c − (cols
 *     − 1) / 2}, {@code y = r − (rows − 1) / 2} cell pitches
 * @param impactX label column of the impact's x, in cell pitches
 * @param impactY label column of the impact's y
 * @param coreWidth {@code σc_g} per layer, in cell pitches
 * @param haloWidth {@code σh_g} per layer ({@code ≥ σc_g})
 * @param haloFraction {@code p_g} per layer, in [0, 1]
 */
public record TransversePrior(int rows, int cols, int impactX, int impactY, double[] coreWidth, double[] haloWidth,
    double[] haloFraction) {

  /** Floor of a cell's prior share before its logarithm, as the fixed mean shares' (cells ~14 e-folds down). */
  static final double SHARE_FLOOR = 1e-6;
  /** {@code ln SHARE_FLOOR}, once (most cells of a layer lie under the floor). */
  private static final double LOG_SHARE_FLOOR = Math.log(SHARE_FLOOR);
  /** Training events the fit uses at most (evenly spaced through the set): the fit's statistical error is tiny. */
  private static final int FIT_EVENTS = 2000;
  /** The fit's optimiser stops after this many iterations at the latest (keeping its best point). */
  private static final int MAX_FIT_ITERATIONS = 5000;

  /** Validates the settings. */
  @JsonCreator
  public TransversePrior(@JsonProperty("rows") int rows, @JsonProperty("cols") int cols,
      @JsonProperty("impactX") int impactX, @JsonProperty("impactY") int impactY,
      @JsonProperty("coreWidth") double[] coreWidth, @JsonProperty("haloWidth") double[] haloWidth,
      @JsonProperty("haloFraction") double[] haloFraction) {
    if (rows < 1 || cols < 1 || impactX < 0 || impactY < 0 || coreWidth == null || haloWidth == null
        || haloFraction == null || coreWidth.length == 0 || haloWidth.length != coreWidth.length
        || haloFraction.length != coreWidth.length) {
      throw new IllegalArgumentException("invalid transverse prior: " + rows + " × " + cols + " cells, impact label"
          + " columns " + impactX + ", " + impactY + ", widths and fractions for "
          + (coreWidth == null ? "no" : coreWidth.length) + " / " + (haloWidth == null ? "no" : haloWidth.length) + " / "
          + (haloFraction == null ? "no" : haloFraction.length) + " layers");
    }
    for (int g = 0; g < coreWidth.length; g++) {
      if (!(coreWidth[g] > 0) || !(haloWidth[g] >= coreWidth[g]) || !Double.isFinite(haloWidth[g])
          || !(haloFraction[g] >= 0 && haloFraction[g] <= 1)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "invalid transverse profile of layer %d: core"
            + " width %s, halo width %s (expected ≥ the core's), halo fraction %s (expected in [0, 1])", g,
            coreWidth[g], haloWidth[g], haloFraction[g]));
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.impactX = impactX;
    this.impactY = impactY;
    this.coreWidth = coreWidth.clone();
    this.haloWidth = haloWidth.clone();
    this.haloFraction = haloFraction.clone();
  }

  /** Layers (groups). */
  public int layers() {
    return coreWidth.length;
  }

  /** Cells covered (the first {@code cells()} columns of the event). */
  public int cells() {
    return layers() * rows * cols;
  }

  /** The highest label column read, plus one. */
  public int labelsRead() {
    return Math.max(impactX, impactY) + 1;
  }

  @Override
  public double[] coreWidth() {
    return coreWidth.clone();
  }

  @Override
  public double[] haloWidth() {
    return haloWidth.clone();
  }

  @Override
  public double[] haloFraction() {
    return haloFraction.clone();
  }

  /** The prior logits {@code c0} of every cell of the event whose labels start at {@code labels[o]}, into {@code out}. */
  public void logits(float[] labels, int o, double[] out) {
    double x0 = labels[o + impactX];
    double y0 = labels[o + impactY];
    double[] scratch = new double[2 * (rows + cols)];
    for (int g = 0; g < layers(); g++) {
      layerLogits(x0, y0, coreWidth[g], haloWidth[g], haloFraction[g], out, g * rows * cols, scratch);
    }
  }

  /** One layer's logits for a profile {@code (σc, σh, p)} at {@code (x0, y0)}, written from {@code out[a]}. */
  private void layerLogits(double x0, double y0, double sc, double sh, double p, double[] out, int a, double[] s) {
    // separable: the cell integrals of each Gaussian along x and y
    cellIntegrals(cols, x0, sc, s, 0);
    cellIntegrals(rows, y0, sc, s, cols);
    cellIntegrals(cols, x0, sh, s, cols + rows);
    cellIntegrals(rows, y0, sh, s, 2 * cols + rows);
    for (int r = 0; r < rows; r++) {
      double coreY = (1 - p) * s[cols + r];
      double haloY = p * s[2 * cols + rows + r];
      for (int c = 0; c < cols; c++) {
        double share = coreY * s[c] + haloY * s[cols + rows + c];
        out[a + r * cols + c] = share > SHARE_FLOOR ? Math.log(share) : LOG_SHARE_FLOOR;
      }
    }
  }

  /** {@code ∫ N(x − x0, σ)} over each of {@code n} unit cells centred at {@code k − (n − 1) / 2}, into {@code out[a..]}. */
  private static void cellIntegrals(int n, double x0, double sigma, double[] out, int a) {
    double scale = 1 / sigma;
    double lower = normalCdf((-n / 2.0 - x0) * scale);
    for (int k = 0; k < n; k++) {
      double upper = normalCdf((k + 1 - n / 2.0 - x0) * scale);
      out[a + k] = upper - lower;
      lower = upper;
    }
  }

  /** Nodes per unit of {@code z} of the {@link #normalCdf} table. */
  private static final int CDF_NODES_PER_UNIT = 128;
  /** The table's range {@code |z| ≤ CDF_RANGE}; beyond, Φ is taken as 0 or 1 (Φ(−7) = 1.3e-12, far under the floor). */
  private static final double CDF_RANGE = 7;
  /** Φ and its derivative (the standard normal density) at the table's nodes, from hipparchus' erf. */
  private static final double[][] CDF_TABLE = cdfTable();

  private static double[][] cdfTable() {
    int nodes = (int) (2 * CDF_RANGE * CDF_NODES_PER_UNIT) + 1;
    double[] value = new double[nodes];
    double[] slope = new double[nodes];
    for (int j = 0; j < nodes; j++) {
      double z = -CDF_RANGE + (double) j / CDF_NODES_PER_UNIT;
      value[j] = z < 0 ? 0.5 * Erf.erfc(-z / Math.sqrt(2)) : 1 - 0.5 * Erf.erfc(z / Math.sqrt(2));
      slope[j] = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }
    return new double[][] {value, slope};
  }

  /**
   * The standard normal distribution function Φ(z), by cubic Hermite interpolation of a table of hipparchus' erf and
   * the exact density (absolute error below 1e-11). Why: the prior takes ~380 of them per shower at generation,
   * where hipparchus' series (~250 ns a call) made the prior cost more than the network.
   */
  static double normalCdf(double z) {
    if (!(z > -CDF_RANGE)) {
      return 0;
    }
    if (z >= CDF_RANGE) {
      return 1;
    }
    double position = (z + CDF_RANGE) * CDF_NODES_PER_UNIT;
    int j = Math.min((int) position, CDF_TABLE[0].length - 2);
    double t = position - j;
    double h = 1.0 / CDF_NODES_PER_UNIT;
    double[] v = CDF_TABLE[0];
    double[] d = CDF_TABLE[1];
    double t2 = t * t;
    double t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * v[j] + (t3 - 2 * t2 + t) * h * d[j] + (-2 * t3 + 3 * t2) * v[j + 1]
        + (t3 - t2) * h * d[j + 1];
  }

  /**
   * The profile of each layer fitted to training events by minimum cross-entropy (a quasi-likelihood: the cells'
   * shares of their layer's amount, events weighted alike, taken as the frequencies of a multinomial whose cell
   * probabilities are the prior's normalised over the layer's cells; Nelder–Mead on {@code ln σc}, {@code ln(σh −
   * σc)}, {@code logit p}).
   *
   * @param encoded the events, cells encoded as {@code x = ln(1 + u) / logScale} ({@code n × eventDim}, row-major; the
   *     first {@code layers × rows × cols} columns are the cells, layer by layer)
   * @param eventDim columns per event
   * @param logScale the encoding's divisor
   * @param labels the events' labels ({@code n × labelDim}, row-major)
   */
  public static TransversePrior fit(float[] encoded, int eventDim, double logScale, float[] labels, int labelDim,
      int layers, int rows, int cols, int impactX, int impactY) {
    int n = encoded.length / eventDim;
    if (n < 1 || labels.length != (long) n * labelDim || eventDim < (long) layers * rows * cols) {
      throw new IllegalArgumentException("cannot fit a transverse prior to " + n + " events of " + eventDim
          + " columns and " + labels.length + " label values (" + labelDim + " per event, " + layers + " layers of "
          + rows + " × " + cols + " cells)");
    }
    double[] core = new double[layers];
    double[] halo = new double[layers];
    double[] fraction = new double[layers];
    int stride = Math.max(1, n / FIT_EVENTS);
    int perLayer = rows * cols;
    for (int g = 0; g < layers; g++) {
      // each used event's cell shares of its layer, decoded once (events with an empty layer say nothing)
      double[] shares = new double[((n + stride - 1) / stride) * perLayer];
      float[] impacts = new float[2 * (shares.length / perLayer)];
      int used = 0;
      for (int k = 0; k < n; k += stride) {
        int a = k * eventDim + g * perLayer;
        double layerAmount = 0;
        for (int i = 0; i < perLayer; i++) {
          shares[used * perLayer + i] = EnergyShareHead.amountOf(encoded[a + i], logScale);
          layerAmount += shares[used * perLayer + i];
        }
        if (!(layerAmount > 0)) {
          continue;
        }
        for (int i = 0; i < perLayer; i++) {
          shares[used * perLayer + i] /= layerAmount;
        }
        impacts[2 * used] = labels[k * labelDim + impactX];
        impacts[2 * used + 1] = labels[k * labelDim + impactY];
        used++;
      }
      int events = used;
      TransversePrior probe = new TransversePrior(rows, cols, impactX, impactY, new double[] {1}, new double[] {1},
          new double[] {0});
      ObjectiveFunction crossEntropy = new ObjectiveFunction(q -> {
        double sc = Math.exp(q[0]);
        double sh = sc + Math.exp(q[1]);
        double p = 1 / (1 + Math.exp(-q[2]));
        double[] logits = new double[perLayer];
        double[] scratch = new double[2 * (rows + cols)];
        double sum = 0;
        for (int k = 0; k < events; k++) {
          probe.layerLogits(impacts[2 * k], impacts[2 * k + 1], sc, sh, p, logits, 0, scratch);
          // the head's softmax normalises within the layer, so the fit does too (the profile's tails leave the array)
          double norm = 0;
          for (int i = 0; i < perLayer; i++) {
            norm += Math.exp(logits[i]);
          }
          double logNorm = Math.log(norm);
          for (int i = 0; i < perLayer; i++) {
            sum -= shares[k * perLayer + i] * (logits[i] - logNorm);
          }
        }
        return sum;
      });
      // a bounded iteration count, not an evaluation limit that throws: a vanishing halo leaves its width unidentified
      PointValuePair best = new SimplexOptimizer(new SimpleValueChecker(1e-9, 1e-9, MAX_FIT_ITERATIONS)).optimize(
          new MaxEval(Integer.MAX_VALUE), crossEntropy,
          GoalType.MINIMIZE, new InitialGuess(new double[] {Math.log(0.2), Math.log(0.5), -1}),
          new NelderMeadSimplex(new double[] {0.5, 0.5, 1}));
      double[] q = best.getPoint();
      core[g] = Math.exp(q[0]);
      halo[g] = core[g] + Math.exp(q[1]);
      fraction[g] = 1 / (1 + Math.exp(-q[2]));
    }
    return new TransversePrior(rows, cols, impactX, impactY, core, halo, fraction);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransversePrior t && rows == t.rows && cols == t.cols && impactX == t.impactX
        && impactY == t.impactY && Arrays.equals(coreWidth, t.coreWidth) && Arrays.equals(haloWidth, t.haloWidth)
        && Arrays.equals(haloFraction, t.haloFraction);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(coreWidth) + Arrays.hashCode(haloWidth)) + Arrays.hashCode(haloFraction);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("transverse prior around the impact (core/halo width in cells, halo fraction:");
    for (int g = 0; g < layers(); g++) {
      b.append(String.format(Locale.ROOT, " %.2f/%.2f/%.2f", coreWidth[g], haloWidth[g], haloFraction[g]));
    }
    return b.append(')').toString();
  }
}
