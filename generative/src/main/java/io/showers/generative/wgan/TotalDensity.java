package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import io.showers.generative.nn.DenseInference;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import java.util.stream.IntStream;
import org.hipparchus.linear.RealMatrix;

/**
 * The conditional density of an event's log total amount (summed signal or deposit), fitted to
 * the training events by maximum likelihood rather than learned adversarially:
 *
 * <pre>
 *   ln T | y  ~  N( μ(y) + δ(y),  σ(y)² )
 * </pre>
 *
 * with {@code ln σ} and {@code μ − b(y)} the two outputs of a small dense network of the labels (in
 * units of the spread of {@code ln T − b}), {@code b} the least-squares linear fit of {@code ln T}
 * on the network's inputs (so the tails, where few events train the network, extrapolate as a
 * straight line), and {@code δ} quadratic in the labels. With a
 * {@link LateralPrior} the network also sees the footprint's geometry, {@code ln Σ_i exp(c0_i)}: the
 * lateral distribution summed over the stations, relative to its value at the core. An air
 * shower's total signal changes by 0.4 dex at 10 EeV between a core on a station and one in the
 * middle of a cell, a function of the core labels with a bump at every station that the summed
 * lateral distribution gives directly.
 *
 * <p>Why: the total is what an energy calibration rests on, and its spread at fixed labels is the
 * detector's resolution. A critic that sees events of all energies at once judges the marginal
 * distribution of the total well but its width at fixed labels poorly; the air-shower generator's
 * total scattered 0.12 dex at fixed labels against the simulator's 0.025. Drawn from an explicit
 * density, the total has the measured width; the generator network decides how it is shared out,
 * seeing the total's noise as one of its inputs. This is the two-stage shape of CaloFlow
 * (arXiv:2106.05285: the energies by likelihood, then the shower given them). A network, not a
 * polynomial: an air shower's spread falls from 0.2 to 0.02 dex between 3 and 100 EeV and depends
 * on zenith angle and mass, which a quadratic in the labels fits 4× too wide at the edges.
 *
 * <p>For an {@linkplain EnergyShareHead#withAnchoredAmplitude anchored} head, {@code T} is instead the
 * lateral distribution's amplitude at a reference distance (an air shower's S(1000), {@link
 * LateralPrior#logAmplitudeAt}): the same density, fitted to and drawn for that amount.
 *
 * <p>Events are fitted after the detector's threshold, but a generator draws the total before it
 * and loses what falls below: {@code δ} is the correction of the mean the trainer learns for that,
 * by matching the generated events' log totals to the reference events' at the same labels
 * ({@link #adjustShift}); it starts at 0.
 */
public final class TotalDensity {
  /** Bounds on the network's log spread (in units of the training spread of ln T). */
  public static final double MIN_LOG_SPREAD = -8;
  public static final double MAX_LOG_SPREAD = 2;

  private final int labelDim;
  private final DenseSpec spec;
  private final float[] params;
  private final double[] baseline;
  private final double logTotalStd;
  private final double[] shift;
  private final LateralPrior footprint;
  private final double footprintMean;
  private final double footprintStd;
  private final DenseNet net;
  /** Per-thread fixed-block inference buffers of {@link #net}, shared by the densities {@link #withShift} derives. */
  private final ThreadLocal<DenseInference> inference;

