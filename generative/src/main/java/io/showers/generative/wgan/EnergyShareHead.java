package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.showers.generative.nn.Rng;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A parameter-free generator output layer that builds the first {@code groups × groupSize} columns
 * of an event, log-encoded amounts ({@code x = ln(1 + u) / logScale}), from a total, the share of
 * each group and the share of each cell within its group:
 *
 * <pre>
 *   u_gi = exp(t) · softmax(a)_g · softmax_g(c)_i,   t = t0 + r_total,  a = a0 + r_group,  c = c0 + r_cell
 * </pre>
 *
 * where {@code r} is the network's raw output ({@code cells} cell logits, then {@code passThrough}
 * values copied to the event's remaining columns, then {@code groups} group logits, then the log
 * total) and {@code t0, a0, c0} are priors fitted to the training events (the mean log total, the
 * log mean group share, the log mean cell share).
 *
 * <p>Why: a dense generator emitting every cell on its own makes the summed energy, the quantity
 * an energy calibration rests on, a sum of 1260 independent network outputs; its fluctuation
 * came out ten times the calorimeter's (5–8 %). Here the total and the layer profile are single
 * outputs the critic can judge directly, energy sharing is exact by construction, and the
 * priors start the generator at the mean shower, so its cells lie above the detector threshold
 * from the first step (a zero-suppressed cell passes no gradient).
 *
 * <p>With a {@link TotalDensity} the log total is not a network output but a draw from a density
 * fitted to the training events, {@code t = μ(y) + δ(y) + σ(y) z}, with {@code z} the generator's
 * first noise input: the total's spread at fixed labels is then the reference's by construction,
 * and the network, which sees {@code z}, shares the total out consistently with it. With a
 * {@link ProfileDensity} too, the group shares {@code softmax(a)} are drawn from it given {@code z}
 * and the generator's noise inputs 1 to {@code groups}, and the network's group logits are unused.
 *
 * <p>The backward pass is exact: with {@code s = ln u}, {@code dx/ds = sigmoid(s) / logScale},
 * and the log-softmax Jacobians give {@code dr_cell = δ_i − g_i D_g}, {@code dr_group = D_g − f_g T},
 * {@code dr_total = T}, where {@code δ = dL/ds}, {@code D_g} its group sum and {@code T} the total.
 * Each event is computed on its own, so results do not depend on the batch.
 *
 * @param logScale the encoding's divisor {@code L}
 * @param groups number of groups (calorimeter layers)
 * @param groupSize cells per group (contiguous)
 * @param passThrough event columns after the cells that the network emits directly (e.g. arrival times)
 * @param priorLogTotal {@code t0}, the mean of {@code ln Σu} over training events
 * @param priorGroupLogits {@code a0}, one per group
 * @param priorCellLogits {@code c0}, one per cell
 * @param cellSpread whether each cell logit also gets independent Gaussian noise {@code σ_g ε_i}, with a
 *     per-group spread {@code σ_g = 0.3 · exp(r_σ)} from {@code groups} more raw outputs (after the log total):
 *     the sampling fluctuations of single cells, which a few dozen noise inputs to a dense network cannot give
 *     1260 cells independently. {@code ε} is drawn from a stream seeded by the event's own raw output row, so it
 *     is a deterministic function of the event's noise and labels.
 * @param lateralPrior null, or per-event cell priors from the labels added to {@code c0} (see {@link
 *     LateralPrior}); the head then needs each event's labels
 * @param totalDensity null, or the density the log total is drawn from, {@code t = μ(y) + δ(y) + σ(y) z} with
 *     {@code z} the generator's first noise input as a standard normal (see {@link TotalDensity}); the network's
 *     log-total output is then unused (it gets no gradient) and the head needs each event's labels and {@code z}
 * @param profileDensity null, or (with a total density) the density the group shares are drawn from given the
 *     total's {@code z} and {@code groups} more standard normal draws {@code ε}, the generator's noise inputs 1 to
 *     {@code groups} (see {@link ProfileDensity}); the network's group logits are then unused
 * @param radialShares (with a lateral prior) whether the network corrects the cell logits only through a function of
 *     the shower-plane distance from the labelled core and its early–late asymmetry, {@code Σ_k (a_k + b_k cos ψ_i)
 *     h_k(ρ_i)} with hat functions {@code h_k} at {@link LateralPrior#RADIAL_KNOTS} knots in {@code ρ = ln(1 + r /
 *     coreRadius)} and {@code 2 × RADIAL_KNOTS} more raw outputs {@code (a, b)}, instead of cell by cell (its cell
 *     logits are then unused). Why: per-cell corrections are tied to the array, so a dense network must learn them
 *     anew at every core position; generated footprints with cores off the array's centre had a far-ring share
 *     scattering twice the simulator's. Radial corrections move with the core.
 * @param symmetricRadial (with radial shares) whether the corrections are symmetric about the core, {@code Σ_k a_k
 *     h_k(ρ_i)} with {@link LateralPrior#RADIAL_KNOTS} raw outputs: for a simulator whose signal depends on the
 *     distance from the axis alone (the toy air shower: the critic saw no asymmetry and the generator made up an
 *     early–late difference of ±25 % at 1 km from event to event)
 * @param countingSpread (with cell spread) whether each cell's spread also falls with its expected amount as a
 *     counting fluctuation does, {@code σ_i² = σ_g² + κ_g / ū_i} ({@code ū_i} the cell's amount without the noise, in
 *     the amount's unit: VEM for the air shower; {@code κ_g = exp(r_κ)} from {@code groups} more raw outputs, after
 *     the spreads; {@code σ_i} at most {@value #MAX_CELL_SPREAD}), and the noise keeps the cell's mean, {@code c_i =
 *     c̄_i + σ_i ε_i − σ_i² / 2}. Why: a station's signal is a count of particles, its relative fluctuation {@code
 *     ∝ 1/√S}; one spread for every station was three times the simulator's at the 50–200 VEM where S(1000) is
 *     measured, and too small near the trigger threshold.
 * @param anchorDistance 0, or (with one group, radial shares and a total density) the shower-plane distance, in the
 *     cell coordinates' unit, at which the lateral distribution's log amplitude is drawn from the density instead of
 *     the log total (see {@link #withAnchoredAmplitude})
 * @param totalRatioDensity null, or (anchored) the density of {@code ln(T / S)}, the noise-free total over the anchored
 *     amplitude, given the labels and {@code log10 S}; the stations inside the anchor are tilted to that total (see
 *     {@link #withTotalRatioDensity})
 * @param transversePrior null, or (without a lateral prior) per-event cell priors of a layered detector from the
 *     labelled impact point, added to {@code c0} (see {@link TransversePrior}); the head then needs each event's labels
 * @param fixedCounting null, or (with counting spread) the counting coefficient and flat spread fitted to the training
 *     events ({@link CountingNoise#fit}) for every event instead of the network's {@code r_σ}, {@code r_κ} (which are
 *     then unused and get no gradient)
 */
public record EnergyShareHead(double logScale, int groups, int groupSize, int passThrough, double priorLogTotal,
    double[] priorGroupLogits, float[] priorCellLogits, boolean cellSpread, LateralPrior lateralPrior,
    TotalDensity totalDensity, ProfileDensity profileDensity, boolean radialShares, boolean countingSpread,
    boolean symmetricRadial, double anchorDistance, TotalDensity totalRatioDensity, TransversePrior transversePrior,
    CountingNoise fixedCounting) {

  /** Largest log total allowed: keeps {@code exp(t)} finite in double precision whatever the network emits. */
  public static final double MAX_LOG_TOTAL = 600;
  /** Floor of a mean share before its logarithm: cells never hit in training start ~14 e-folds down. */
  private static final double SHARE_FLOOR = 1e-6;
  /** Cell-logit spread at a zero raw output: a 30 % log-normal fluctuation to start from. */
  private static final double SPREAD_PRIOR = 0.3;
  /** Bounds of the raw log spread (e^-10 … e^3 times the prior). */
  private static final double MIN_LOG_SPREAD = -10;
  private static final double MAX_LOG_SPREAD = 3;
  /** With counting spread: the flat part of the spread at a zero raw output (what is left beyond counting). */
  private static final double FLAT_SPREAD_PRIOR = 0.1;
  /** With counting spread: {@code κ} at a zero raw output, in the amount's unit (a Poisson count of unit deposits). */
  private static final double COUNTING_PRIOR = 1.0;
  /** With a total-ratio density: the bound of the tilt {@code Δ}, in log amount per unit of {@code ρ}. */
  private static final double MAX_TILT = 3.0;
  /** With counting spread: the largest spread of one cell's log amount (cells far below one unit). */
  private static final double MAX_CELL_SPREAD = 2.0;

  /** Validates the settings. */
  @JsonCreator
  public EnergyShareHead(@JsonProperty("logScale") double logScale, @JsonProperty("groups") int groups,
      @JsonProperty("groupSize") int groupSize, @JsonProperty("passThrough") int passThrough,
      @JsonProperty("priorLogTotal") double priorLogTotal,
      @JsonProperty("priorGroupLogits") double[] priorGroupLogits,
      @JsonProperty("priorCellLogits") float[] priorCellLogits,
      @JsonProperty("cellSpread") boolean cellSpread, @JsonProperty("lateralPrior") LateralPrior lateralPrior,
      @JsonProperty("totalDensity") TotalDensity totalDensity,
      @JsonProperty("profileDensity") ProfileDensity profileDensity,
      @JsonProperty("radialShares") boolean radialShares,
      @JsonProperty("countingSpread") boolean countingSpread,
      @JsonProperty("symmetricRadial") boolean symmetricRadial,
      @JsonProperty("anchorDistance") double anchorDistance,
      @JsonProperty("totalRatioDensity") TotalDensity totalRatioDensity,
      @JsonProperty("transversePrior") TransversePrior transversePrior,
      @JsonProperty("fixedCounting") CountingNoise fixedCounting) {
    if (!(logScale > 0) || groups < 1 || groupSize < 1 || passThrough < 0 || !Double.isFinite(priorLogTotal)
        || priorGroupLogits == null || priorGroupLogits.length != groups
        || priorCellLogits == null || priorCellLogits.length != (long) groups * groupSize) {
      throw new IllegalArgumentException("invalid energy-share head: logScale " + logScale + ", " + groups
          + " groups of " + groupSize + ", " + passThrough + " pass-through, prior total " + priorLogTotal + ", "
          + (priorGroupLogits == null ? "no" : priorGroupLogits.length) + " group priors, "
          + (priorCellLogits == null ? "no" : priorCellLogits.length) + " cell priors");
    }
    for (double v : priorGroupLogits) {
      requireFinite(v);
    }
    if (lateralPrior != null && lateralPrior.cells() != (long) groups * groupSize) {
      throw new IllegalArgumentException("a lateral prior of " + lateralPrior.cells() + " cells does not fit "
          + groups + " groups of " + groupSize);
    }
    for (float v : priorCellLogits) {
      requireFinite(v);
    }
    if (profileDensity != null && (totalDensity == null || profileDensity.groups() != groups)) {
      throw new IllegalArgumentException(profileDensity + " needs a total density and " + groups + " groups, got "
          + (totalDensity == null ? "no total density" : profileDensity.groups() + " fractions"));
    }
    if (transversePrior != null && (lateralPrior != null || transversePrior.layers() != groups
        || (long) transversePrior.rows() * transversePrior.cols() != groupSize)) {
      throw new IllegalArgumentException("a transverse prior of " + transversePrior.layers() + " layers of "
          + transversePrior.rows() + " × " + transversePrior.cols() + " cells needs " + groups + " groups of "
          + groupSize + " and no lateral prior" + (lateralPrior == null ? "" : " (this head has one)"));
    }
    if (radialShares && lateralPrior == null) {
      throw new IllegalArgumentException("radial share corrections need a lateral prior (the shower core and axis)");
    }
    if (symmetricRadial && !radialShares) {
      throw new IllegalArgumentException("symmetric radial corrections need radial shares");
    }
    if (countingSpread && !cellSpread) {
      throw new IllegalArgumentException("counting spread is a form of cell spread: it needs cellSpread");
    }
    if (fixedCounting != null && !countingSpread) {
      throw new IllegalArgumentException("a fixed " + fixedCounting + " needs counting spread");
    }
    if (!(anchorDistance >= 0) || Double.isInfinite(anchorDistance)
        || anchorDistance > 0 && (groups != 1 || !radialShares || totalDensity == null)) {
      throw new IllegalArgumentException("an amplitude anchored at a reference distance (" + anchorDistance
          + ") must be finite and positive and needs one group (got " + groups + "), radial shares and a density to"
          + " draw the amplitude from" + (radialShares ? "" : "; no radial shares") + (totalDensity == null ? "; no density" : ""));
    }
    if (totalRatioDensity != null && (anchorDistance == 0 || totalRatioDensity.labelDim() != totalDensity.labelDim() + 1)) {
      throw new IllegalArgumentException("a density of the total's ratio to the amplitude needs an anchored amplitude"
          + " and one label more than the amplitude's density: " + totalRatioDensity);
    }
    this.logScale = logScale;
    this.groups = groups;
    this.groupSize = groupSize;
    this.passThrough = passThrough;
    this.priorLogTotal = priorLogTotal;
    this.priorGroupLogits = priorGroupLogits.clone();
    this.priorCellLogits = priorCellLogits.clone();
    this.cellSpread = cellSpread;
    this.lateralPrior = lateralPrior;
    this.totalDensity = totalDensity;
    this.profileDensity = profileDensity;
    this.radialShares = radialShares;
    this.countingSpread = countingSpread;
    this.symmetricRadial = symmetricRadial;
    this.anchorDistance = anchorDistance;
    this.totalRatioDensity = totalRatioDensity;
    this.transversePrior = transversePrior;
    this.fixedCounting = fixedCounting;
  }

  /** A head without cell spread or lateral prior. */
  public EnergyShareHead(double logScale, int groups, int groupSize, int passThrough, double priorLogTotal,
      double[] priorGroupLogits, float[] priorCellLogits) {
    this(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits, priorCellLogits, false, null, null, null,
        false, false, false, 0, null, null, null);
  }

  /** This head with (or without) per-cell spread. */
  public EnergyShareHead withCellSpread(boolean spread) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        priorCellLogits, spread, lateralPrior, totalDensity, profileDensity, radialShares, countingSpread && spread,
        symmetricRadial, anchorDistance, totalRatioDensity, transversePrior, spread ? fixedCounting : null);
  }

  /** This head with (or without) counting spread; with it, the head also has cell spread. */
  public EnergyShareHead withCountingSpread(boolean counting) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        priorCellLogits, cellSpread || counting, lateralPrior, totalDensity, profileDensity, radialShares, counting,
        symmetricRadial, anchorDistance, totalRatioDensity, transversePrior, counting ? fixedCounting : null);
  }

  /**
   * This head (with counting spread) with the counting coefficient and flat spread fixed to {@code noise} for every
   * event (null: set by the network).
   */
  public EnergyShareHead withFixedCounting(CountingNoise noise) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        priorCellLogits, cellSpread, lateralPrior, totalDensity, profileDensity, radialShares, countingSpread,
        symmetricRadial, anchorDistance, totalRatioDensity, transversePrior, noise);
  }

  /**
   * This head with per-event cell priors from the labels instead of the fixed mean shares: {@code
   * c0} becomes 0 (the mean footprint over all cores would count the fall-off twice).
   */
  public EnergyShareHead withLateralPrior(LateralPrior prior) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        new float[priorCellLogits.length], cellSpread, prior, totalDensity, profileDensity, radialShares && prior != null,
        countingSpread, symmetricRadial && prior != null, prior == null ? 0 : anchorDistance,
        prior == null ? null : totalRatioDensity, transversePrior, fixedCounting);
  }

  /**
   * This head with per-event cell priors from the impact point (see {@link TransversePrior}) instead of the fixed mean
   * shares: {@code c0} becomes 0 (the mean over all impact points would blur the profile twice); null: none.
   */
  public EnergyShareHead withTransversePrior(TransversePrior prior) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        prior == null ? priorCellLogits : new float[priorCellLogits.length], cellSpread, lateralPrior, totalDensity,
        profileDensity, radialShares, countingSpread, symmetricRadial, anchorDistance, totalRatioDensity, prior, fixedCounting);
  }

  /** This head with its log total drawn from {@code density} (null: emitted by the network). */
  public EnergyShareHead withTotalDensity(TotalDensity density) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        priorCellLogits, cellSpread, lateralPrior, density, density == null ? null : profileDensity, radialShares,
        countingSpread, symmetricRadial, density == null ? 0 : anchorDistance, density == null ? null : totalRatioDensity, transversePrior, fixedCounting);
  }

  /** This head with its group shares drawn from {@code density} (null: emitted by the network); needs a total density. */
  public EnergyShareHead withProfileDensity(ProfileDensity density) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        priorCellLogits, cellSpread, lateralPrior, totalDensity, density, radialShares, countingSpread, symmetricRadial,
        anchorDistance, totalRatioDensity, transversePrior, fixedCounting);
  }

  /** This head with (or without) radial share corrections; needs a lateral prior. */
  public EnergyShareHead withRadialShares(boolean radial) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        priorCellLogits, cellSpread, lateralPrior, totalDensity, profileDensity, radial, countingSpread,
        symmetricRadial && radial, radial ? anchorDistance : 0, radial ? totalRatioDensity : null, transversePrior, fixedCounting);
  }

  /** This head's radial corrections without (or with) their early–late asymmetry; needs radial shares. */
  public EnergyShareHead withSymmetricRadial(boolean symmetric) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        priorCellLogits, cellSpread, lateralPrior, totalDensity, profileDensity, radialShares, countingSpread, symmetric,
        anchorDistance, totalRatioDensity, transversePrior, fixedCounting);
  }

  /**
   * This head with the lateral distribution's log amplitude at shower-plane distance {@code distance} (in the cell
   * coordinates' unit; 0 for none) drawn from {@code density} instead of the log total: {@code u_i = exp(t + c_i −
   * ℓ(distance))} with {@code ℓ} the lateral prior plus the radial corrections, so the amplitude at the anchor is
   * {@code exp(t)} whatever the network's corrections, and the total follows from the cells. Needs one group and
   * radial shares; fit the density to {@link #logAmplitudes}. Why: an air shower's energy estimator is S(1000), the
   * signal at 1 km, not the total; drawn as a total, S(1000)'s share of it came from the network and scattered
   * 1.5× the simulator's at fixed labels.
   */
  public EnergyShareHead withAnchoredAmplitude(TotalDensity density, double distance) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        priorCellLogits, cellSpread, lateralPrior, density, density == null ? null : profileDensity, radialShares,
        countingSpread, symmetricRadial, density == null ? 0 : distance, null, transversePrior, fixedCounting);
  }

  /**
   * This anchored head with the log ratio of the noise-free total to the anchored amplitude, {@code ln(T / S)}, drawn
   * from {@code density} (null: none) given the labels and {@code log10 S} as one more label (see {@link
   * #ratioLabels}), from the generator's second noise input: the stations inside the anchor distance are tilted by
   * {@code exp(Δ · (ρ_ref − ρ_i))}, {@code Δ} solved per event so the cells add up to {@code T}. Why: with the
   * amplitude drawn, the total followed from the network's lateral shape and scattered 1.6× the simulator's at fixed
   * S(1000) above 30 EeV, where the total is the sharper energy estimator. The ratio's mean is corrected during
   * training for what falls under the threshold as a function of the labels alone (a correction conditioned on the
   * noisy amplitude estimates too diverged).
   */
  public EnergyShareHead withTotalRatioDensity(TotalDensity density) {
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, priorLogTotal, priorGroupLogits,
        priorCellLogits, cellSpread, lateralPrior, totalDensity, profileDensity, radialShares, countingSpread,
        symmetricRadial, anchorDistance, density, transversePrior, fixedCounting);
  }

  /**
   * Label rows for {@link #totalRatioDensity}: each event's {@code labelDim} labels, then {@code log10} of its
   * amplitude {@code exp(logAmplitudes[k])} (0 where that is not finite).
   */
  public static float[] ratioLabels(float[] labels, int labelDim, double[] logAmplitudes) {
    int n = logAmplitudes.length;
    float[] out = new float[n * (labelDim + 1)];
    for (int k = 0; k < n; k++) {
      System.arraycopy(labels, k * labelDim, out, k * (labelDim + 1), labelDim);
      double a = logAmplitudes[k] / Math.log(10);
      out[k * (labelDim + 1) + labelDim] = Double.isFinite(a) ? (float) a : 0f;
    }
    return out;
  }

  /** Whether the density draws the amplitude at {@link #anchorDistance} rather than the total. */
  public boolean anchored() {
    return anchorDistance > 0;
  }

  /**
   * Each encoded event's log amplitude at shower-plane distance {@code distance} ({@link
   * LateralPrior#logAmplitudeAt}, with this head's lateral prior), {@code −∞} for an empty event.
   *
   * @param encoded events ({@code n × eventDim}, row-major)
   * @param labels their encoded labels ({@code n × labelDim}, row-major)
   */
  public double[] logAmplitudes(float[] encoded, float[] labels, double distance) {
    if (lateralPrior == null) {
      throw new IllegalArgumentException("an amplitude at a reference distance needs a lateral prior: " + this);
    }
    int n = encoded.length / eventDim();
    int labelDim = labelWidth(labels, n);
    double[] amounts = new double[cells()];
    double[] scratch = new double[cells()];
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < cells(); i++) {
        amounts[i] = amountOf(encoded[k * eventDim() + i], logScale);
      }
      out[k] = lateralPrior.logAmplitudeAt(amounts, 0, labels, k * labelDim, distance, scratch);
    }
    return out;
  }

  /** The amount {@code u} of a cell encoded as {@code x = ln(1 + u) / logScale} (negative {@code x}: empty). */
  static double amountOf(float encoded, double logScale) {
    return Math.expm1(Math.max(0, encoded) * logScale);
  }

  /** Label columns the head reads per event (0 without a lateral or transverse prior or densities). */
  public int labelsRead() {
    int priors = Math.max(lateralPrior == null ? 0 : lateralPrior.labelsRead(),
        transversePrior == null ? 0 : transversePrior.labelsRead());
    return Math.max(Math.max(priors,
        totalDensity == null ? 0 : totalDensity.labelDim()), profileDensity == null ? 0 : profileDensity.labelsRead());
  }

  /**
   * The standard normal draws {@link #apply} needs per event, the generator's first noise inputs:
   * 0, 1 with a total density ({@code z}), {@code 1 + groups} with a profile density too ({@code z, ε}).
   */
  public int densityNoiseDim() {
    return totalDensity == null ? 0 : 1 + (profileDensity == null ? 0 : groups) + (totalRatioDensity == null ? 0 : 1);
  }

  /** {@code ln Σu} over the cells of each encoded event ({@code n x eventDim}, row-major); −∞ for an empty event. */
  public double[] logTotals(float[] encoded) {
    return logTotalsOfGroupAmounts(groupAmounts(encoded));
  }

  /** {@code ln Σu} of each event from its {@link #groupAmounts} ({@code n x groups}); −∞ for an empty event. */
  public double[] logTotalsOfGroupAmounts(double[] amounts) {
    double[] out = new double[amounts.length / groups];
    for (int k = 0; k < out.length; k++) {
      double total = 0;
      for (int g = 0; g < groups; g++) {
        total += amounts[k * groups + g];
      }
      out[k] = Math.log(total);
    }
    return out;
  }

  /** {@code Σu} over each group of each encoded event ({@code n x eventDim}, row-major), as {@code n x groups}. */
  public double[] groupAmounts(float[] encoded) {
    int n = encoded.length / eventDim();
    double[] out = new double[n * groups];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < cells(); i++) {
        out[k * groups + i / groupSize] += amountOf(encoded[k * eventDim() + i], logScale);
      }
    }
    return out;
  }

  private static void requireFinite(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("energy-share head priors must be finite, got " + v);
    }
  }

  /**
   * The head with priors fitted to encoded training events ({@code n × (groups·groupSize +
   * passThrough)}, row-major, the cells encoded as {@code x = ln(1 + u) / logScale}).
   */
  public static EnergyShareHead fit(float[] encoded, int groups, int groupSize, int passThrough, double logScale) {
    int cells = groups * groupSize;
    int width = cells + passThrough;
    int n = encoded.length / width;
    if (n < 1 || encoded.length != (long) n * width) {
      throw new IllegalArgumentException("expected rows of " + width + " values, got " + encoded.length);
    }
    double sumLogTotal = 0;
    int withEnergy = 0;
    double[] groupShare = new double[groups];
    double[] cellShare = new double[cells];
    double[] u = new double[cells];
    double[] groupSum = new double[groups];
    for (int k = 0; k < n; k++) {
      double total = 0;
      Arrays.fill(groupSum, 0);
      for (int i = 0; i < cells; i++) {
        u[i] = amountOf(encoded[k * width + i], logScale);
        groupSum[i / groupSize] += u[i];
      }
      for (double g : groupSum) {
        total += g;
      }
      if (total <= 0) {
        continue; // an empty event has no shares
      }
      withEnergy++;
      sumLogTotal += Math.log(total);
      for (int g = 0; g < groups; g++) {
        groupShare[g] += groupSum[g] / total;
      }
      for (int i = 0; i < cells; i++) {
        double gs = groupSum[i / groupSize];
        cellShare[i] += gs > 0 ? u[i] / gs : 1.0 / groupSize;
      }
    }
    if (withEnergy == 0) {
      throw new IllegalArgumentException("no training event deposits any energy; cannot fit the energy shares");
    }
    double[] a0 = new double[groups];
    for (int g = 0; g < groups; g++) {
      a0[g] = Math.log(groupShare[g] / withEnergy + SHARE_FLOOR);
    }
    float[] c0 = new float[cells];
    for (int i = 0; i < cells; i++) {
      c0[i] = (float) Math.log(cellShare[i] / withEnergy + SHARE_FLOOR);
    }
    return new EnergyShareHead(logScale, groups, groupSize, passThrough, sumLogTotal / withEnergy, a0, c0);
  }

  /** Columns built from shares. */
  public int cells() {
    return groups * groupSize;
  }

  /** Event width: the cells, then the pass-through columns. */
  public int eventDim() {
    return cells() + passThrough;
  }

  /**
   * Raw network outputs per event: cell logits, pass-through values, group logits, log total, then the log spreads
   * (with cell spread, one per group), the log counting coefficients {@code ln κ_g} (with counting spread, one per
   * group), then the radial corrections {@code a_0 .. a_7, b_0 .. b_7} (with radial shares; the {@code b_k} only
   * without symmetric corrections).
   */
  public int rawDim() {
    return radialOffset() + (radialShares ? (symmetricRadial ? 1 : 2) * LateralPrior.RADIAL_KNOTS : 0);
  }

  /** Raw column of the first radial correction {@code a_0} (the {@code b_k} follow the {@code a_k}). */
  private int radialOffset() {
    return countingOffset() + (countingSpread ? groups : 0);
  }

  /** Raw column of the first log counting coefficient (after the log spreads). */
  private int countingOffset() {
    return eventDim() + groups + 1 + (cellSpread ? groups : 0);
  }

  @Override
  public double[] priorGroupLogits() {
    return priorGroupLogits.clone();
  }

  @Override
  public float[] priorCellLogits() {
    return priorCellLogits.clone();
  }

  /** Events ({@code n × eventDim}) from raw outputs ({@code n × rawDim}); for a head that reads no labels. */
  public INDArray apply(INDArray raw) {
    return apply(raw, null);
  }

  /** Events ({@code n × eventDim}) from raw outputs ({@code n × rawDim}) and the events' labels ({@code n × labelDim}). */
  public INDArray apply(INDArray raw, INDArray labels) {
    return apply(raw, labels, null);
  }

  /**
   * As {@link #apply(INDArray, INDArray)}, with each event's {@link #densityNoiseDim()} standard
   * normal draws (row-major; needed with a {@link #totalDensity()}, else may be null).
   */
  public INDArray apply(INDArray raw, INDArray labels, float[] densityNoise) {
    int n = rows(raw);
    float[] r = raw.dup('c').data().asFloat();
    float[] out = new float[n * eventDim()];
    apply(r, out, n, null, rowMajorLabels(labels, n), densityNoise, null);
    return Nd4j.create(out, new long[] {n, eventDim()}, 'c');
  }

  /** Writes the events of {@code n} raw rows ({@code raw}, row-major) into {@code out}; for a head that reads no labels. */
  public void apply(float[] raw, float[] out, int n) {
    apply(raw, out, n, null, null, null, null);
  }

  /**
   * As {@link #apply(float[], float[], int)}, with the events' labels ({@code n × labelDim},
   * row-major; null for a head that reads none), but cells whose amount is below {@code floor[k]}
   * (in the amount's unit; null for none) are written as 0 without their logarithm: for
   * inference, where the detector threshold will remove them anyway and most cells of a shower
   * lie far below it. The caller chooses a floor a safe margin below the threshold.
   */
  public void apply(float[] raw, float[] out, int n, double[] floor, float[] labels) {
    apply(raw, out, n, floor, labels, null, null);
  }

  /** As above, with each event's density noise ({@link #densityNoiseDim()} per event; null without densities). */
  public void apply(float[] raw, float[] out, int n, double[] floor, float[] labels, float[] densityNoise) {
    apply(raw, out, n, floor, labels, densityNoise, null);
  }

  /** As above, with the cell-spread streams seeded by {@code seeds[k]} (null: by each raw row). */
  void apply(float[] raw, float[] out, int n, double[] floor, float[] labels, float[] densityNoise, long[] seeds) {
    int labelDim = labelWidth(labels, n);
    double[] logTotals = drawnLogTotals(labels, labelDim, n, densityNoise);
    double[] targets = drawnTotalTargets(labels, labelDim, n, densityNoise, logTotals);
    // events are independent (each its own scratch and noise stream): blocks of them on all cores, the same result
    // for any number of threads; the head costs more than the network at inference
    int blocks = (n + PARALLEL_BLOCK - 1) / PARALLEL_BLOCK;
    IntStream.range(0, blocks).parallel().forEach(b -> {
      Work w = new Work();
      for (int k = b * PARALLEL_BLOCK; k < Math.min(n, (b + 1) * PARALLEL_BLOCK); k++) {
        w.targetLogTotal = targets == null ? Double.NaN : targets[k];
        w.forward(raw, k * rawDim(), seeds == null ? rowSeed(raw, k * rawDim()) : seeds[k], labels, k * labelDim,
            logTotals == null ? Double.NaN : logTotals[k], densityNoise, k * densityNoiseDim());
        int o = k * eventDim();
        double f = floor == null ? Double.NEGATIVE_INFINITY : floor[k];
        for (int i = 0; i < cells(); i++) {
          out[o + i] = w.u[i] < f ? 0f : (float) (Math.log1p(w.u[i]) / logScale);
        }
        System.arraycopy(raw, k * rawDim() + cells(), out, o + cells(), passThrough);
      }
    });
  }

  /** Events per parallel task of {@link #apply}. */
  private static final int PARALLEL_BLOCK = 64;

  /**
   * The gradient w.r.t. the raw outputs ({@code n × rawDim}) given the gradient {@code dEvents}
   * w.r.t. {@link #apply}'s events ({@code n × eventDim}).
   */
  public INDArray backward(INDArray raw, INDArray dEvents) {
    return backward(raw, dEvents, null, null);
  }

  /** As above, with the events' labels (needed with a lateral prior, which shifts the shares). */
  public INDArray backward(INDArray raw, INDArray dEvents, INDArray labels) {
    return backward(raw, dEvents, labels, null, null);
  }

  /** As above, with each event's density noise ({@link #densityNoiseDim()} per event; null without densities). */
  public INDArray backward(INDArray raw, INDArray dEvents, INDArray labels, float[] densityNoise) {
    return backward(raw, dEvents, labels, densityNoise, null);
  }

  /** As above, with the cell-spread streams seeded by {@code seeds[k]} (null: by each raw row). */
  INDArray backward(INDArray raw, INDArray dEvents, INDArray labelArray, float[] densityNoise, long[] seeds) {
    int n = rows(raw);
    float[] labels = rowMajorLabels(labelArray, n);
    int labelDim = labelWidth(labels, n);
    double[] logTotals = drawnLogTotals(labels, labelDim, n, densityNoise);
    double[] targets = drawnTotalTargets(labels, labelDim, n, densityNoise, logTotals);
    if (dEvents.rows() != n || dEvents.columns() != eventDim()) {
      throw new IllegalArgumentException("event gradient " + Arrays.toString(dEvents.shape())
          + " does not match " + n + " x " + eventDim());
    }
    float[] r = raw.dup('c').data().asFloat();
    float[] d = dEvents.dup('c').data().asFloat();
    float[] dr = new float[n * rawDim()];
    Work w = new Work();
    double[] delta = new double[cells()];
    double[] groupDelta = new double[groups];
    double[] dNoisyLogit = new double[cells()];
    double[] amountDelta = new double[groups];
    double[] amountGradient = countingSpread ? new double[cells()] : null;
    for (int k = 0; k < n; k++) {
      w.targetLogTotal = targets == null ? Double.NaN : targets[k];
      w.forward(r, k * rawDim(), seeds == null ? rowSeed(r, k * rawDim()) : seeds[k], labels, k * labelDim,
          logTotals == null ? Double.NaN : logTotals[k], densityNoise, k * densityNoiseDim());
      double total = 0;
      Arrays.fill(groupDelta, 0);
      for (int i = 0; i < cells(); i++) {
        // dx/ds = u / ((1 + u) L), the logistic function of s = ln u
        delta[i] = d[k * eventDim() + i] * (w.u[i] / (1 + w.u[i])) / logScale;
        groupDelta[i / groupSize] += delta[i];
      }
      for (double g : groupDelta) {
        total += g;
      }
      int o = k * rawDim();
      for (int i = 0; i < cells(); i++) {
        dNoisyLogit[i] = anchored() ? (w.amountClamped[i] ? 0 : delta[i])
            : delta[i] - w.share(i) * groupDelta[i / groupSize];
      }
      // counting spread: σ_i depends on the noise-free amount ū_i = T G_g p̄_i, so the noise-free logits, group
      // logits and total take the gradient through ln ū too (amountDelta)
      double amountTotal = countingSpread ? countingBackward(w, dNoisyLogit, o, dr, amountGradient, amountDelta) : 0;
      for (int i = 0; i < cells(); i++) {
        int g = i / groupSize;
        // anchored amounts are exp(t + c_i − ℓ(r_ref)), no softmax: the noise-free amount's gradient goes to c_i whole
        double dLogit = !countingSpread ? dNoisyLogit[i]
            : dNoisyLogit[i] + amountGradient[i] - (anchored() ? 0 : w.meanShare[i] * amountDelta[g]);
        if (cellSpread && !countingSpread) {
          // d c_i / d r_σg = σ_g ε_i (zero where the clamp of the log spread acts)
          double ds = w.spreadClamped[g] ? 0 : dLogit * w.spread[g] * w.epsilon[i];
          dr[o + eventDim() + groups + 1 + g] += (float) ds;
        }
        dNoisyLogit[i] = dLogit; // from here on the gradient of the noise-free logit
      }
      if (totalRatioDensity != null) {
        w.tiltBackward(dNoisyLogit);
      }
      double anchorGradient = 0;
      for (int i = 0; i < cells(); i++) {
        double dLogit = dNoisyLogit[i];
        anchorGradient -= dLogit;
        if (radialShares) {
          // the cell logits are unused; the corrections at the two knots around the cell's ρ take the gradient
          int a = o + radialOffset() + w.knot[i];
          int b = a + LateralPrior.RADIAL_KNOTS;
          double lower = (1 - w.weight[i]) * dLogit;
          double upper = w.weight[i] * dLogit;
          dr[a] += (float) lower;
          dr[a + 1] += (float) upper;
          if (!symmetricRadial) {
            dr[b] += (float) (lower * w.cosPsi[i]);
            dr[b + 1] += (float) (upper * w.cosPsi[i]);
          }
        } else {
          dr[o + i] = (float) dLogit;
        }
      }
      if (anchored()) {
        // ℓ(r_ref) is subtracted from every cell: its two knots take minus the cells' summed gradient
        int a = o + radialOffset() + w.anchorKnot;
        dr[a] += (float) ((1 - w.anchorWeight) * anchorGradient);
        dr[a + 1] += (float) (w.anchorWeight * anchorGradient);
      }
      for (int g = 0; g < groups; g++) {
        // drawn shares: the network's group logits are unused and get no gradient
        double throughAmounts = countingSpread ? amountDelta[g] - w.groupShare[g] * amountTotal : 0;
        dr[o + eventDim() + g] = profileDensity != null || anchored() ? 0f
            : (float) (groupDelta[g] - w.groupShare[g] * total + throughAmounts);
      }
      // the clamp of the log total passes no gradient where it acts, nor does an unused output
      dr[o + eventDim() + groups] = w.clamped || totalDensity != null ? 0f : (float) (total + amountTotal);
      System.arraycopy(d, k * eventDim() + cells(), dr, o + cells(), passThrough);
    }
    return Nd4j.create(dr, new long[] {n, rawDim()}, 'c');
  }

  /**
   * The counting spread's part of one event's backward pass, given {@code dNoisy = dL/dc} (the noisy logits): adds
   * the gradients of the log spreads and log counting coefficients to {@code dr} (row offset {@code o}), leaves
   * {@code dL/d ln ū_i} in {@code amountGradient} and its group sums in {@code amountDelta}, and returns their total
   * (the gradient of the log total through the amounts).
   */
  private double countingBackward(Work w, double[] dNoisy, int o, float[] dr, double[] amountGradient,
      double[] amountDelta) {
    Arrays.fill(amountDelta, 0);
    double sum = 0;
    for (int i = 0; i < cells(); i++) {
      int g = i / groupSize;
      amountGradient[i] = 0;
      if (w.cellSigmaClamped[i]) {
        continue; // a clamped spread depends on nothing
      }
      // c_i = c̄_i + σ_i ε_i − σ_i²/2, σ_i² = s_g² + κ_g / ū_i
      double dSigma = dNoisy[i] * (w.epsilon[i] - w.cellSigma[i]);
      if (!w.spreadClamped[g]) {
        dr[o + eventDim() + groups + 1 + g] += (float) (dSigma * w.spread[g] * w.spread[g] / w.cellSigma[i]);
      }
      double dLnKappa = dSigma * w.counting[g] / (2 * w.cellSigma[i] * w.meanAmount[i]);
      if (!w.countingClamped[g]) {
        dr[o + countingOffset() + g] += (float) dLnKappa;
      }
      amountGradient[i] = -dLnKappa;
      amountDelta[g] -= dLnKappa;
      sum -= dLnKappa;
    }
    return sum;
  }

  private int rows(INDArray raw) {
    if (raw.rank() != 2 || raw.columns() != rawDim()) {
      throw new IllegalArgumentException("expected raw outputs of shape [n, " + rawDim() + "], got "
          + Arrays.toString(raw.shape()));
    }
    return (int) raw.rows();
  }

  private float[] rowMajorLabels(INDArray labels, int n) {
    if (labelsRead() == 0) {
      return null;
    }
    if (labels == null || labels.rows() != n) {
      throw new IllegalArgumentException(this + " needs the " + n + " events' labels");
    }
    return labels.dup('c').data().asFloat();
  }

  /** Labels per event in {@code labels} (0 when the head reads none). */
  private int labelWidth(float[] labels, int n) {
    if (labelsRead() == 0) {
      return 0;
    }
    if (labels == null || n == 0 || labels.length % n != 0 || labels.length / n < labelsRead()) {
      throw new IllegalArgumentException(this + " needs at least " + labelsRead() + " labels per event for " + n
          + " events, got " + (labels == null ? "none" : labels.length + " values"));
    }
    return labels.length / n;
  }

  /** The log totals drawn from the density for {@code n} events (null without one). */
  private double[] drawnLogTotals(float[] labels, int labelWidth, int n, float[] densityNoise) {
    if (totalDensity == null) {
      return null;
    }
    if (densityNoise == null || densityNoise.length < (long) n * densityNoiseDim()) {
      throw new IllegalArgumentException(this + " draws from densities and needs " + densityNoiseDim()
          + " noise values for each of " + n + " events, got "
          + (densityNoise == null ? "none" : densityNoise.length + " values"));
    }
    if (labelWidth != totalDensity.labelDim()) {
      throw new IllegalArgumentException(totalDensity + " needs rows of " + totalDensity.labelDim() + " labels, got "
          + labelWidth);
    }
    return totalDensity.logTotals(labels, n, densityNoise, densityNoiseDim());
  }

  /**
   * With a {@link #totalRatioDensity}, each event's log total {@code ln S + ln(T / S)}: the ratio drawn given the
   * labels and the drawn amplitude {@code ln S} ({@code logAmplitudes}), from each event's second density noise value;
   * else null.
   */
  private double[] drawnTotalTargets(float[] labels, int labelDim, int n, float[] densityNoise, double[] logAmplitudes) {
    if (totalRatioDensity == null) {
      return null;
    }
    float[] z = new float[n];
    for (int k = 0; k < n; k++) {
      z[k] = densityNoise[k * densityNoiseDim() + 1];
    }
    double[] ratios = totalRatioDensity.logTotals(ratioLabels(labels, labelDim, logAmplitudes), n, z);
    for (int k = 0; k < n; k++) {
      ratios[k] += logAmplitudes[k];
    }
    return ratios;
  }

  /** Per-thread scratch of one event's forward pass. */
  private final class Work {
    final double[] u = new double[cells()];
    final double[] cellShare = new double[cells()];
    final double[] groupShare = new double[groups];
    final double[] groupNorm = new double[groups];
    final double[] epsilon = cellSpread ? new double[cells()] : null;
    final double[] spread = new double[groups];
    final boolean[] spreadClamped = new boolean[groups];
    final double[] counting = countingSpread ? new double[groups] : null;
    final boolean[] countingClamped = countingSpread ? new boolean[groups] : null;
    final double[] meanShare = countingSpread ? new double[cells()] : null;
    final double[] meanAmount = countingSpread ? new double[cells()] : null;
    final double[] cellSigma = countingSpread ? new double[cells()] : null;
    final boolean[] cellSigmaClamped = countingSpread ? new boolean[cells()] : null;
    final double[] lateral = lateralPrior == null && transversePrior == null ? null : new double[cells()];
    final double[] distance = lateralPrior == null ? null : new double[cells()];
    final double[] fractions = profileDensity == null ? null : new double[groups];
    final int[] knot = radialShares ? new int[cells()] : null;
    final double[] weight = radialShares ? new double[cells()] : null;
    final double[] cosPsi = radialShares ? new double[cells()] : null;
    final boolean[] amountClamped = anchored() ? new boolean[cells()] : null;
    final double[] tiltLever = totalRatioDensity == null ? null : new double[cells()];
    final double[] tiltShare = totalRatioDensity == null ? null : new double[cells()];
    /** The log total the tilt must give (NaN: no tilt), its slope change {@code Δ}, whether {@code Δ} hit its bound. */
    double targetLogTotal = Double.NaN;
    double tilt;
    boolean tiltClamped;
    boolean clamped;
    /** The knot below the anchor and the linear weight of the one above (the same for every event). */
    final int anchorKnot = anchored() ? LateralPrior.lowerKnot(lateralPrior.knotPosition(anchorDistance)) : 0;
    final double anchorWeight = anchored() ? lateralPrior.knotPosition(anchorDistance) - anchorKnot : 0;
    double lateralAtAnchor;

    /**
     * One event; {@code drawnLogTotal} is its log total from the density (NaN: from the network's
     * output), its density noise starts at {@code noise[noiseOffset]}.
     */
    void forward(float[] raw, int o, long seed, float[] labels, int labelOffset, double drawnLogTotal,
        float[] noise, int noiseOffset) {
      int cells = cells();
      // the transverse prior multiplies the exponentiated logits by its shares (a logarithm per cell saved), unless
      // the counting spread needs the noise-free logits first
      boolean priorShares = transversePrior != null && !countingSpread;
      if (priorShares) {
        transversePrior.shares(labels, labelOffset, lateral);
      } else if (transversePrior != null) {
        transversePrior.logits(labels, labelOffset, lateral);
      }
      if (lateralPrior != null) {
        lateralPrior.logits(labels, labelOffset, lateral, distance);
        if (radialShares) {
          lateralPrior.radialCoordinates(labels, labelOffset, distance, knot, weight, cosPsi);
          int a = o + radialOffset();
          int b = a + LateralPrior.RADIAL_KNOTS;
          for (int i = 0; i < cells; i++) {
            int j = knot[i];
            double wu = weight[i];
            lateral[i] += symmetricRadial ? (1 - wu) * raw[a + j] + wu * raw[a + j + 1]
                : (1 - wu) * (raw[a + j] + cosPsi[i] * raw[b + j]) + wu * (raw[a + j + 1] + cosPsi[i] * raw[b + j + 1]);
          }
          if (anchored()) {
            // the lateral distribution at the anchor (cos ψ = 0: the symmetric part)
            lateralAtAnchor = lateralPrior.logitAt(labels, labelOffset, anchorDistance)
                + (1 - anchorWeight) * raw[a + anchorKnot] + anchorWeight * raw[a + anchorKnot + 1];
          }
        }
      }
      int logits = o + eventDim();
      if (cellSpread) {
        // a ziggurat: one Gaussian per cell, where Box–Muller's logarithm and cosine cost a quarter of a shower's time
        Rng rng = new Rng(seed);
        ZigguratSampler.NormalizedGaussian gaussian = ZigguratSampler.NormalizedGaussian.of(rng::nextLong);
        for (int i = 0; i < cells; i++) {
          epsilon[i] = gaussian.sample();
        }
        for (int g = 0; g < groups; g++) {
          double r = raw[logits + groups + 1 + g];
          spreadClamped[g] = outsideLogBounds(r);
          spread[g] = (countingSpread ? FLAT_SPREAD_PRIOR : SPREAD_PRIOR) * boundedExp(r);
          if (fixedCounting != null) {
            // fitted to the training events: the raw outputs are unused and, flagged as clamped, pass no gradient
            spread[g] = fixedCounting.flatSpread();
            spreadClamped[g] = true;
            counting[g] = fixedCounting.kappa();
            countingClamped[g] = true;
          } else if (countingSpread) {
            double rk = raw[o + countingOffset() + g];
            countingClamped[g] = outsideLogBounds(rk);
            counting[g] = COUNTING_PRIOR * boundedExp(rk);
          }
        }
      }
      double t = totalDensity != null ? drawnLogTotal : priorLogTotal + raw[logits + groups];
      if (anchored()) {
        clamped = false;
        anchoredAmounts(t);
        return;
      }
      clamped = t > MAX_LOG_TOTAL;
      double total = Math.exp(Math.min(t, MAX_LOG_TOTAL));
      if (profileDensity != null) {
        profileDensity.draw(labels, labelOffset, noise[noiseOffset], noise, noiseOffset + 1, fractions);
      }
      for (int g = 0; g < groups; g++) {
        groupShare[g] = profileDensity != null ? Math.log(fractions[g]) : priorGroupLogits[g] + raw[logits + g];
      }
      double groupNormOfShares = exponentiate(groupShare, 0, groups);
      for (int g = 0; g < groups; g++) {
        groupShare[g] *= groupNormOfShares;
      }
      for (int g = 0; g < groups; g++) {
        int start = g * groupSize;
        double sigma = cellSpread ? spread[g] : 0;
        // counting spread adds its noise once the noise-free amounts are known
        boolean flatNoise = cellSpread && !countingSpread;
        for (int i = start; i < start + groupSize; i++) {
          cellShare[i] = priorCellLogits[i] + (radialShares ? 0 : (double) raw[o + i]) + (flatNoise ? sigma * epsilon[i] : 0)
              + (lateral == null || priorShares ? 0 : lateral[i]);
        }
        if (countingSpread) {
          countingNoise(g, start, total * groupShare[g]);
        }
        // unnormalised shares: the amounts take one product each, the backward pass uses share(i)
        groupNorm[g] = exponentiate(cellShare, start, groupSize, priorShares ? lateral : null);
        double groupTotal = total * groupShare[g] * groupNorm[g];
        for (int i = start; i < start + groupSize; i++) {
          u[i] = groupTotal * cellShare[i];
        }
      }
    }

    /**
     * The amounts of an anchored head: {@code u_i = exp(t + c_i − ℓ(r_ref))}, the drawn {@code t} the log amplitude at
     * the anchor; {@link #cellShare} keeps {@code c_i − ℓ(r_ref)} (with the noise) and {@link #meanAmount} the
     * noise-free amounts {@code ū_i}.
     */
    private void anchoredAmounts(double t) {
      int cells = cells();
      for (int i = 0; i < cells; i++) {
        cellShare[i] = priorCellLogits[i] + lateral[i] - lateralAtAnchor;
      }
      if (totalRatioDensity != null) {
        tiltToTotal(t);
      }
      if (cellSpread && !countingSpread) {
        for (int i = 0; i < cells; i++) {
          cellShare[i] += spread[0] * epsilon[i];
        }
      }
      if (countingSpread) {
        for (int i = 0; i < cells; i++) {
          meanAmount[i] = Math.exp(Math.min(t + cellShare[i], MAX_LOG_TOTAL));
        }
        addCountingNoise(0, 0);
      }
      for (int i = 0; i < cells; i++) {
        // a runaway correction is clamped (and passes no gradient) rather than overflowing
        amountClamped[i] = t + cellShare[i] > MAX_LOG_TOTAL;
        u[i] = Math.exp(Math.min(t + cellShare[i], MAX_LOG_TOTAL));
      }
    }

    /**
     * Tilts the noise-free logits of the stations inside the anchor, {@code c_i += Δ · max(0, ρ_ref − ρ_i)} with {@code
     * ρ = ln(1 + r / coreRadius)}, so that {@code Σ exp(t + c_i)} is {@code exp(targetLogTotal)}: {@code ln Σ exp(a_i +
     * Δ m_i)} is convex and rising in {@code Δ}, so Newton's method from the right of the root converges; {@code Δ}
     * is bounded by ±{@value #MAX_TILT}. Keeps the tilted shares for {@link #tiltBackward}.
     */
    private void tiltToTotal(double t) {
      int cells = cells();
      double rhoRef = Math.log1p(anchorDistance / lateralPrior.coreRadius());
      for (int i = 0; i < cells; i++) {
        tiltLever[i] = Math.max(0, rhoRef - Math.log1p(distance[i] / lateralPrior.coreRadius()));
      }
      double target = targetLogTotal - t;
      tiltClamped = false;
      if (logSumTilted(-MAX_TILT) >= target) {
        tilt = -MAX_TILT;
        tiltClamped = true;
      } else if (logSumTilted(MAX_TILT) <= target) {
        tilt = MAX_TILT;
        tiltClamped = true;
      } else {
        // start right of the root (the upper bound if the untilted sum is short of the target): every step stays there
        double d = logSumTilted(0) >= target ? 0 : MAX_TILT;
        for (int it = 0; it < 100; it++) {
          double h = logSumTilted(d) - target;
          double slope = 0;
          for (int i = 0; i < cells; i++) {
            slope += tiltShare[i] * tiltLever[i];
          }
          double next = Math.max(d - h / slope, -MAX_TILT);
          if (!(next < d)) {
            break; // converged to rounding
          }
          d = next;
        }
        tilt = d;
      }
      logSumTilted(tilt);
      for (int i = 0; i < cells; i++) {
        cellShare[i] += tilt * tiltLever[i];
      }
    }

    /** {@code ln Σ exp(c_i + Δ m_i)} at {@code Δ = d}, leaving the shares {@code exp(c_i + Δ m_i) / Σ} in {@link #tiltShare}. */
    private double logSumTilted(double d) {
      int cells = cells();
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < cells; i++) {
        tiltShare[i] = cellShare[i] + d * tiltLever[i];
        max = Math.max(max, tiltShare[i]);
      }
      double sum = 0;
      for (int i = 0; i < cells; i++) {
        tiltShare[i] = Math.exp(tiltShare[i] - max);
        sum += tiltShare[i];
      }
      for (int i = 0; i < cells; i++) {
        tiltShare[i] /= sum;
      }
      return max + Math.log(sum);
    }

    /**
     * The tilt's part of the backward pass: {@code Δ} depends on the untilted logits through the total, {@code dΔ/dc_j
     * = −p_j / Σ p_i m_i}, so {@code g_j −= p_j Σ_i g_i m_i / Σ_i p_i m_i} ({@code g} the gradient of the tilted
     * noise-free logits, replaced by that of the untilted ones; unchanged where {@code Δ} is at its bound).
     */
    void tiltBackward(double[] g) {
      if (tiltClamped) {
        return;
      }
      double lever = 0;
      double moment = 0;
      for (int i = 0; i < g.length; i++) {
        lever += g[i] * tiltLever[i];
        moment += tiltShare[i] * tiltLever[i];
      }
      for (int i = 0; i < g.length; i++) {
        g[i] -= tiltShare[i] * lever / moment;
      }
    }

    /**
     * Counting spread of group {@code g}: keeps the noise-free shares {@code p̄} and amounts {@code ū} (the group's
     * amount {@code groupAmount} shared out), then adds each cell's mean-keeping log-normal noise to its logit.
     */
    private void countingNoise(int g, int start, double groupAmount) {
      System.arraycopy(cellShare, start, meanShare, start, groupSize);
      double norm = exponentiate(meanShare, start, groupSize);
      for (int i = start; i < start + groupSize; i++) {
        meanShare[i] *= norm;
        meanAmount[i] = groupAmount * meanShare[i];
      }
      addCountingNoise(g, start);
    }

    /** Adds to the logits of group {@code g} each cell's mean-keeping log-normal noise given its {@link #meanAmount}. */
    private void addCountingNoise(int g, int start) {
      double flat = spread[g] * spread[g];
      for (int i = start; i < start + groupSize; i++) {
        double variance = flat + counting[g] / meanAmount[i];
        // an empty cell (or one so far down that its variance overflows) takes the largest spread
        cellSigmaClamped[i] = !(variance <= MAX_CELL_SPREAD * MAX_CELL_SPREAD);
        double sigma = cellSigmaClamped[i] ? MAX_CELL_SPREAD : Math.sqrt(variance);
        cellSigma[i] = sigma;
        cellShare[i] += sigma * epsilon[i] - 0.5 * sigma * sigma;
      }
    }

    /** The normalised share of cell {@code i} within its group. */
    double share(int i) {
      return cellShare[i] * groupNorm[i / groupSize];
    }
  }

  /** Whether a raw log spread or log counting coefficient lies outside the bounds {@link #boundedExp} clamps it to. */
  private static boolean outsideLogBounds(double r) {
    return r < MIN_LOG_SPREAD || r > MAX_LOG_SPREAD;
  }

  /** {@code exp(r)} with {@code r} clamped to [{@value #MIN_LOG_SPREAD}, {@value #MAX_LOG_SPREAD}]. */
  private static double boundedExp(double r) {
    return Math.exp(Math.max(MIN_LOG_SPREAD, Math.min(MAX_LOG_SPREAD, r)));
  }

  /** A stream seed from the bits of one raw row: the same row, the same cell noise. */
  private long rowSeed(float[] raw, int o) {
    if (!cellSpread) {
      return 0;
    }
    return Rng.seedOf(raw, o, o + rawDim());
  }

  /**
   * Replaces the logits {@code v[start .. start + size)} by {@code exp(v - max)} and returns
   * {@code 1 / Σ}, the factor that turns them into softmax shares.
   */
  private static double exponentiate(double[] v, int start, int size) {
    return exponentiate(v, start, size, null);
  }

  /** As {@link #exponentiate(double[], int, int)}, each {@code exp} multiplied by {@code weight[i]} unless null. */
  private static double exponentiate(double[] v, int start, int size, double[] weight) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = start; i < start + size; i++) {
      max = Math.max(max, v[i]);
    }
    double sum = 0;
    for (int i = start; i < start + size; i++) {
      v[i] = weight == null ? Math.exp(v[i] - max) : Math.exp(v[i] - max) * weight[i];
      sum += v[i];
    }
    return 1 / sum;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnergyShareHead h && logScale == h.logScale && groups == h.groups
        && groupSize == h.groupSize && passThrough == h.passThrough && priorLogTotal == h.priorLogTotal
        && cellSpread == h.cellSpread && Objects.equals(lateralPrior, h.lateralPrior)
        && Objects.equals(totalDensity, h.totalDensity) && Objects.equals(profileDensity, h.profileDensity)
        && radialShares == h.radialShares && countingSpread == h.countingSpread && symmetricRadial == h.symmetricRadial
        && anchorDistance == h.anchorDistance && Objects.equals(totalRatioDensity, h.totalRatioDensity)
        && Objects.equals(transversePrior, h.transversePrior) && Objects.equals(fixedCounting, h.fixedCounting)
        && Arrays.equals(priorGroupLogits, h.priorGroupLogits) && Arrays.equals(priorCellLogits, h.priorCellLogits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(priorCellLogits) * 31 + Arrays.hashCode(priorGroupLogits) + groups * 7 + groupSize;
  }

  @Override
  public String toString() {
    return "EnergyShareHead[" + groups + " x " + groupSize + " + " + passThrough + ", logScale " + logScale
        + (countingSpread ? ", counting cell spread" + (fixedCounting == null ? "" : " " + fixedCounting) : cellSpread ? ", cell spread" : "") + (lateralPrior == null ? "" : ", " + lateralPrior)
        + (transversePrior == null ? "" : ", " + transversePrior)
        + (radialShares ? (symmetricRadial ? ", symmetric radial share corrections" : ", radial share corrections") : "")
        + (anchored() ? ", amplitude at " + anchorDistance + " from " + totalDensity
            + (totalRatioDensity == null ? "" : ", total tilted to a ratio from " + totalRatioDensity)
            : totalDensity == null ? "" : ", " + totalDensity) + (profileDensity == null ? "" : ", " + profileDensity)
        + "]";
  }
}
