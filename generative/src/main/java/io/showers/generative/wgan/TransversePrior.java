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
 * (group) a transverse profile centred on the labelled impact point, a core and a halo component,
 * <pre>
 *   c0_gi = ln max(floor, (1 − p_g) P(Rc_g) + p_g P(Rh_g)),   P(R) = ∫∫_cell f_R(x − x0, y − y0) dx dy,
 * </pre>
 * integrated over each cell ({@code x0, y0} the impact labels, everything in units of the cell pitch), at normal
 * incidence. This is the two-component shape of an electromagnetic shower's transverse profile: a narrow core from the
 * energetic electrons and photons near the axis, widening with depth, and a halo of low-energy particles on the scale
 * of the Molière radius (tungsten: 9.3 mm). The component {@code f_R} is one of two {@link Profile}s: GFlash's
 * {@code R² / (π (r² + R²)²)} (the default of new fits), or a Gaussian (models fitted before it).
 *
 * <p>Why: the cells (10 mm) are comparable to tungsten's Molière radius and much wider than the shower's core, so
 * the energy centroid measured from the cells is pulled towards the centre of the cell the particle entered: in the
 * first layer of the reference simulation, 3.0 ± 1.4 mm back towards it for an electron entering 3–5 mm off centre,
 * 1.8 ± 1.0 mm for one entering 1–3 mm off. With the fixed mean shares of the training set as its prior, the dense
 * generator had to learn that sawtooth of the impact label and did not: its first-layer centroid scattered 2.5–3.4 mm
 * about the impact point whatever the sub-cell position, which alone let a classifier tell its showers apart (AUC
 * 0.93 on the centroids' offsets). The cell-integrated profile gives the pull (the noise-free Gaussian prior: 3.2 and
 * 1.9 mm at 4 and 2 mm off centre).
 *
 * @param rows cell rows per layer
 * @param cols cell columns per layer; a layer's cells are row-major, cell {@code (r, c)} centred at {@code x = c − (cols
 *     − 1) / 2}, {@code y = r − (rows − 1) / 2} cell pitches
 * @param impactX label column of the impact's x, in cell pitches
 * @param impactY label column of the impact's y
 * @param coreWidth {@code Rc_g} per layer, in cell pitches (the profile's width parameter, see {@link Profile})
 * @param haloWidth {@code Rh_g} per layer ({@code ≥ Rc_g})
 * @param haloFraction {@code p_g} per layer, in [0, 1]
 * @param profile the components' radial form; null reads as {@link Profile#GAUSSIAN} (models saved before there was
 *     a choice)
 */
