package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
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
 * @param logScale the encoding's divisor {@code L}
 * @param groups column ranges {@code [from, to)}, one feature each
 * @param mean per-feature offset (the training mean)
 * @param std per-feature scale (the training standard deviation, at least {@link #MIN_STD})
 * @param centroid the centroid's column range and coordinates, or null for none
 */
public record CriticFeatures(double logScale, int[][] groups, double[] mean, double[] std, Centroid centroid) {

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

  /** Group sums without a centroid. */
  public CriticFeatures(double logScale, int[][] groups, double[] mean, double[] std) {
    this(logScale, groups, mean, std, null);
  }
  /** Floor of a feature's scale, so a constant feature is not blown up. */
  public static final double MIN_STD = 1e-3;

  /** Validates the ranges and scales. */
  @JsonCreator
  public CriticFeatures(@JsonProperty("logScale") double logScale, @JsonProperty("groups") int[][] groups,
      @JsonProperty("mean") double[] mean, @JsonProperty("std") double[] std,
      @JsonProperty("centroid") Centroid centroid) {
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
    int n = events.length / eventDim;
    if (n < 2 || events.length % eventDim != 0) {
      throw new IllegalArgumentException("need at least two events of " + eventDim + " values to fit critic features");
    }
    int k = groups.length;
    CriticFeatures raw = new CriticFeatures(logScale, groups, new double[k], filled(k, 1.0));
    float[] f = raw.values(events, n, eventDim);
    int width = raw.size();
    double[] mean = new double[k];
    double[] std = new double[k];
    for (int g = 0; g < k; g++) {
      double s = 0;
      double s2 = 0;
      for (int i = 0; i < n; i++) {
        s += f[i * width + g];
      }
      mean[g] = s / n;
      for (int i = 0; i < n; i++) {
        double d = f[i * width + g] - mean[g];
        s2 += d * d;
      }
      std[g] = Math.max(MIN_STD, Math.sqrt(s2 / (n - 1)));
    }
    return new CriticFeatures(logScale, groups, mean, std, centroid);
  }

  /** Number of features. */
  public int size() {
    return groups.length + (centroid == null ? 0 : 2);
  }

  /** The largest column any feature reads, plus one. */
  public int columnsRead() {
    int groupMax = Arrays.stream(groups).mapToInt(r -> r[1]).max().orElse(0);
    return centroid == null ? groupMax : Math.max(groupMax, centroid.to());
  }

  /** Features of {@code events} ({@code n x eventDim}), {@code n x size()}. */
  public INDArray compute(INDArray events) {
    int n = (int) events.rows();
    int d = (int) events.columns();
    return Nd4j.create(values(rowMajor(events), n, d), new long[] {n, size()}, 'c');
  }

  /**
   * The vector-Jacobian product: for upstream gradients {@code dFeatures} ({@code n x size()}),
   * the gradient w.r.t. the events, {@code n x eventDim}.
   */
  public INDArray backward(INDArray events, INDArray dFeatures) {
    int n = (int) events.rows();
    int d = (int) events.columns();
    float[] x = rowMajor(events);
    float[] df = rowMajor(dFeatures);
    float[] dx = new float[n * d];
    int k = size();
    int groupCount = groups.length;
    for (int i = 0; i < n; i++) {
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

  private float[] values(float[] x, int n, int d) {
    if (columnsRead() > d) {
      throw new IllegalArgumentException("critic features read column " + (columnsRead() - 1) + " of events with " + d);
    }
    int k = size();
    float[] f = new float[n * k];
    for (int i = 0; i < n; i++) {
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
        f[i * k + g] = (float) ((Math.log1p(sum) - mean[g]) / std[g]);
      }
    }
    return f;
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
        && Arrays.equals(mean, f.mean) && Arrays.equals(std, f.std) && java.util.Objects.equals(centroid, f.centroid);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(groups) + Arrays.hashCode(mean);
  }

  @Override
  public String toString() {
    return "CriticFeatures[" + groups.length + " group sums" + (centroid == null ? "" : " and a centroid")
        + ", logScale " + logScale + "]";
  }
}
