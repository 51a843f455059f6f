package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * The conditional density of a shower's longitudinal profile, the fraction {@code f_g} of its
 * total in each group of cells (calorimeter layer), given its energy label and its log total:
 *
 * <pre>
 *   f | E, z  ~  N( m(E) + β(E) z,  C(E) ),   z = (ln T − mean) / spread at E
 * </pre>
 *
 * fitted to the training events by moments at knots in the energy label (one per beam energy of
 * a beam test, else equal-population bins) and interpolated linearly between them (constant
 * beyond the outer knots). {@code β} is the regression of the fractions on the standardised log
 * total and {@code C} the covariance left after it. A draw is {@code m + β z + C^½ ε} with {@code
 * ε} standard normal; since the fractions sum to one, {@code β} and {@code C^½} have zero column
 * sums and so does every fluctuation.
 *
 * <p>Why: a shower that starts late leaks out of the back, so its deposited total is lower and its
 * profile later. An energy regressor corrects the total with the depth, and its resolution rests
 * on that correlation (−0.70 between {@code ln T} and the longitudinal centre of gravity at
 * 70–90 GeV). A critic that judges events of all energies at once left the generated profile with
 * too much fluctuation of its own at high energy (residual spread of the back layers' fractions
 * 0.33–0.47 against 0.25–0.36) and too little at low energy, so the correlation fell to −0.55 and
 * the regressor's resolution on generated showers was 1.21–1.28× the reference's. Drawn with the
 * total from this density ({@link EnergyShareHead} gives it the total's noise {@code z}), the
 * profile has the measured covariance at every energy; the network shares each layer out over
 * its cells, seeing {@code z} and {@code ε} among its inputs. This is the first stage of
 * CaloFlow (arXiv:2106.05285: layer energies, then the shower given them) with a Gaussian in place
 * of a flow. Fractions rather than their logarithms: a Gaussian in the log fraction of a layer
 * that is sometimes nearly empty has the wrong tails (an offline check of the regressor on
 * Gaussian draws: 4.4 % resolution at 70 GeV with linear fractions, reference 4.1 %).
 *
 * <p>Measured (5000 steps, the shipped recipe plus this density): the correlation and the hit counts
 * come out as the reference's, but the model as a whole is not better (FPD 0.099 against 0.068,
 * resolution 1.11–1.26× at 70–90 GeV): the thin first and last layers' fractions are skewed and
 * bounded, which a Gaussian is not. Hence opt-in; see {@code models/calorimeter-wgan/MODEL_CARD.md}.
 *
 * <p>Approximations, each small for a beam test: {@code z} is standardised with each knot's own
 * mean and spread of {@code ln T}, while the generator's {@code z} is the {@link TotalDensity}'s,
 * which also follows the impact point (within the 22 mm beam spot the lateral leakage moves {@code
 * ln T} by a small fraction of its spread); between knots the square roots, not the covariances,
 * are interpolated (for roots in the ratio 0.8 the variance comes out 1 % low); a fraction drawn
 * below {@value #MIN_FRACTION} is raised to it before renormalising (the thin back layers at low
 * energy).
 *
 * <p>The fractions are measured after the detector threshold but drawn before it, and a thin
 * layer loses a larger part of its energy under the threshold: {@code shift}, a correction of the
 * mean at each knot, is learned in training by matching the generated showers' fractions after
 * the threshold to the reference showers' at the same energies ({@link #adjustShift}), as the
 * total's mean correction is ({@link TotalDensity#adjustShift}); it starts at 0.
 *
 * @param groups number of fractions
 * @param energyLabel label column holding the energy coordinate (e.g. {@code ln(E / pivot)})
 * @param knots the energy coordinate at each knot, increasing
 * @param mean {@code m} at each knot ({@code knots × groups})
 * @param totalSlope {@code β} at each knot ({@code knots × groups})
 * @param sqrtCovariance the symmetric square root of {@code C} at each knot ({@code knots × groups²}, row-major)
 * @param shift the learned correction of the mean at each knot ({@code knots × groups}; null: zeros)
 */