  /**
   * A density from its parts.
   *
   * @param labelDim labels per event
   * @param spec the network's layers ({@code labelDim} inputs, 2 outputs: standardised μ and ln σ)
   * @param params its flat parameters
   * @param baseline {@code b}: intercept, then one coefficient per network input
   * @param logTotalStd the spread of {@code ln T − b} over the training events (the unit of the network's outputs)
   * @param shift coefficients of {@code δ} over {@link #basis}
   * @param footprint null, or the lateral distribution whose log sum over the stations is the network's last input
   * @param footprintMean that input's mean over the training events (it enters standardised)
   * @param footprintStd its spread
   */
  @JsonCreator
  public TotalDensity(@JsonProperty("labelDim") int labelDim, @JsonProperty("spec") DenseSpec spec,
      @JsonProperty("params") float[] params, @JsonProperty("baseline") double[] baseline,
      @JsonProperty("logTotalStd") double logTotalStd, @JsonProperty("shift") double[] shift,
      @JsonProperty("footprint") LateralPrior footprint, @JsonProperty("footprintMean") double footprintMean,
      @JsonProperty("footprintStd") double footprintStd) {
    int p = basisSize(labelDim);
    int inputs = labelDim + (footprint == null ? 0 : 1);
    if (footprint != null && (footprint.labelsRead() > labelDim || !(footprintStd > 0)
        || !Double.isFinite(footprintMean) || !Double.isFinite(footprintStd))) {
      throw new IllegalArgumentException("invalid footprint input of a total density on " + labelDim + " labels: "
          + footprint + ", mean " + footprintMean + ", std " + footprintStd);
    }
    if (labelDim < 1 || spec == null || spec.inputSize() != inputs || spec.outputSize() != 2 || params == null
        || params.length != spec.parameterCount() || shift == null || shift.length != p
        || baseline == null || baseline.length != inputs + 1 || Arrays.stream(baseline).anyMatch(v -> !Double.isFinite(v))
        || !(logTotalStd > 0) || !Double.isFinite(logTotalStd)) {
      throw new IllegalArgumentException("invalid total density on " + labelDim + " labels: network "
          + spec + " with " + (params == null ? "no" : params.length) + " parameters, " + (shift == null ? "no"
          : shift.length) + " of " + p + " shift coefficients, baseline " + Arrays.toString(baseline) + ", std "
          + logTotalStd);
    }
    LikelihoodFit.requireFinite(params, "total density");
    for (double v : shift) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("total density shift coefficients must be finite, got " + v);
      }
    }
    this.labelDim = labelDim;
    this.spec = spec;
    this.params = params.clone();
    this.baseline = baseline.clone();
    this.logTotalStd = logTotalStd;
    this.shift = shift.clone();
    this.footprint = footprint;
    this.footprintMean = footprint == null ? 0 : footprintMean;
    this.footprintStd = footprint == null ? 1 : footprintStd;
    this.net = DenseNet.of(spec, this.params);
    this.inference = new ThreadLocal<>();
  }

  /** {@code base} with another mean correction, sharing its (immutable) network and buffers. */
  private TotalDensity(TotalDensity base, double[] shift) {
    if (shift == null || shift.length != base.shift.length || Arrays.stream(shift).anyMatch(v -> !Double.isFinite(v))) {
      throw new IllegalArgumentException("a total density on " + base.labelDim + " labels needs "
          + base.shift.length + " finite shift coefficients, got " + Arrays.toString(shift));
    }
    this.labelDim = base.labelDim;
    this.spec = base.spec;
    this.params = base.params;
    this.baseline = base.baseline;
    this.logTotalStd = base.logTotalStd;
    this.shift = shift.clone();
    this.footprint = base.footprint;
    this.footprintMean = base.footprintMean;
    this.footprintStd = base.footprintStd;
    this.net = base.net;
    this.inference = base.inference;
  }

  /** A density of the labels alone. */
  public TotalDensity(int labelDim, DenseSpec spec, float[] params, double[] baseline, double logTotalStd,
      double[] shift) {
    this(labelDim, spec, params, baseline, logTotalStd, shift, null, 0, 1);
  }

  @JsonProperty("footprint")
  public LateralPrior footprint() {
    return footprint;
  }

  @JsonProperty("footprintMean")
  public double footprintMean() {
    return footprintMean;
  }

  @JsonProperty("footprintStd")
  public double footprintStd() {
    return footprintStd;
  }

  /** {@code ln Σ_i exp(c0_i)} of each of {@code n} label rows. */
  private static double[] footprintSums(LateralPrior footprint, float[] labels, int labelDim, int n) {
    double[] out = new double[n];
    double[] c0 = new double[footprint.cells()];
    double[] scratch = new double[footprint.cells()];
    for (int k = 0; k < n; k++) {
      footprint.logits(labels, k * labelDim, c0, scratch);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : c0) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (double v : c0) {
        sum += Math.exp(v - max);
      }
      out[k] = max + Math.log(sum);
    }
    return out;
  }

  /** The network's input rows: the labels, then the standardised footprint sum. */
  private float[] inputs(float[] labels, int n) {
    if (footprint == null) {
      return labels;
    }
    return appendFootprint(labels, n, labelDim, footprintSums(footprint, labels, labelDim, n), footprintMean,
        footprintStd);
  }

  private static float[] appendFootprint(float[] labels, int n, int labelDim, double[] sums, double mean, double std) {
    float[] in = new float[n * (labelDim + 1)];
    for (int k = 0; k < n; k++) {
      System.arraycopy(labels, k * labelDim, in, k * (labelDim + 1), labelDim);
      in[k * (labelDim + 1) + labelDim] = (float) ((sums[k] - mean) / std);
    }
    return in;
  }

  @JsonProperty("labelDim")
  public int labelDim() {
    return labelDim;
  }

  @JsonProperty("spec")
  public DenseSpec spec() {
    return spec;
  }

  @JsonProperty("params")
  public float[] params() {
    return params.clone();
  }

  @JsonProperty("baseline")
  public double[] baseline() {
    return baseline.clone();
  }

  @JsonProperty("logTotalStd")
  public double logTotalStd() {
    return logTotalStd;
  }

  @JsonProperty("shift")
  public double[] shift() {
    return shift.clone();
  }

  /** Size of the quadratic basis on {@code labelDim} labels: 1, the labels, their products. */
  public static int basisSize(int labelDim) {
    return 1 + labelDim + labelDim * (labelDim + 1) / 2;
  }

  /** {@code (1, y_j, y_j y_k for j ≤ k)} of the label row at {@code offset} of {@code labels} into {@code out}. */
  static void basis(float[] labels, int offset, int labelDim, double[] out) {
    out[0] = 1;
    int c = 1;
    for (int j = 0; j < labelDim; j++) {
      out[c++] = labels[offset + j];
    }
    for (int j = 0; j < labelDim; j++) {
      for (int k = j; k < labelDim; k++) {
        out[c++] = (double) labels[offset + j] * labels[offset + k];
      }
    }
  }

  /**
   * Fits the density to {@code logTotals[i]} of events with labels {@code labels} ({@code n x
   * labelDim}, row-major) by maximum likelihood (Adam on the Gaussian negative log-likelihood,
   * seeded by {@code seed}); events whose log total is not finite (nothing above threshold) are
   * left out.
   *
   * @param footprint null, or the lateral distribution whose summed log the network also sees
   */
  public static TotalDensity fit(double[] logTotals, float[] labels, int labelDim, LateralPrior footprint,
      long seed) {
    int n = logTotals.length;
    if (labelDim < 1 || labels.length != (long) n * labelDim) {
      throw new IllegalArgumentException(n + " totals but " + labels.length + " label values for " + labelDim
          + " labels per event");
    }
    int[] rows = IntStream.range(0, n).filter(i -> Double.isFinite(logTotals[i])).toArray();
    int minimum = 10 * basisSize(labelDim);
    if (rows.length < minimum) {
      throw new IllegalArgumentException("need at least " + minimum + " events with a positive total to fit its"
          + " density on " + labelDim + " labels, got " + rows.length + " (train without it: --no-total-density)");
    }
    int inputs = labelDim + (footprint == null ? 0 : 1);
    float[] allInputs = labels;
    double fMean = 0;
    double fStd = 1;
    if (footprint != null) {
      double[] sums = footprintSums(footprint, labels, labelDim, n);
      fMean = Arrays.stream(sums).average().orElseThrow();
      double m = fMean;
      fStd = Math.max(1e-6, Math.sqrt(Arrays.stream(sums).map(v -> (v - m) * (v - m)).sum() / n));
      allInputs = appendFootprint(labels, n, labelDim, sums, fMean, fStd);
    }
    LikelihoodFit.Baseline baseline = LikelihoodFit.linear(allInputs, inputs, rows, logTotals);
    double[] base = baseline.coefficients();
    double[] residual = baseline.residuals();
    double std = baseline.rms();
    if (!(std > 0)) {
      throw new IllegalArgumentException("the training events' totals are an exact linear function of the labels;"
          + " there is no spread to fit a density to");
    }
    DenseSpec spec = LikelihoodFit.network(inputs, 2);
    double[] t = new double[n];
    for (int r : rows) {
      t[r] = residual[r] / std;
    }
    float[] params = LikelihoodFit.fit(spec, allInputs, rows, t, (out, o, t0, dOut, batch) -> {
      // d/dμ and d/d(ln σ) of ln σ + (t − μ)² / 2σ², per event, averaged
      double ls = out[o + 1];
      boolean clamped = ls < MIN_LOG_SPREAD || ls > MAX_LOG_SPREAD;
      double w = Math.exp(-2 * Math.max(MIN_LOG_SPREAD, Math.min(MAX_LOG_SPREAD, ls)));
      double r = t0 - out[o];
      dOut[o] = (float) (-r * w / batch);
      dOut[o + 1] = clamped ? 0f : (float) ((1 - r * r * w) / batch);
    }, seed);
    return new TotalDensity(labelDim, spec, params, base, std,
        new double[basisSize(labelDim)], footprint, fMean, fStd);
  }

  /** This density with the mean correction {@code δ} replaced. */
  public TotalDensity withShift(double[] newShift) {
    // the trainer calls this at every generator step: the network is not copied again
    return new TotalDensity(this, newShift);
  }

  /**
   * {@code ln T = μ(y) + δ(y) + σ(y) z_k} for the {@code n} label rows of {@code labels} ({@code n x
   * labelDim}, row-major) and standard normal draws {@code z} (null for the mean, {@code z = 0}).
   */
  public double[] logTotals(float[] labels, int n, float[] z) {
    return logTotals(labels, n, z, 1);
  }

  /** As {@link #logTotals(float[], int, float[])}, with event {@code k}'s draw at {@code z[k · stride]}. */
  public double[] logTotals(float[] labels, int n, float[] z, int stride) {
    if (labels == null || labels.length != (long) n * labelDim || stride < 1
        || (z != null && n > 0 && z.length <= (long) (n - 1) * stride)) {
      throw new IllegalArgumentException("a total density on " + labelDim + " labels needs " + n + " label rows"
          + (z == null ? "" : " and draws"));
    }
    double[] out = new double[n];
    if (n == 0) {
      return out;
    }
    int inputs = spec.inputSize();
    float[] in = inputs(labels, n);
    // in fixed GEMM blocks, so an event's total does not depend on the batch it is generated in
    DenseInference d = DenseInference.ofThread(inference, net, n);
    System.arraycopy(in, 0, d.input(), 0, n * inputs);
    float[] ms = d.run();
    double[] b = new double[basisSize(labelDim)];
    for (int k = 0; k < n; k++) {
      basis(labels, k * labelDim, labelDim, b);
      double delta = 0;
      for (int i = 0; i < b.length; i++) {
        delta += shift[i] * b[i];
      }
      double sigma = logTotalStd * Math.exp(Math.max(MIN_LOG_SPREAD, Math.min(MAX_LOG_SPREAD, ms[2 * k + 1])));
      double linear = baseline[0];
      for (int j = 0; j < inputs; j++) {
        linear += baseline[1 + j] * in[k * inputs + j];
      }
      out[k] = linear + logTotalStd * ms[2 * k] + delta + (z == null ? 0 : sigma * z[k * stride]);
    }
    return out;
  }

  /** {@code σ(y)} of each of the {@code n} label rows of {@code labels}. */
  public double[] spreads(float[] labels, int n) {
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    double[] at1 = logTotals(labels, n, ones);
    double[] at0 = logTotals(labels, n, null);
    for (int k = 0; k < n; k++) {
      at1[k] -= at0[k];
    }
    return at1;
  }

  /**
   * One step of the mean correction: {@code δ ← δ − rate · C⁺ (1/m) Σ d_i φ(y_i)}, where {@code d_i}
   * is a generated event's log total less a reference event's at the same labels (non-finite
   * differences skipped: a generated event left empty by the threshold does not pull the
   * correction up, so where that is frequent it stays a little low), {@code φ} the basis and
   * {@code C⁺} the pseudo-inverse of the basis's
   * second moments over the training labels (so a step moves {@code δ(y)} by {@code rate} times
   * the least-squares fit of the differences, whatever the labels' scales).
   *
   * @return the corrected density
   */
  public TotalDensity adjustShift(double[] differences, float[] labels, RealMatrix inverseMoments, double rate) {
    int p = basisSize(labelDim);
    if (labels.length != (long) differences.length * labelDim || inverseMoments.getRowDimension() != p
        || inverseMoments.getColumnDimension() != p) {
      throw new IllegalArgumentException(differences.length + " differences need " + differences.length * labelDim
          + " label values and a " + p + " x " + p + " moment matrix, got " + labels.length + " and "
          + inverseMoments.getRowDimension() + " x " + inverseMoments.getColumnDimension());
    }
    double[] g = new double[p];
    double[] b = new double[p];
    int m = 0;
    for (int i = 0; i < differences.length; i++) {
      if (!Double.isFinite(differences[i])) {
        continue;
      }
      basis(labels, i * labelDim, labelDim, b);
      for (int j = 0; j < p; j++) {
        g[j] += differences[i] * b[j];
      }
      m++;
    }
    if (m == 0) {
      return this;
    }
    double[] step = inverseMoments.operate(g);
    double[] s = shift.clone();
    for (int j = 0; j < p; j++) {
      s[j] -= rate * step[j] / m;
    }
    return withShift(s);
  }

  /** The pseudo-inverse of {@code E[φ φᵀ]} over label rows ({@code n x labelDim}), for {@link #adjustShift}. */
  public static RealMatrix inverseMoments(float[] labels, int labelDim) {
    int n = labels.length / labelDim;
    int p = basisSize(labelDim);
    double[][] moments = new double[p][p];
    double[] b = new double[p];
    for (int i = 0; i < n; i++) {
      basis(labels, i * labelDim, labelDim, b);
      for (int j = 0; j < p; j++) {
        for (int k = 0; k < p; k++) {
          moments[j][k] += b[j] * b[k] / n;
        }
      }
    }
    return LabelRegression.pseudoInverse(moments);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TotalDensity d && labelDim == d.labelDim && spec.equals(d.spec)
        && Arrays.equals(params, d.params) && Arrays.equals(baseline, d.baseline) && logTotalStd == d.logTotalStd
        && Arrays.equals(shift, d.shift) && java.util.Objects.equals(footprint, d.footprint)
        && footprintMean == d.footprintMean && footprintStd == d.footprintStd;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(params) * 31 + Arrays.hashCode(shift) * 17 + labelDim;
  }

  @Override
  public String toString() {
    return "TotalDensity[log-normal, network " + spec + " of " + labelDim + " labels"
        + (footprint == null ? "" : " and the summed lateral distribution") + "]";
  }
}
