package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.showers.generative.nn.DenseInference;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateContinuousSampler;
import org.hipparchus.special.Gamma;

/**
 * The conditional density of one event value given the labels, a generalised Gumbel distribution
 * fitted to the training events by maximum likelihood:
 *
 * <pre>
 *   x = b(y) + s · (μ(y) + σ(y) · g),   p(g) = λ^λ / Γ(λ) · exp(−λ g − λ e^(−g)),   λ = λ(y)
 * </pre>
 *
 * with μ, ln σ and ln λ the three outputs of a small dense network of the labels, {@code b} the
 * least-squares linear fit of {@code x} on the labels and {@code s} the rms of {@code x − b} (the
 * network's unit). It is drawn as {@code g = −ln(Y / λ)} with {@code Y ~ Gamma(λ)}.
 *
 * <p>Why this family: it is the form in which the depth of shower maximum's distribution is
 * parametrised from air-shower simulations (De Domenico et al., JCAP 07 (2013) 050): λ = 1 is the
 * Gumbel distribution, a light primary's long deep tail; large λ tends to a Gaussian, iron's.
 * Drawn from an explicit density, a surrogate's Xmax has the measured mean, width and tail at every
 * label, and the footprint can be generated given it (see {@link io.showers.generative.wgan.Generator#withDrawnValue}),
 * as the longitudinal development fixes the particles at the ground in a real shower.
 *
 * <p>An optional {@link Ceiling} bounds the value: {@code (pivot + unit · x) · y_j ≤ limit}. For the
 * air shower, Xmax · cos θ is the vertical depth of the maximum, and a simulator that keeps maxima
 * above the ground keeps it under the ground's vertical depth; the limit is the deepest in the
 * training events (the maximum-likelihood estimate of a truncation point). Draws beyond it are
 * redrawn. The fit leaves the truncation's normalisation out, which matters only for the few
 * near-vertical events whose maximum comes close to the ground.
 */
public final class GumbelDensity {
  /** Bounds on the network's log scale (in units of {@code s}) and log shape. */
  static final double MIN_LOG_SCALE = -8;
  static final double MAX_LOG_SCALE = 2;
  static final double MIN_LOG_SHAPE = Math.log(0.05);
  static final double MAX_LOG_SHAPE = Math.log(50);
  /** Standardised deviation below which the likelihood is held flat (see {@link #nllGradient}). */
  static final double MIN_Z = -20;
  /** Draws beyond the ceiling before the ceiling itself is returned (never reached in practice). */
  private static final int MAX_REDRAWS = 1000;

  /**
   * An upper bound {@code (pivot + unit · x) · y[label] ≤ limit} on the value {@code x}.
   *
   * @param label the label column that scales the physical value (the cosine of the zenith angle)
   * @param pivot the physical value at {@code x = 0}
   * @param unit the physical value's change per unit {@code x}
   * @param limit the bound, in the physical unit (NaN before it is fitted)
   */
  public record Ceiling(@JsonProperty(value = "label", required = true) int label,
      @JsonProperty(value = "pivot", required = true) double pivot,
      @JsonProperty(value = "unit", required = true) double unit,
      @JsonProperty(value = "limit", required = true) double limit) {
    @JsonCreator
    public Ceiling {
      if (label < 0 || !Double.isFinite(pivot) || !(unit > 0) || Double.isInfinite(limit)) {
        throw new IllegalArgumentException("invalid ceiling on label " + label + ": pivot " + pivot + ", unit " + unit
            + ", limit " + limit);
      }
    }

    double of(double x, float[] labels, int offset) {
      return (pivot + unit * x) * labels[offset + label];
    }

    /** The largest {@code x} allowed for the label row at {@code offset} (+∞ where the label is not positive). */
    double maxValue(float[] labels, int offset) {
      double c = labels[offset + label];
      return c > 0 ? (limit / c - pivot) / unit : Double.POSITIVE_INFINITY;
    }
  }

  private final int labelDim;
  private final DenseSpec spec;
  private final float[] params;
  private final double[] baseline;
  private final double spread;
  private final Ceiling ceiling;
  private final DenseNet net;
  private final ThreadLocal<DenseInference> inference = new ThreadLocal<>();