public record ProfileDensity(int groups, int energyLabel, double[] knots, double[][] mean, double[][] totalSlope,
    double[][] sqrtCovariance, double[][] shift) {

  /** Energy coordinates that differ by less than this share a knot (float labels of one beam energy). */
  private static final double SAME_KNOT = 1e-5;
  /** At most this many distinct energies get a knot each; more are binned. */
  static final int MAX_KNOTS = 12;
  /** Events per knot at least, for a covariance of {@code groups²} entries. */
  private static final int MIN_EVENTS_PER_KNOT = 50;
  /** Smallest fraction drawn: a layer is never exactly empty before the threshold. */
  static final double MIN_FRACTION = 1e-6;

  /** Validates the shapes. */
  @JsonCreator
  public ProfileDensity(@JsonProperty("groups") int groups, @JsonProperty("energyLabel") int energyLabel,
      @JsonProperty("knots") double[] knots, @JsonProperty("mean") double[][] mean,
      @JsonProperty("totalSlope") double[][] totalSlope, @JsonProperty("sqrtCovariance") double[][] sqrtCovariance,
      @JsonProperty("shift") double[][] shift) {
    if (groups < 2 || energyLabel < 0 || knots == null || knots.length < 1 || mean == null
        || totalSlope == null || sqrtCovariance == null || mean.length != knots.length
        || totalSlope.length != knots.length || sqrtCovariance.length != knots.length) {
      throw new IllegalArgumentException("invalid profile density: " + groups + " groups, energy label "
          + energyLabel + ", " + (knots == null ? "no" : knots.length) + " knots");
    }
    for (int k = 0; k < knots.length; k++) {
      if (!Double.isFinite(knots[k]) || (k > 0 && !(knots[k] > knots[k - 1]))) {
        throw new IllegalArgumentException("profile density knots must be finite and increasing: "
            + Arrays.toString(knots));
      }
      requireFinite(mean[k], groups, "mean");
      requireFinite(totalSlope[k], groups, "total slope");
      requireFinite(sqrtCovariance[k], groups * groups, "covariance root");
      if (shift != null) {
        requireFinite(shift[k], groups, "mean correction");
      }
    }
    if (shift != null && shift.length != knots.length) {
      throw new IllegalArgumentException("profile density mean correction needs " + knots.length + " knots, got "
          + shift.length);
    }
    this.groups = groups;
    this.energyLabel = energyLabel;
    this.knots = knots.clone();
    this.mean = deepCopy(mean);
    this.totalSlope = deepCopy(totalSlope);
    this.sqrtCovariance = deepCopy(sqrtCovariance);
    this.shift = shift == null ? new double[knots.length][groups] : deepCopy(shift);
  }

  /**
   * This density with its mean correction moved towards the generated-minus-reference differences
   * of the fractions: each event's difference counts at its two neighbouring knots with the
   * interpolation weights, and each knot's correction moves by {@code −rate} times the weighted
   * mean difference there.
   *
   * @param generatedAmounts generated events' amounts per group after the threshold ({@code n × groups})
   * @param referenceAmounts reference events' amounts per group, the same labels ({@code n × groups})
   * @param labels the events' labels ({@code n × labelDim})
   */
  public ProfileDensity adjustShift(double[] generatedAmounts, double[] referenceAmounts, float[] labels, int labelDim,
      double rate) {
    int n = generatedAmounts.length / groups;
    if (referenceAmounts.length != generatedAmounts.length || labels.length != (long) n * labelDim
        || labelDim < labelsRead() || !(rate >= 0)) {
      throw new IllegalArgumentException("profile correction: " + generatedAmounts.length + " generated and "
          + referenceAmounts.length + " reference amounts, " + labels.length + " labels of width " + labelDim
          + ", rate " + rate);
    }
    double[][] sum = new double[knots.length][groups];
    double[] weight = new double[knots.length];
    for (int k = 0; k < n; k++) {
      double tg = total(generatedAmounts, k, groups);
      double tr = total(referenceAmounts, k, groups);
      if (!(tg > 0) || !(tr > 0)) {
        continue; // an empty event has no fractions
      }
      double position = knotPosition(labels[k * labelDim + energyLabel]);
      int lo = lowerKnot(position);
      double w = position - lo;
      int hi = Math.min(knots.length - 1, lo + 1);
      weight[lo] += 1 - w;
      weight[hi] += w;
      for (int g = 0; g < groups; g++) {
        double d = generatedAmounts[k * groups + g] / tg - referenceAmounts[k * groups + g] / tr;
        sum[lo][g] += (1 - w) * d;
        sum[hi][g] += w * d;
      }
    }
    double[][] moved = deepCopy(shift);
    for (int b = 0; b < knots.length; b++) {
      for (int g = 0; g < groups && weight[b] > 0; g++) {
        moved[b][g] -= rate * sum[b][g] / weight[b];
      }
    }
    return new ProfileDensity(groups, energyLabel, knots, mean, totalSlope, sqrtCovariance, moved);
  }

  private static void requireFinite(double[] v, int length, String what) {
    if (v == null || v.length != length) {
      throw new IllegalArgumentException("profile density " + what + " needs " + length + " values, got "
          + (v == null ? "none" : v.length));
    }
    for (double x : v) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("profile density " + what + " must be finite, got " + Arrays.toString(v));
      }
    }
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  /**
   * Fits the density to training events.
   *
   * @param groupAmounts each event's amount per group ({@code n × groups}, row-major, non-negative)
   * @param labels each event's labels ({@code n × labelDim}, row-major)
   * @param energyLabel the label column of the energy coordinate
   * @throws IllegalArgumentException if fewer than {@value #MIN_EVENTS_PER_KNOT} events with energy
   *     fall at some knot, or the inputs are not finite
   */
  public static ProfileDensity fit(double[] groupAmounts, int groups, float[] labels, int labelDim, int energyLabel) {
    int n = groupAmounts.length / groups;
    if (groups < 2 || n < 1 || groupAmounts.length != (long) n * groups || labels.length != (long) n * labelDim
        || energyLabel < 0 || energyLabel >= labelDim) {
      throw new IllegalArgumentException("profile density: " + groupAmounts.length + " amounts in " + groups
          + " groups and " + labels.length + " labels of width " + labelDim + " (energy label " + energyLabel
          + ") do not describe the same events");
    }
    // the energy coordinate of every event that deposited something, sorted
    Integer[] order = IntStream.range(0, n)
        .filter(k -> total(groupAmounts, k, groups) > 0).boxed().toArray(Integer[]::new);
    for (int k : order) {
      if (!Float.isFinite(labels[k * labelDim + energyLabel])) {
        throw new IllegalArgumentException("profile density: energy label of event " + k + " is not finite");
      }
    }
    Arrays.sort(order, (a, b) -> Float.compare(labels[a * labelDim + energyLabel], labels[b * labelDim + energyLabel]));
    int[][] bins = bins(order, labels, labelDim, energyLabel);
    int g2 = groups * groups;
    double[] knots = new double[bins.length];
    double[][] mean = new double[bins.length][];
    double[][] slope = new double[bins.length][];
    double[][] root = new double[bins.length][];
    for (int b = 0; b < bins.length; b++) {
      int[] ev = bins[b];
      if (ev.length < MIN_EVENTS_PER_KNOT) {
        throw new IllegalArgumentException("profile density: only " + ev.length + " events near energy label "
            + labels[ev[0] * labelDim + energyLabel] + "; need at least " + MIN_EVENTS_PER_KNOT + " per knot");
      }
      double e = 0;
      double lt = 0;
      double[] m = new double[groups];
      for (int k : ev) {
        double t = total(groupAmounts, k, groups);
        e += labels[k * labelDim + energyLabel];
        lt += Math.log(t);
        for (int g = 0; g < groups; g++) {
          m[g] += groupAmounts[k * groups + g] / t;
        }
      }
      e /= ev.length;
      lt /= ev.length;
      for (int g = 0; g < groups; g++) {
        m[g] /= ev.length;
      }
      double vt = 0;
      double[] cft = new double[groups];
      double[] cff = new double[g2];
      double[] d = new double[groups];
      for (int k : ev) {
        double t = total(groupAmounts, k, groups);
        double dt = Math.log(t) - lt;
        vt += dt * dt;
        for (int g = 0; g < groups; g++) {
          d[g] = groupAmounts[k * groups + g] / t - m[g];
          cft[g] += d[g] * dt;
        }
        for (int g = 0; g < groups; g++) {
          for (int h = 0; h < groups; h++) {
            cff[g * groups + h] += d[g] * d[h];
          }
        }
      }
      double st = Math.sqrt(vt / (ev.length - 1));
      double[] beta = new double[groups];
      for (int g = 0; g < groups; g++) {
        beta[g] = st > 0 ? cft[g] / (ev.length - 1) / st : 0;
      }
      RealMatrix c = MatrixUtils.createRealMatrix(groups, groups);
      for (int g = 0; g < groups; g++) {
        for (int h = 0; h < groups; h++) {
          c.setEntry(g, h, cff[g * groups + h] / (ev.length - 1) - beta[g] * beta[h]);
        }
      }
      knots[b] = e;
      mean[b] = m;
      slope[b] = beta;
      root[b] = symmetricSqrt(c);
    }
    return new ProfileDensity(groups, energyLabel, knots, mean, slope, root, null);
  }

  /** The events of each knot: one per distinct energy if there are at most {@value #MAX_KNOTS}, else equal-population bins. */
  private static int[][] bins(Integer[] order, float[] labels, int labelDim, int energyLabel) {
    TreeMap<Integer, Integer> starts = new TreeMap<>(); // start index -> end index (exclusive)
    int start = 0;
    for (int i = 1; i <= order.length; i++) {
      if (i == order.length || labels[order[i] * labelDim + energyLabel]
          - labels[order[start] * labelDim + energyLabel] > SAME_KNOT) {
        starts.put(start, i);
        start = i;
      }
    }
    if (starts.size() > MAX_KNOTS) {
      starts.clear();
      int bins = Math.max(1, Math.min(MAX_KNOTS, order.length / MIN_EVENTS_PER_KNOT));
      for (int b = 0; b < bins; b++) {
        starts.put((int) ((long) order.length * b / bins), (int) ((long) order.length * (b + 1) / bins));
      }
    }
    return starts.entrySet().stream()
        .map(s -> Arrays.stream(order, s.getKey(), s.getValue()).mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }

  private static double total(double[] amounts, int k, int groups) {
    double t = 0;
    for (int g = 0; g < groups; g++) {
      t += amounts[k * groups + g];
    }
    return t;
  }

  /** {@code V √Λ Vᵀ}, negative eigenvalues (rounding of the sum constraint's zero) taken as 0. */
  private static double[] symmetricSqrt(RealMatrix c) {
    RealMatrix sym = c.add(c.transpose()).scalarMultiply(0.5);
    EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(sym);
    int n = c.getRowDimension();
    double[] out = new double[n * n];
    double[] lambda = eig.getEigenvalues();
    for (int e = 0; e < n; e++) {
      double s = Math.sqrt(Math.max(0, lambda[e]));
      double[] v = eig.getEigenvector(e).toArray();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          out[i * n + j] += s * v[i] * v[j];
        }
      }
    }
    return out;
  }

  /** Label columns a draw reads. */
  public int labelsRead() {
    return energyLabel + 1;
  }

  /**
   * Draws one profile into {@code fractions} (length {@link #groups()}): each at least {@value
   * #MIN_FRACTION}, summing to one.
   *
   * @param labels label rows; the event's start at {@code labelOffset}
   * @param z the standardised log total's draw
   * @param epsilon standard normal draws, {@code groups} from {@code epsilonOffset}
   */
  public void draw(float[] labels, int labelOffset, double z, float[] epsilon, int epsilonOffset, double[] fractions) {
    double position = knotPosition(labels[labelOffset + energyLabel]);
    int lo = lowerKnot(position);
    double w = position - lo;
    int hi = Math.min(knots.length - 1, lo + 1);
    double sum = 0;
    for (int g = 0; g < groups; g++) {
      double f = (1 - w) * (mean[lo][g] + shift[lo][g] + totalSlope[lo][g] * z)
          + w * (mean[hi][g] + shift[hi][g] + totalSlope[hi][g] * z);
      for (int h = 0; h < groups; h++) {
        double r = (1 - w) * sqrtCovariance[lo][g * groups + h] + w * sqrtCovariance[hi][g * groups + h];
        f += r * epsilon[epsilonOffset + h];
      }
      fractions[g] = Math.max(MIN_FRACTION, f);
      sum += fractions[g];
    }
    for (int g = 0; g < groups; g++) {
      fractions[g] /= sum;
    }
  }

  /**
   * Where {@code x} lies among the knots as a fractional index, {@code i + w} between knots {@code
   * i} and {@code i + 1} at interpolation weight {@code w}; clamped to {@code [0, knots − 1]}, so
   * the outer knots hold beyond the range.
   */
  private double knotPosition(double x) {
    if (knots.length < 2 || !(x > knots[0])) {
      return 0;
    }
    if (x >= knots[knots.length - 1]) {
      return knots.length - 1;
    }
    int i = Arrays.binarySearch(knots, x);
    int lo = i >= 0 ? i : -i - 2;
    return lo + (x - knots[lo]) / (knots[lo + 1] - knots[lo]);
  }

  /** The knot that starts the interpolation interval of a {@link #knotPosition} (the last interval at the top). */
  private int lowerKnot(double position) {
    return Math.max(0, Math.min(knots.length - 2, (int) position));
  }

  @Override
  public double[] knots() {
    return knots.clone();
  }

  @Override
  public double[][] mean() {
    return deepCopy(mean);
  }

  @Override
  public double[][] totalSlope() {
    return deepCopy(totalSlope);
  }

  @Override
  public double[][] sqrtCovariance() {
    return deepCopy(sqrtCovariance);
  }

  @Override
  public double[][] shift() {
    return deepCopy(shift);
  }

  /** This density with the mean correction replaced (a resumed training restores it). */
  public ProfileDensity withShift(double[][] newShift) {
    return new ProfileDensity(groups, energyLabel, knots, mean, totalSlope, sqrtCovariance, newShift);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProfileDensity p && groups == p.groups && energyLabel == p.energyLabel
        && Arrays.equals(knots, p.knots) && Arrays.deepEquals(mean, p.mean)
        && Arrays.deepEquals(totalSlope, p.totalSlope) && Arrays.deepEquals(sqrtCovariance, p.sqrtCovariance)
        && Arrays.deepEquals(shift, p.shift);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(knots) * 31 + groups;
  }

  @Override
  public String toString() {
    return "ProfileDensity[" + groups + " fractions, " + knots.length + " energy knots, Gaussian with the total's slope]";
  }
}
