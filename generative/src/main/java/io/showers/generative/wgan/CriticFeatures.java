package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Summaries of a model-space event that a conditional critic sees beside the event itself: for
 * each group of columns, the standardised log of the group's summed physical amount
 * <pre>
 *   f_g = (ln(1 + sum_{i in g} u_i) - mean_g) / std_g,   u_i = expm1(logScale * max(x_i, 0)),
 * </pre>
 * where {@code x = ln(1 + u) / logScale} is the log encoding of a non-negative amount {@code u}
 * (a cell energy, a station signal) and a group is a column range {@code [from, to)}.
 *
 * <p>Why: a dense critic on log cells must learn to exponentiate and add hundreds of inputs before
 * it can see that a generated shower's total or per-layer energy fluctuates too much, yet those
 * sums are what an energy calibration, and hence the surrogate's bias and resolution, rest on
 * (CaloGAN hands its discriminator the layer energies for the same reason). With the sums as
 * inputs, the Wasserstein distance of their distribution is something the critic can measure
 * directly. The gradient penalty acts on events and features together: the critic is
 * 1-Lipschitz on the augmented vector, and interpolates are taken between augmented vectors.
 * The generator receives the features' exact gradient through {@link #backward}.
 *
 * <p>Optionally two more features: the amount-weighted centroid {@code (sum u_c X_c / (1 + S),
 * sum u_c Y_c / (1 + S))} of a column range, with given column coordinates, so the critic can
 * compare where the generated energy sits with the labelled impact point or shower core.
 *
 * <p>Optionally the share of the amount in rings around the labelled core ({@link Rings}): the
 * lateral distribution of an air-shower footprint.
 *
 * <p>Optionally one transverse spread per block of columns ({@link Spread}): the amount-weighted rms
 * radius about the block's own centroid, standardised. A calorimeter layer's width is set by its
 * few faint cells far from the axis, which a critic on log cells weighs little against the bright
 * core; with the width as an input the critic measures it directly.
 *
 * @param logScale the encoding's divisor {@code L}
 * @param groups column ranges {@code [from, to)}, one feature each
 * @param mean per-feature offset (the training mean)
 * @param std per-feature scale (the training standard deviation, at least {@link #MIN_STD})
 * @param centroid the centroid's column range and coordinates, or null for none
 * @param spread transverse spreads of column blocks, or null for none
 * @param labelFit per standardised feature (sums, then spreads, then rings), the coefficients of the labels
 *     and their squares {@code (y_1 .. y_L, y_1^2 .. y_L^2)} subtracted besides the offset, or
 *     null: see {@link #withLabelCalibration}
 * @param rings the share of the amount in rings around the labelled core, or null for none (see {@link Rings})
 */
public record CriticFeatures(double logScale, int[][] groups, double[] mean, double[] std, Centroid centroid,
    Spread spread, double[][] labelFit, Rings rings) {

  /**
   * Column coordinates for the centroid features, in units where the centroid's natural spread is
   * of order one.
   *
   * @param from first column
   * @param x coordinate of each column {@code from .. from + x.length - 1}
   * @param y likewise
   */
  public record Centroid(int from, double[] x, double[] y) {
    /** Validates the ranges. */
    public Centroid {
      if (from < 0 || x == null || y == null || x.length == 0 || x.length != y.length) {
        throw new IllegalArgumentException("a centroid needs from >= 0 and one x and y per column");
      }
      x = x.clone();
      y = y.clone();
    }

    int to() {
      return from + x.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Centroid c && from == c.from && Arrays.equals(x, c.x) && Arrays.equals(y, c.y);
    }

    @Override
    public int hashCode() {
      return 31 * from + Arrays.hashCode(x);
    }
  }

  /**
   * Transverse spread of column blocks: block {@code b} is the columns {@code starts[b] ..
   * starts[b] + x.length - 1}, all blocks sharing the coordinates {@code x, y} (the cells of one
   * calorimeter layer). With {@code T = 1 + S} and amount-weighted moments over the block, the
   * feature is
   * <pre>
   *   r_b = sqrt(var_x + var_y + SOFTENING^2),   var_x = sum u_c X_c^2 / T - (sum u_c X_c / T)^2,
   *   f_b = (r_b - mean_b) / std_b.
   * </pre>
   *
   * @param starts first column of each block
   * @param x coordinate of each column of a block
   * @param y likewise
   * @param mean per-block offset (the training mean)
   * @param std per-block scale (the training standard deviation, at least {@link #MIN_STD})
   */
  public record Spread(int[] starts, double[] x, double[] y, double[] mean, double[] std) {
    /** Keeps the gradient finite at a block with a single lit column (in coordinate units). */
    public static final double SOFTENING = 0.05;

    /** Validates the ranges and scales. */
    public Spread {
      if (starts == null || starts.length == 0 || x == null || y == null || x.length == 0 || x.length != y.length
          || mean == null || std == null || mean.length != starts.length || std.length != starts.length) {
        throw new IllegalArgumentException("a spread needs blocks, one x and y per column, one mean and std per block");
      }
      for (int b = 0; b < starts.length; b++) {
        if (starts[b] < 0 || !(std[b] >= MIN_STD) || !Double.isFinite(mean[b])) {
          throw new IllegalArgumentException("spread block " + b + " starts at " + starts[b] + " with mean " + mean[b]
              + " and std " + std[b]);
        }
      }
      starts = starts.clone();
      x = x.clone();
      y = y.clone();
      mean = mean.clone();
      std = std.clone();
    }

    /** Unstandardised blocks, for fitting. */
    static Spread raw(int[] starts, double[] x, double[] y) {
      return new Spread(starts, x, y, new double[starts.length], filled(starts.length, 1.0));
    }

    int to() {
      return Arrays.stream(starts).max().orElse(0) + x.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Spread s && Arrays.equals(starts, s.starts) && Arrays.equals(x, s.x)
          && Arrays.equals(y, s.y) && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(starts) + Arrays.hashCode(mean);
    }
  }

  /**
   * The lateral distribution as the critic sees it: the share of a footprint's amount in rings of
   * distance from the labelled core in the plane perpendicular to the labelled axis,
   * <pre>
   *   f_b = (ln(1 + S_b) − ln(1 + S) − mean_b) / std_b,   S_b = Σ_{edges[b] ≤ r_c < edges[b+1]} u_c,   S = Σ_c u_c,
   * </pre>
   * over the columns {@code from .. from + x.length − 1} with ground coordinates {@code x, y}
   * (less a fit on the labels too, after {@link CriticFeatures#withLabelCalibration}).
   *
   * <p>Why: with the total drawn from a density, the energy estimate S(1000) rests on how a
   * footprint shares it between the stations near the core and those far out. Generated
   * footprints at 40–100 EeV put a share beyond 1 km that scattered 0.29 dex from event to event
   * against the simulator's 0.10, and S(1000) with it. A critic on 196 log signals must learn
   * each event's distances from its labels before it can see that; with the ring shares as
   * inputs it measures them directly.
   *
   * @param from first column
   * @param x ground x of each column, in the unit of the core labels
   * @param y likewise
   * @param coreX label column of the core's x
   * @param coreY label column of the core's y
   * @param axis label column of the axis' x component (y and z follow)
   * @param edges increasing ring edges from 0, in the coordinates' unit; the last ring is open
   * @param mean per-ring offset (the training mean)
   * @param std per-ring scale (the training standard deviation, at least {@link #MIN_STD})
   */
  public record Rings(int from, double[] x, double[] y, int coreX, int coreY, int axis, double[] edges,
      double[] mean, double[] std) {
    /** Validates the geometry and scales. */
    public Rings {
      if (from < 0 || x == null || y == null || x.length == 0 || x.length != y.length || coreX < 0 || coreY < 0
          || axis < 0 || edges == null || edges.length == 0 || edges[0] != 0 || mean == null || std == null
          || mean.length != edges.length || std.length != edges.length) {
        throw new IllegalArgumentException("rings need from >= 0, one x and y per column, label columns >= 0, edges"
            + " from 0 and one mean and std per ring");
      }
      for (int b = 0; b < edges.length; b++) {
        if (b > 0 && !(edges[b] > edges[b - 1]) || !Double.isFinite(edges[b]) || !(std[b] >= MIN_STD)
            || !Double.isFinite(mean[b])) {
          throw new IllegalArgumentException("ring " + b + " from " + edges[b] + " with mean " + mean[b] + " and std "
              + std[b]);
        }
      }
      x = x.clone();
      y = y.clone();
      edges = edges.clone();
      mean = mean.clone();
      std = std.clone();
    }

    int to() {
      return from + x.length;
    }

    /** Rings not yet standardised (mean 0, std 1): {@link CriticFeatures#withRings} fits them. */
    public static Rings unfitted(int from, double[] x, double[] y, int coreX, int coreY, int axis, double[] edges) {
      return new Rings(from, x, y, coreX, coreY, axis, edges, new double[edges.length], filled(edges.length, 1.0));
    }

    /** These rings unstandardised (mean 0, std 1), for fitting. */
    Rings unit() {
      return unfitted(from, x, y, coreX, coreY, axis, edges);
    }

    Rings withScale(double[] newMean, double[] newStd) {
      return new Rings(from, x, y, coreX, coreY, axis, edges, newMean, newStd);
    }

    int labelsRead() {
      return Math.max(Math.max(coreX, coreY), axis + 2) + 1;
    }

    /** The ring of every column of the event whose labels start at {@code labels[o]}, into {@code ring}. */
    void assign(float[] labels, int o, double[] distance, int[] ring) {
      LateralPrior.showerPlaneDistances(x, y, labels, o, coreX, coreY, axis, distance);
      for (int c = 0; c < x.length; c++) {
        int b = edges.length - 1;
        while (distance[c] < edges[b]) {
          b--;
        }
        ring[c] = b;
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Rings r && from == r.from && Arrays.equals(x, r.x) && Arrays.equals(y, r.y)
          && coreX == r.coreX && coreY == r.coreY && axis == r.axis && Arrays.equals(edges, r.edges)
          && Arrays.equals(mean, r.mean) && Arrays.equals(std, r.std);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(edges) + Arrays.hashCode(mean);
    }
  }

  /** Group sums without a centroid. */
  public CriticFeatures(double logScale, int[][] groups, double[] mean, double[] std) {
    this(logScale, groups, mean, std, null, null, null, null);
  }

  /** Group sums and a centroid, without spreads. */
  public CriticFeatures(double logScale, int[][] groups, double[] mean, double[] std, Centroid centroid) {
    this(logScale, groups, mean, std, centroid, null, null, null);
  }

  /** Without label calibration. */
  public CriticFeatures(double logScale, int[][] groups, double[] mean, double[] std, Centroid centroid,
      Spread spread) {
    this(logScale, groups, mean, std, centroid, spread, null, null);
  }

  /** Floor of a feature's scale, so a constant feature is not blown up. */
  public static final double MIN_STD = 1e-3;

  /** Validates the ranges and scales. */
  @JsonCreator
  public CriticFeatures(@JsonProperty("logScale") double logScale, @JsonProperty("groups") int[][] groups,
      @JsonProperty("mean") double[] mean, @JsonProperty("std") double[] std,
      @JsonProperty("centroid") Centroid centroid, @JsonProperty("spread") Spread spread,
      @JsonProperty("labelFit") double[][] labelFit, @JsonProperty("rings") Rings rings) {
    if (!(logScale > 0) || groups == null || groups.length == 0 || mean == null || std == null
        || mean.length != groups.length || std.length != groups.length) {
      throw new IllegalArgumentException("critic features need logScale > 0 and one mean and std per group");
    }
    for (int g = 0; g < groups.length; g++) {
      if (groups[g].length != 2 || groups[g][0] < 0 || groups[g][1] <= groups[g][0]) {
        throw new IllegalArgumentException("feature group " + g + " is not a range [from, to): " + Arrays.toString(groups[g]));
      }
      if (!(std[g] >= MIN_STD) || !Double.isFinite(mean[g])) {
        throw new IllegalArgumentException("feature " + g + " has mean " + mean[g] + " and std " + std[g]);
      }
    }
    this.logScale = logScale;
    this.groups = Arrays.stream(groups).map(int[]::clone).toArray(int[][]::new);
    this.mean = mean.clone();
    this.std = std.clone();
    this.centroid = centroid;
    this.spread = spread;
    int standardised = groups.length + (spread == null ? 0 : spread.starts.length)
        + (rings == null ? 0 : rings.edges.length);
    if (labelFit != null) {
      if (labelFit.length != standardised || Arrays.stream(labelFit).anyMatch(c -> c == null
          || c.length != labelFit[0].length || c.length % 2 != 0 || c.length == 0)) {
        throw new IllegalArgumentException("label calibration needs one coefficient row of 2 x labels per"
            + " standardised feature (" + standardised + ")");
      }
    }
    this.labelFit = labelFit == null ? null : Arrays.stream(labelFit).map(double[]::clone).toArray(double[][]::new);
    this.rings = rings;
  }

  /**
   * Features over the given column ranges, standardised on {@code events} ({@code n x eventDim}
   * model-space values, row-major).
   */
  public static CriticFeatures fit(float[] events, int eventDim, double logScale, int[][] groups) {
    return fit(events, eventDim, logScale, groups, null);
  }

  /** As {@link #fit(float[], int, double, int[][])}, with centroid features (not standardised). */
  public static CriticFeatures fit(float[] events, int eventDim, double logScale, int[][] groups, Centroid centroid) {
    return fit(events, eventDim, logScale, groups, centroid, null, null, null);
  }

  /**
   * As {@link #fit(float[], int, double, int[][], Centroid)}, with the spread of each column block
   * starting at {@code spreadStarts} (coordinates {@code spreadX, spreadY}; see {@link Spread}),
   * standardised on {@code events} like the sums; null for none.
   */
  public static CriticFeatures fit(float[] events, int eventDim, double logScale, int[][] groups, Centroid centroid,
      int[] spreadStarts, double[] spreadX, double[] spreadY) {
    int n = events.length / eventDim;
    if (n < 2 || events.length % eventDim != 0) {
      throw new IllegalArgumentException("need at least two events of " + eventDim + " values to fit critic features");
    }
    int k = groups.length;
    Spread rawSpread = spreadStarts == null ? null : Spread.raw(spreadStarts, spreadX, spreadY);
    CriticFeatures raw = new CriticFeatures(logScale, groups, new double[k], filled(k, 1.0), null, rawSpread);
    float[] f = raw.values(events, null, n, eventDim);
    int width = raw.size();
    double[][] sums = moments(f, n, width, 0, k);
    Spread spread = null;
    if (rawSpread != null) {
      double[][] r = moments(f, n, width, k, spreadStarts.length);
      spread = new Spread(spreadStarts, spreadX, spreadY, r[0], r[1]);
    }
    return new CriticFeatures(logScale, groups, sums[0], sums[1], centroid, spread);
  }

  /**
   * These features calibrated on the labels: each standardised one (sums, spreads, rings) becomes its
   * residual to a least-squares fit on the labels and their squares, over {@code events} and their
   * {@code labels} ({@code n x labelDim}), in units of the fit's rms residual,
   * <pre>
   *   f_g = (raw_g - mean_g - sum_j (a_gj y_j + b_gj y_j^2)) / std_g.
   * </pre>
   * Why: an air shower's total signal follows its energy and zenith angle to 0.05 dex at high
   * energy, while across the training set it spans 0.45 dex. Standardised over the training set,
   * a footprint 0.15 dex off its energy moves a 1-Lipschitz critic by a third of a unit, and the
   * critic must learn the label dependence before it can see it at all. Calibrated, the critic
   * compares residual distributions directly, in units of the physical spread at fixed labels.
   * The gradient with respect to the event is unchanged: the fit depends on the labels only.
   */
  public CriticFeatures withLabelCalibration(float[] events, int eventDim, float[] labels, int labelDim) {
    int n = events.length / eventDim;
    if (events.length % eventDim != 0 || labelDim < 1 || n * labelDim != labels.length) {
      throw new IllegalArgumentException(n + " events but " + labels.length / Math.max(1, labelDim) + " label rows");
    }
    int p = 1 + 2 * labelDim;
    if (n < 4 * p) {
      throw new IllegalArgumentException("need at least " + 4 * p + " events to calibrate features on labels");
    }
    double[][] design = new double[n][];
    for (int i = 0; i < n; i++) {
      design[i] = basis(labels, i, labelDim);
    }
    RealMatrix a = MatrixUtils.createRealMatrix(design);
    RealMatrix pinv = LabelRegression.pseudoInverse(design);
    CriticFeatures raw = new CriticFeatures(logScale, groups, new double[groups.length], filled(groups.length, 1.0),
        centroid, spread == null ? null : Spread.raw(spread.starts, spread.x, spread.y), null,
        rings == null ? null : rings.unit());
    float[] f = raw.values(events, labels, n, eventDim);
    int k = size();
    int[] columns = standardisedColumns();
    double[] newMean = new double[columns.length];
    double[] newStd = new double[columns.length];
    double[][] fit = new double[columns.length][];
    for (int s = 0; s < columns.length; s++) {
      double[] target = new double[n];
      for (int i = 0; i < n; i++) {
        target[i] = f[i * k + columns[s]];
      }
      RealVector b = MatrixUtils.createRealVector(target);
      RealVector coef = pinv.operate(b);
      RealVector residual = b.subtract(a.operate(coef));
      newStd[s] = Math.max(MIN_STD, Math.sqrt(residual.dotProduct(residual) / (n - p)));
      newMean[s] = coef.getEntry(0);
      fit[s] = Arrays.copyOfRange(coef.toArray(), 1, p);
    }
    int g = groups.length;
    int firstRing = ringCalibrationIndex();
    return new CriticFeatures(logScale, groups, Arrays.copyOf(newMean, g), Arrays.copyOf(newStd, g), centroid,
        spread == null ? null : new Spread(spread.starts, spread.x, spread.y, Arrays.copyOfRange(newMean, g, firstRing),
            Arrays.copyOfRange(newStd, g, firstRing)),
        fit, rings == null ? null : rings.withScale(Arrays.copyOfRange(newMean, firstRing, columns.length),
            Arrays.copyOfRange(newStd, firstRing, columns.length)));
  }

  /** The feature columns of the standardised features, in {@link #labelFit} order: sums, spreads, rings. */
  private int[] standardisedColumns() {
    int g = groups.length;
    int firstRing = ringCalibrationIndex();
    int[] c = new int[firstRing + (rings == null ? 0 : rings.edges.length)];
    for (int s = 0; s < c.length; s++) {
      c[s] = s < g ? s : s < firstRing ? spreadOffset() + s - g : ringOffset() + s - firstRing;
    }
    return c;
  }

  /**
   * These features and the ring shares of {@code rings} (see {@link Rings}; its mean and std are
   * ignored), standardised on {@code events} ({@code n x eventDim}) and their {@code labels}
   * ({@code n x labelDim}).
   *
   * @throws IllegalArgumentException if the rings read beyond the events or the labels
   */
  public CriticFeatures withRings(Rings rings, float[] events, int eventDim, float[] labels, int labelDim) {
    int n = events.length / eventDim;
    if (events.length % eventDim != 0 || n < 2 || labels.length != (long) n * labelDim
        || rings.labelsRead() > labelDim || rings.to() > eventDim) {
      throw new IllegalArgumentException("rings over columns " + rings.from + ".." + (rings.to() - 1) + " reading "
          + rings.labelsRead() + " labels do not fit " + n + " events of " + eventDim + " values and "
          + labels.length + " label values of width " + labelDim);
    }
    if (labelFit != null) {
      throw new IllegalArgumentException("add the rings before calibrating the features on the labels");
    }
    CriticFeatures raw = new CriticFeatures(logScale, groups, mean, std, centroid, spread, null, rings.unit());
    double[][] m = moments(raw.values(events, labels, n, eventDim), n, raw.size(), raw.ringOffset(),
        rings.edges.length);
    return new CriticFeatures(logScale, groups, mean, std, centroid, spread, null, rings.withScale(m[0], m[1]));
  }

  /** {@code (1, y_1 .. y_L, y_1^2 .. y_L^2)} of label row {@code i}. */
  private static double[] basis(float[] labels, int i, int labelDim) {
    double[] b = new double[1 + 2 * labelDim];
    b[0] = 1;
    for (int j = 0; j < labelDim; j++) {
      double y = labels[i * labelDim + j];
      b[1 + j] = y;
      b[1 + labelDim + j] = y * y;
    }
    return b;
  }

  /** The label-dependent part of standardised feature {@code s} for label row {@code i}. */
  private double labelShift(int s, float[] labels, int i) {
    double[] c = labelFit[s];
    int labelDim = c.length / 2;
    double shift = 0;
    for (int j = 0; j < labelDim; j++) {
      double y = labels[i * labelDim + j];
      shift += c[j] * y + c[labelDim + j] * y * y;
    }
    return shift;
  }

  /** {mean, std} of the {@code count} feature columns from {@code first} of {@code f} ({@code n x width}). */
  private static double[][] moments(float[] f, int n, int width, int first, int count) {
    double[] mean = new double[count];
    double[] std = new double[count];
    for (int g = 0; g < count; g++) {
      double s = 0;
      double s2 = 0;
      for (int i = 0; i < n; i++) {
        s += f[i * width + first + g];
      }
      mean[g] = s / n;
      for (int i = 0; i < n; i++) {
        double d = f[i * width + first + g] - mean[g];
        s2 += d * d;
      }
      std[g] = Math.max(MIN_STD, Math.sqrt(s2 / (n - 1)));
    }
    return new double[][] {mean, std};
  }

  /** Number of features. */
  public int size() {
    return ringOffset() + (rings == null ? 0 : rings.edges.length);
  }

  /** Index of the first ring in {@link #labelFit}. */
  private int ringCalibrationIndex() {
    return groups.length + (spread == null ? 0 : spread.starts.length);
  }

  /** Index of the first ring feature. */
  private int ringOffset() {
    return spreadOffset() + (spread == null ? 0 : spread.starts.length);
  }

  /** Index of the first spread feature. */
  private int spreadOffset() {
    return groups.length + (centroid == null ? 0 : 2);
  }

  /** The largest column any feature reads, plus one. */
  public int columnsRead() {
    int max = Arrays.stream(groups).mapToInt(r -> r[1]).max().orElse(0);
    max = centroid == null ? max : Math.max(max, centroid.to());
    max = rings == null ? max : Math.max(max, rings.to());
    return spread == null ? max : Math.max(max, spread.to());
  }

  /** Features of {@code events} ({@code n x eventDim}), {@code n x size()}; for features that read no labels. */
  public INDArray compute(INDArray events) {
    return compute(events, null);
  }

  /**
   * Features of {@code events} ({@code n x eventDim}) with their {@code labels} ({@code n x
   * labelDim}; may be null when the features are neither calibrated on labels nor have rings), {@code n x size()}.
   */
  public INDArray compute(INDArray events, INDArray labels) {
    int n = (int) events.rows();
    int d = (int) events.columns();
    if (labelFit != null && (labels == null || labels.rows() != n || labels.columns() != labelFit[0].length / 2)) {
      throw new IllegalArgumentException("features calibrated on " + labelFit[0].length / 2 + " labels need them for all "
          + n + " events");
    }
    requireRingLabels(labels, n);
    return Nd4j.create(values(rowMajor(events), labels == null ? null : rowMajor(labels), n, d),
        new long[] {n, size()}, 'c');
  }

  private void requireRingLabels(INDArray labels, int n) {
    if (rings != null && (labels == null || labels.rows() != n || labels.columns() < rings.labelsRead())) {
      throw new IllegalArgumentException("ring features read " + rings.labelsRead() + " labels (core and axis) for all "
          + n + " events, got " + (labels == null ? "none" : Arrays.toString(labels.shape())));
    }
  }

  /** The label columns the calibration uses (0 without calibration). */
  public int labelsRead() {
    return labelFit == null ? 0 : labelFit[0].length / 2;
  }

  /**
   * The vector-Jacobian product: for upstream gradients {@code dFeatures} ({@code n x size()}),
   * the gradient w.r.t. the events, {@code n x eventDim}.
   */
  public INDArray backward(INDArray events, INDArray dFeatures) {
    return backward(events, null, dFeatures);
  }

  /** As {@link #backward(INDArray, INDArray)}, with the events' labels (needed by the {@link Rings}). */
  public INDArray backward(INDArray events, INDArray labelArray, INDArray dFeatures) {
    int n = (int) events.rows();
    int d = (int) events.columns();
    float[] x = rowMajor(events);
    float[] df = rowMajor(dFeatures);
    float[] dx = new float[n * d];
    int k = size();
    int groupCount = groups.length;
    requireRingLabels(labelArray, n);
    float[] labels = rings == null ? null : rowMajor(labelArray);
    RingWork ringWork = rings == null ? null : new RingWork();
    for (int i = 0; i < n; i++) {
      if (rings != null) {
        // d f_b / d u_c = ([c in b] / (1 + S_b) − 1 / (1 + S)) / std_b, times du/dx = L exp(L x) for x > 0
        ringWork.sums(x, i * d, labels, i * (labels.length / n));
        double common = 0;
        for (int b = 0; b < rings.edges.length; b++) {
          common += df[i * k + ringOffset() + b] / rings.std[b];
        }
        common /= 1 + ringWork.total;
        for (int c = 0; c < rings.x.length; c++) {
          float xc = x[i * d + rings.from + c];
          if (xc > 0) {
            int b = ringWork.ring[c];
            double du = df[i * k + ringOffset() + b] / (rings.std[b] * (1 + ringWork.sum[b])) - common;
            dx[i * d + rings.from + c] += (float) (du * logScale * Math.exp(logScale * xc));
          }
        }
      }
      if (spread != null) {
        for (int b = 0; b < spread.starts.length; b++) {
          int from = i * d + spread.starts[b];
          double[] m = spreadOf(x, from);
          // d r / d u_c = ((X_c - cx)^2 + (Y_c - cy)^2 - V) / (2 r T). The right derivative of
          // u = expm1(L x) at x = 0 is kept: an empty cell that would widen the block must feel it.
          double factor = df[i * k + spreadOffset() + b] / (2 * m[3] * m[2] * spread.std[b]);
          double v = m[3] * m[3] - Spread.SOFTENING * Spread.SOFTENING;
          for (int j = 0; j < spread.x.length; j++) {
            float xc = x[from + j];
            if (xc >= 0) {
              double dxj = spread.x[j] - m[0];
              double dyj = spread.y[j] - m[1];
              dx[from + j] += (float) (factor * (dxj * dxj + dyj * dyj - v) * logScale * Math.exp(logScale * xc));
            }
          }
        }
      }
      if (centroid != null) {
        double[] c = centroidOf(x, i * d);
        double gx = df[i * k + groupCount];
        double gy = df[i * k + groupCount + 1];
        // d cx / d u_c = (X_c - cx) / (1 + S), times du/dx = L exp(L x) for x > 0
        for (int j = 0; j < centroid.x.length; j++) {
          float xc = x[i * d + centroid.from + j];
          if (xc > 0) {
            double du = (gx * (centroid.x[j] - c[0]) + gy * (centroid.y[j] - c[1])) / (1 + c[2]);
            dx[i * d + centroid.from + j] += (float) (du * logScale * Math.exp(logScale * xc));
          }
        }
      }
      for (int g = 0; g < groupCount; g++) {
        int from = groups[g][0];
        int to = groups[g][1];
        double sum = 0;
        for (int c = from; c < to; c++) {
          sum += amount(x[i * d + c]);
        }
        // d f_g / d x_c = L exp(L x_c) / ((1 + S_g) std_g) for x_c > 0, else 0 (the clamp)
        double factor = df[i * k + g] * logScale / ((1 + sum) * std[g]);
        for (int c = from; c < to; c++) {
          float xc = x[i * d + c];
          if (xc > 0) {
            dx[i * d + c] += (float) (factor * Math.exp(logScale * xc));
          }
        }
      }
    }
    return Nd4j.create(dx, new long[] {n, d}, 'c');
  }

  private float[] values(float[] x, float[] labels, int n, int d) {
    if (columnsRead() > d) {
      throw new IllegalArgumentException("critic features read column " + (columnsRead() - 1) + " of events with " + d);
    }
    int k = size();
    float[] f = new float[n * k];
    RingWork ringWork = rings == null ? null : new RingWork();
    for (int i = 0; i < n; i++) {
      if (rings != null) {
        ringWork.sums(x, i * d, labels, i * (labels.length / n));
        for (int b = 0; b < rings.edges.length; b++) {
          double shift = labelFit == null ? 0 : labelShift(ringCalibrationIndex() + b, labels, i);
          f[i * k + ringOffset() + b] = (float) ((Math.log1p(ringWork.sum[b]) - Math.log1p(ringWork.total)
              - rings.mean[b] - shift) / rings.std[b]);
        }
      }
      if (spread != null) {
        for (int b = 0; b < spread.starts.length; b++) {
          double r = spreadOf(x, i * d + spread.starts[b])[3];
          double shift = labelFit == null ? 0 : labelShift(groups.length + b, labels, i);
          f[i * k + spreadOffset() + b] = (float) ((r - spread.mean[b] - shift) / spread.std[b]);
        }
      }
      if (centroid != null) {
        double[] c = centroidOf(x, i * d);
        f[i * k + groups.length] = (float) c[0];
        f[i * k + groups.length + 1] = (float) c[1];
      }
      for (int g = 0; g < groups.length; g++) {
        double sum = 0;
        for (int c = groups[g][0]; c < groups[g][1]; c++) {
          sum += amount(x[i * d + c]);
        }
        double shift = labelFit == null ? 0 : labelShift(g, labels, i);
        f[i * k + g] = (float) ((Math.log1p(sum) - mean[g] - shift) / std[g]);
      }
    }
    return f;
  }

  /** Scratch of one event's ring sums. */
  private final class RingWork {
    final double[] distance = new double[rings.x.length];
    final int[] ring = new int[rings.x.length];
    final double[] sum = new double[rings.edges.length];
    double total;

    /** The ring of every column and the sum per ring of the event at {@code x[offset]}, labels at {@code labels[o]}. */
    void sums(float[] x, int offset, float[] labels, int o) {
      rings.assign(labels, o, distance, ring);
      Arrays.fill(sum, 0);
      total = 0;
      for (int c = 0; c < rings.x.length; c++) {
        double u = amount(x[offset + rings.from + c]);
        sum[ring[c]] += u;
        total += u;
      }
    }
  }

  /** {cx, cy, S} of the event starting at {@code offset}. */
  private double[] centroidOf(float[] x, int offset) {
    double sum = 0;
    double sx = 0;
    double sy = 0;
    for (int j = 0; j < centroid.x.length; j++) {
      double u = amount(x[offset + centroid.from + j]);
      sum += u;
      sx += u * centroid.x[j];
      sy += u * centroid.y[j];
    }
    return new double[] {sx / (1 + sum), sy / (1 + sum), sum};
  }

  /** {cx, cy, T, r} of the spread block whose first column is {@code offset}. */
  private double[] spreadOf(float[] x, int offset) {
    double t = 1;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    for (int j = 0; j < spread.x.length; j++) {
      double u = amount(x[offset + j]);
      t += u;
      sx += u * spread.x[j];
      sy += u * spread.y[j];
      sxx += u * (spread.x[j] * spread.x[j] + spread.y[j] * spread.y[j]);
    }
    double cx = sx / t;
    double cy = sy / t;
    double v = Math.max(0, sxx / t - cx * cx - cy * cy);
    return new double[] {cx, cy, t, Math.sqrt(v + Spread.SOFTENING * Spread.SOFTENING)};
  }

  private double amount(float x) {
    return x > 0 ? Math.expm1(logScale * x) : 0;
  }

  private static float[] rowMajor(INDArray a) {
    return (a.ordering() == 'c' && !a.isView() ? a : a.dup('c')).data().asFloat();
  }

  private static double[] filled(int k, double v) {
    double[] a = new double[k];
    Arrays.fill(a, v);
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CriticFeatures f && logScale == f.logScale && Arrays.deepEquals(groups, f.groups)
        && Arrays.equals(mean, f.mean) && Arrays.equals(std, f.std) && java.util.Objects.equals(centroid, f.centroid)
        && java.util.Objects.equals(spread, f.spread) && Arrays.deepEquals(labelFit, f.labelFit)
        && java.util.Objects.equals(rings, f.rings);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(groups) + Arrays.hashCode(mean);
  }

  @Override
  public String toString() {
    return "CriticFeatures[" + groups.length + " group sums" + (centroid == null ? "" : " and a centroid")
        + (spread == null ? "" : ", " + spread.starts.length + " spreads")
        + (rings == null ? "" : ", " + rings.edges.length + " ring shares")
        + (labelFit == null ? "" : ", calibrated on labels")
        + ", logScale " + logScale + "]";
  }
}