  /**
   * A density from its parts.
   *
   * @param labelDim labels per event
   * @param spec the network ({@code labelDim} inputs, 3 outputs: μ, ln σ, ln λ)
   * @param params its flat parameters
   * @param baseline {@code b}: intercept, then one coefficient per label
   * @param spread {@code s}
   * @param ceiling null, or the fitted bound on the value
   */
  @JsonCreator
  public GumbelDensity(@JsonProperty(value = "labelDim", required = true) int labelDim,
      @JsonProperty(value = "spec", required = true) DenseSpec spec,
      @JsonProperty(value = "params", required = true) float[] params,
      @JsonProperty(value = "baseline", required = true) double[] baseline,
      @JsonProperty(value = "spread", required = true) double spread, @JsonProperty("ceiling") Ceiling ceiling) {
    if (labelDim < 1 || spec == null || spec.inputSize() != labelDim || spec.outputSize() != 3 || params == null
        || params.length != spec.parameterCount() || baseline == null || baseline.length != labelDim + 1
        || Arrays.stream(baseline).anyMatch(v -> !Double.isFinite(v)) || !(spread > 0) || !Double.isFinite(spread)
        || ceiling != null && (ceiling.label() >= labelDim || !(ceiling.limit() > 0) || Double.isInfinite(ceiling.limit()))) {
      throw new IllegalArgumentException("invalid generalised-Gumbel density on " + labelDim + " labels: network "
          + spec + " with " + (params == null ? "no" : params.length) + " parameters, baseline "
          + Arrays.toString(baseline) + ", spread " + spread + ", ceiling " + ceiling);
    }
    LikelihoodFit.requireFinite(params, "generalised-Gumbel density");
    this.labelDim = labelDim;
    this.spec = spec;
    this.params = params.clone();
    this.baseline = baseline.clone();
    this.spread = spread;
    this.ceiling = ceiling;
    this.net = DenseNet.of(spec, this.params);
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

  @JsonProperty("spread")
  public double spread() {
    return spread;
  }

  @JsonProperty("ceiling")
  public Ceiling ceiling() {
    return ceiling;
  }

  /**
   * Fits the density to {@code values[i]} of events with labels {@code labels} ({@code n x labelDim},
   * row-major) by maximum likelihood, seeded by {@code seed}.
   *
   * @param ceiling null, or the form of the bound, whose limit is set to the largest over the events
   * @throws IllegalArgumentException if there are too few events or a value or label is not finite
   */
  public static GumbelDensity fit(double[] values, float[] labels, int labelDim, Ceiling ceiling, long seed) {
    int n = values.length;
    if (labelDim < 1 || labels.length != (long) n * labelDim) {
      throw new IllegalArgumentException(n + " values but " + labels.length + " label values for " + labelDim
          + " labels per event");
    }
    int minimum = 20 * (labelDim + 1);
    if (n < minimum) {
      throw new IllegalArgumentException("need at least " + minimum + " events to fit a density on " + labelDim
          + " labels, got " + n);
    }
    if (ceiling != null && ceiling.label() >= labelDim) {
      throw new IllegalArgumentException("a ceiling on label " + ceiling.label() + " of " + labelDim + " labels");
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("event " + i + " has a non-finite value " + values[i]
            + " to fit a density to");
      }
    }
    LikelihoodFit.Baseline baseline = LikelihoodFit.linear(labels, labelDim, IntStream.range(0, n).toArray(), values);
    double[] base = baseline.coefficients();
    double[] t = baseline.residuals();
    double s = baseline.rms();
    if (!(s > 0)) {
      throw new IllegalArgumentException("the values are an exact linear function of the labels; there is no spread"
          + " to fit a density to");
    }
    for (int i = 0; i < n; i++) {
      t[i] /= s;
    }
    DenseSpec spec = LikelihoodFit.network(labelDim, 3);
    float[] params = LikelihoodFit.fit(spec, labels, IntStream.range(0, n).toArray(), t,
        GumbelDensity::nllGradient, seed);
    Ceiling fitted = null;
    if (ceiling != null) {
      double limit = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        limit = Math.max(limit, ceiling.of(values[i], labels, i * labelDim));
      }
      fitted = new Ceiling(ceiling.label(), ceiling.pivot(), ceiling.unit(), limit);
    }
    return new GumbelDensity(labelDim, spec, params, base, s, fitted);
  }

  /**
   * d(−ln p)/d(μ, ln σ, ln λ) of one event, divided by the batch size. Below {@link #MIN_Z} (an
   * event tens of widths shallower than the location, early in a fit) {@code −ln p} is held flat in
   * μ and σ: its e^(−z) would overflow Adam's float moments.
   */
  static void nllGradient(float[] out, int o, double target, float[] dOut, int batch) {
    double mu = out[o];
    double ls = out[o + 1];
    double ll = out[o + 2];
    double sigma = Math.exp(clamp(ls, MIN_LOG_SCALE, MAX_LOG_SCALE));
    double lambda = Math.exp(clamp(ll, MIN_LOG_SHAPE, MAX_LOG_SHAPE));
    // −ln p = ln Γ(λ) − λ ln λ + ln σ + λ z + λ e^(−z), z = (t − μ) / σ
    double raw = (target - mu) / sigma;
    double z = Math.max(MIN_Z, raw);
    double ez = Math.exp(-z);
    double dz = raw < MIN_Z ? 0 : lambda * (1 - ez);
    dOut[o] = (float) (-dz / sigma / batch);
    dOut[o + 1] = inside(ls, MIN_LOG_SCALE, MAX_LOG_SCALE) ? (float) ((1 - z * dz) / batch) : 0f;
    dOut[o + 2] = inside(ll, MIN_LOG_SHAPE, MAX_LOG_SHAPE)
        ? (float) (lambda * (Gamma.digamma(lambda) - Math.log(lambda) - 1 + z + ez) / batch) : 0f;
  }

  /** −ln p of one event given its network outputs (μ, ln σ, ln λ) and standardised target. */
  static double negativeLogLikelihood(double mu, double logScale, double logShape, double target) {
    double sigma = Math.exp(clamp(logScale, MIN_LOG_SCALE, MAX_LOG_SCALE));
    double lambda = Math.exp(clamp(logShape, MIN_LOG_SHAPE, MAX_LOG_SHAPE));
    double z = Math.max(MIN_Z, (target - mu) / sigma);
    return Gamma.logGamma(lambda) - lambda * Math.log(lambda) + Math.log(sigma) + lambda * z + lambda * Math.exp(-z);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static boolean inside(double v, double lo, double hi) {
    return v >= lo && v <= hi;
  }

  /**
   * The distribution's parameters for the {@code n} label rows of {@code labels}: per event {@code
   * {location, scale, shape}} with {@code x = location + scale · g}, {@code g} of shape λ.
   */
  public double[][] parameters(float[] labels, int n) {
    if (labels == null || labels.length != (long) n * labelDim) {
      throw new IllegalArgumentException("a density on " + labelDim + " labels needs " + n + " label rows, got "
          + (labels == null ? 0 : labels.length) + " values");
    }
    double[][] out = new double[n][3];
    if (n == 0) {
      return out;
    }
    // in fixed GEMM blocks, so an event's parameters do not depend on the batch it comes in
    DenseInference d = DenseInference.ofThread(inference, net, n);
    System.arraycopy(labels, 0, d.input(), 0, n * labelDim);
    float[] r = d.run();
    for (int k = 0; k < n; k++) {
      double b = baseline[0];
      for (int j = 0; j < labelDim; j++) {
        b += baseline[1 + j] * labels[k * labelDim + j];
      }
      out[k][0] = b + spread * r[3 * k];
      out[k][1] = spread * Math.exp(clamp(r[3 * k + 1], MIN_LOG_SCALE, MAX_LOG_SCALE));
      out[k][2] = Math.exp(clamp(r[3 * k + 2], MIN_LOG_SHAPE, MAX_LOG_SHAPE));
    }
    return out;
  }

  /**
   * One value for each of the {@code n} label rows of {@code labels}, event {@code k}'s from its own
   * generator {@code new Rng(seeds[k])}, so a value does not depend on the batch.
   */
  public float[] draw(float[] labels, int n, long[] seeds) {
    if (seeds.length != n) {
      throw new IllegalArgumentException(n + " label rows but " + seeds.length + " seeds");
    }
    double[][] p = parameters(labels, n);
    float[] out = new float[n];
    for (int k = 0; k < n; k++) {
      if (!Double.isFinite(p[k][0]) || !Double.isFinite(p[k][1]) || !Double.isFinite(p[k][2])) {
        throw new IllegalArgumentException("non-finite labels at row " + k + " give no " + this);
      }
      Rng rng = new Rng(seeds[k]);
      double lambda = p[k][2];
      SharedStateContinuousSampler gamma = AhrensDieterMarsagliaTsangGammaSampler.of(rng::nextLong, lambda, 1);
      double max = ceiling == null ? Double.POSITIVE_INFINITY : ceiling.maxValue(labels, k * labelDim);
      double x = max;
      for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
        double v = p[k][0] - p[k][1] * Math.log(gamma.sample() / lambda);
        if (v <= max) {
          x = v;
          break;
        }
      }
      out[k] = (float) x;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GumbelDensity d && labelDim == d.labelDim && spec.equals(d.spec)
        && Arrays.equals(params, d.params) && Arrays.equals(baseline, d.baseline) && spread == d.spread
        && java.util.Objects.equals(ceiling, d.ceiling);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(params) * 31 + labelDim;
  }

  @Override
  public String toString() {
    return "GumbelDensity[generalised Gumbel, network " + spec + " of " + labelDim + " labels"
        + (ceiling == null ? "" : String.format(java.util.Locale.ROOT, ", (%.0f + %.0f x) label[%d] <= %.1f",
            ceiling.pivot(), ceiling.unit(), ceiling.label(), ceiling.limit())) + "]";
  }
}