public record TransversePrior(int rows, int cols, int impactX, int impactY, double[] coreWidth, double[] haloWidth,
    double[] haloFraction, Profile profile) {

  /** The radial form of one component of the profile, of width parameter {@code R} (in cell pitches). */
  public enum Profile {
    /**
     * The bivariate normal density {@code exp(−r² / 2R²) / (2π R²)}: {@code R} is the rms width along x; separable, but
     * its tails fall far faster than a shower's (fitted to the reference, a double Gaussian puts 1.5–2× the energy at
     * 10–20 mm from the axis and none beyond 30 mm).
     */
    GAUSSIAN,
    /**
     * GFlash's radial form (Grindhammer & Peters, hep-ex/0001020), the density {@code R² / (π (r² + R²)²)} in the
     * plane, i.e. {@code 2 r R² / (r² + R²)²} in {@code r}: {@code R} is the radius containing half of the component's
     * energy, and the tail falls as {@code r^−4} like a shower halo's. Its integral over a rectangle is closed-form.
     */
    GFLASH
  }

  /** Floor of a cell's prior share before its logarithm, as the fixed mean shares' (cells ~14 e-folds down). */
  public static final double SHARE_FLOOR = 1e-6;
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
      @JsonProperty("haloFraction") double[] haloFraction, @JsonProperty("profile") Profile profile) {
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
    this.profile = profile == null ? Profile.GAUSSIAN : profile;
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
    shares(labels, o, out);
    for (int i = 0; i < cells(); i++) {
      // most of a Gaussian layer lies on the floor: no logarithm there
      out[i] = out[i] > SHARE_FLOOR ? Math.log(out[i]) : LOG_SHARE_FLOOR;
    }
  }

  /**
   * The prior shares {@code exp(c0)} of every cell (each at least {@link #SHARE_FLOOR}) of the event whose labels start
   * at {@code labels[o]}, into {@code out}: for a softmax that multiplies by them instead of adding their logarithms.
   */
  public void shares(float[] labels, int o, double[] out) {
    double x0 = labels[o + impactX];
    double y0 = labels[o + impactY];
    if (!Double.isFinite(x0) || !Double.isFinite(y0)) {
      throw new IllegalArgumentException("the impact label (" + x0 + ", " + y0 + ") of the event at label offset " + o
          + " is not finite; expected a position in cell pitches");
    }
    double[] scratch = scratch();
    for (int g = 0; g < layers(); g++) {
      layerShares(x0, y0, coreWidth[g], haloWidth[g], haloFraction[g], out, g * rows * cols, scratch);
    }
  }

  private double[] scratch() {
    return new double[(rows + 1) * (cols + 1) + 4 * (rows + cols + 2)];
  }

  /** One layer's floored shares for a profile {@code (Rc, Rh, p)} at {@code (x0, y0)}, written from {@code out[a]}. */
  private void layerShares(double x0, double y0, double rc, double rh, double p, double[] out, int a, double[] s) {
    int n = rows * cols;
    Arrays.fill(out, a, a + n, 0);
    if (profile == Profile.GAUSSIAN) {
      addGaussian(x0, y0, rc, 1 - p, out, a, s);
      addGaussian(x0, y0, rh, p, out, a, s);
    } else {
      addGflash(x0, y0, rc, rh, p, out, a, s);
    }
    for (int i = a; i < a + n; i++) {
      out[i] = Math.max(out[i], SHARE_FLOOR);
    }
  }

  /** Adds {@code weight} times a Gaussian's integral over each cell to {@code out[a..]} (separable in x and y). */
  private void addGaussian(double x0, double y0, double sigma, double weight, double[] out, int a, double[] s) {
    cellIntegrals(cols, x0, sigma, s, 0);
    cellIntegrals(rows, y0, sigma, s, cols);
    for (int r = 0; r < rows; r++) {
      double wy = weight * s[cols + r];
      for (int c = 0; c < cols; c++) {
        out[a + r * cols + c] += wy * s[c];
      }
    }
  }

  /**
   * Adds GFlash's core ({@code 1 − p}, radius {@code rc}) and halo ({@code p}, {@code rh}) integrated over each cell
   * to {@code out[a..]}. With {@code u, v} a corner's offsets from the impact in units of {@code R}, a component's
   * integral from the impact to the corner is
   * <pre>
   *   F(u, v) = [u / √(1 + u²) · atan(v / √(1 + u²)) + v / √(1 + v²) · atan(u / √(1 + v²))] / 2π,
   * </pre>
   * odd in each argument ({@code F(∞, ∞) = 1/4}), and a cell's share is the signed sum over its four corners of the
   * components' weighted sum.
   */
  private void addGflash(double x0, double y0, double rc, double rh, double p, double[] out, int a, double[] s) {
    Arrays.fill(s, 0, (rows + 1) * (cols + 1), 0);
    addCorners(x0, y0, rc, (1 - p) / (2 * Math.PI), s);
    addCorners(x0, y0, rh, p / (2 * Math.PI), s);
    for (int r = 0; r < rows; r++) {
      int lower = r * (cols + 1);
      int upper = lower + cols + 1;
      for (int c = 0; c < cols; c++) {
        out[a + r * cols + c] += s[upper + c + 1] - s[upper + c] - s[lower + c + 1] + s[lower + c];
      }
    }
  }

  /** Adds {@code scale · 2π F(u, v)} of one GFlash component of radius {@code radius} at every cell corner to {@code s}. */
  private void addCorners(double x0, double y0, double radius, double scale, double[] s) {
    int u = (rows + 1) * (cols + 1);
    int uRoot = u + cols + 1;
    int v = uRoot + cols + 1;
    int vRoot = v + rows + 1;
    for (int j = 0; j <= cols; j++) {
      s[u + j] = (j - cols / 2.0 - x0) / radius;
      s[uRoot + j] = 1 / Math.sqrt(1 + s[u + j] * s[u + j]);
    }
    for (int i = 0; i <= rows; i++) {
      s[v + i] = (i - rows / 2.0 - y0) / radius;
      s[vRoot + i] = 1 / Math.sqrt(1 + s[v + i] * s[v + i]);
    }
    for (int i = 0; i <= rows; i++) {
      double vi = s[v + i];
      double di = s[vRoot + i];
      int row = i * (cols + 1);
      for (int j = 0; j <= cols; j++) {
        double uj = s[u + j];
        double bj = s[uRoot + j];
        s[row + j] += scale * (uj * bj * atan(vi * bj) + vi * di * atan(uj * di));
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

  /** The table's range {@code |z| ≤ CDF_RANGE}; beyond, Φ is taken as 0 or 1 (Φ(−7) = 1.3e-12, far under the floor). */
  private static final double CDF_RANGE = 7;
  /** Φ on {@code [−CDF_RANGE, CDF_RANGE]}, from hipparchus' erfc and the exact density. */
  private static final HermiteTable CDF_TABLE = new HermiteTable(-CDF_RANGE, CDF_RANGE, 128,
      z -> z < 0 ? 0.5 * Erf.erfc(-z / Math.sqrt(2)) : 1 - 0.5 * Erf.erfc(z / Math.sqrt(2)),
      z -> Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));
  /** atan on [0, 1]. */
  private static final HermiteTable ATAN_TABLE = new HermiteTable(0, 1, 256, Math::atan, t -> 1 / (1 + t * t));

  /**
   * The standard normal distribution function Φ(z), tabulated (absolute error below 1e-11). Why: the prior takes ~380
   * of them per shower at generation, where hipparchus' series (~250 ns a call) made the prior cost more than the
   * network.
   */
  static double normalCdf(double z) {
    if (!(z > -CDF_RANGE)) {
      return 0;
    }
    return z >= CDF_RANGE ? 1 : CDF_TABLE.at(z);
  }

  /** The arctangent, tabulated (absolute error below 1e-11): GFlash's cell integrals take ~6000 per shower. */
  static double atan(double t) {
    double a = Math.abs(t);
    double r = a <= 1 ? ATAN_TABLE.at(a) : Math.PI / 2 - ATAN_TABLE.at(1 / a);
    return t < 0 ? -r : r;
  }

  /**
   * The profile of each layer fitted to training events by minimum cross-entropy (a quasi-likelihood: the cells'
   * shares of their layer's amount, events weighted alike, taken as the frequencies of a multinomial whose cell
   * probabilities are the prior's normalised over the layer's cells; Nelder–Mead on {@code ln Rc}, {@code ln(Rh −
   * Rc)}, {@code logit p}).
   *
   * @param encoded the events, cells encoded as {@code x = ln(1 + u) / logScale} ({@code n × eventDim}, row-major; the
   *     first {@code layers × rows × cols} columns are the cells, layer by layer)
   * @param eventDim columns per event
   * @param logScale the encoding's divisor
   * @param labels the events' labels ({@code n × labelDim}, row-major)
   * @param profile the components' radial form
   */
  public static TransversePrior fit(float[] encoded, int eventDim, double logScale, float[] labels, int labelDim,
      int layers, int rows, int cols, int impactX, int impactY, Profile profile) {
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
          new double[] {0}, profile);
      ObjectiveFunction crossEntropy = new ObjectiveFunction(q -> {
        double rc = Math.exp(q[0]);
        double rh = rc + Math.exp(q[1]);
        double p = 1 / (1 + Math.exp(-q[2]));
        double[] prior = new double[perLayer];
        double[] scratch = probe.scratch();
        double sum = 0;
        for (int k = 0; k < events; k++) {
          probe.layerShares(impacts[2 * k], impacts[2 * k + 1], rc, rh, p, prior, 0, scratch);
          // the head's softmax normalises within the layer, so the fit does too (the profile's tails leave the array);
          // the event's shares add up to 1, and only its lit cells take a logarithm
          double norm = 0;
          for (int i = 0; i < perLayer; i++) {
            norm += prior[i];
          }
          sum += Math.log(norm);
          for (int i = 0; i < perLayer; i++) {
            double share = shares[k * perLayer + i];
            if (share > 0) {
              sum -= share * Math.log(prior[i]);
            }
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
    return new TransversePrior(rows, cols, impactX, impactY, core, halo, fraction, profile);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransversePrior t && rows == t.rows && cols == t.cols && impactX == t.impactX
        && impactY == t.impactY && Arrays.equals(coreWidth, t.coreWidth) && Arrays.equals(haloWidth, t.haloWidth)
        && Arrays.equals(haloFraction, t.haloFraction) && profile == t.profile;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(coreWidth) + Arrays.hashCode(haloWidth)) + Arrays.hashCode(haloFraction);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("transverse prior around the impact (" + profile
        + " core/halo width in cells, halo fraction:");
    for (int g = 0; g < layers(); g++) {
      b.append(String.format(Locale.ROOT, " %.2f/%.2f/%.2f", coreWidth[g], haloWidth[g], haloFraction[g]));
    }
    return b.append(')').toString();
  }
}
