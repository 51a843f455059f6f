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
 * @param logScale the encoding's divisor {@code L}
 * @param groups column ranges {@code [from, to)}, one feature each
 * @param mean per-feature offset (the training mean)
 * @param std per-feature scale (the training standard deviation, at least {@link #MIN_STD})
 */
public record CriticFeatures(double logScale, int[][] groups, double[] mean, double[] std) {
  /** Floor of a feature's scale, so a constant feature is not blown up. */
  public static final double MIN_STD = 1e-3;

  /** Validates the ranges and scales. */
  @JsonCreator
  public CriticFeatures(@JsonProperty("logScale") double logScale, @JsonProperty("groups") int[][] groups,
      @JsonProperty("mean") double[] mean, @JsonProperty("std") double[] std) {
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
  }

  /**
   * Features over the given column ranges, standardised on {@code events} ({@code n x eventDim}
   * model-space values, row-major).
   */
  public static CriticFeatures fit(float[] events, int eventDim, double logScale, int[][] groups) {
    int n = events.length / eventDim;
    if (n < 2 || events.length % eventDim != 0) {
      throw new IllegalArgumentException("need at least two events of " + eventDim + " values to fit critic features");
    }
    int k = groups.length;
    CriticFeatures raw = new CriticFeatures(logScale, groups, new double[k], filled(k, 1.0));
    float[] f = raw.values(events, n, eventDim);
    double[] mean = new double[k];
    double[] std = new double[k];
    for (int g = 0; g < k; g++) {
      double s = 0;
      double s2 = 0;
      for (int i = 0; i < n; i++) {
        s += f[i * k + g];
      }
      mean[g] = s / n;
      for (int i = 0; i < n; i++) {
        double d = f[i * k + g] - mean[g];
        s2 += d * d;
      }
      std[g] = Math.max(MIN_STD, Math.sqrt(s2 / (n - 1)));
    }
    return new CriticFeatures(logScale, groups, mean, std);
  }

  /** Number of features. */
  public int size() {
    return groups.length;
  }

  /** The largest column any group reads, plus one. */
  public int columnsRead() {
    return Arrays.stream(groups).mapToInt(r -> r[1]).max().orElse(0);
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
    for (int i = 0; i < n; i++) {
      for (int g = 0; g < k; g++) {
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
      for (int g = 0; g < k; g++) {
        double sum = 0;
        for (int c = groups[g][0]; c < groups[g][1]; c++) {
          sum += amount(x[i * d + c]);
        }
        f[i * k + g] = (float) ((Math.log1p(sum) - mean[g]) / std[g]);
      }
    }
    return f;
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
        && Arrays.equals(mean, f.mean) && Arrays.equals(std, f.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(groups) + Arrays.hashCode(mean);
  }

  @Override
  public String toString() {
    return "CriticFeatures[" + groups.length + " group sums, logScale " + logScale + "]";
  }
}
