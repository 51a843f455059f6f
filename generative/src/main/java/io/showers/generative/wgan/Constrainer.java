package io.showers.generative.wgan;

import io.showers.generative.nn.Adam;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The constrainer of arXiv:1807.01954: a regressor {@code R} (dense network, trained beforehand
 * with MSE on reference events and then frozen) that predicts chosen label columns from an event.
 * It adds {@code kappa |MSE(R(G(z, y)), y_t) - MSE(R(x), y_t)|} to the generator loss, so a
 * generated event carries the labels it was asked for as well as a real one does.
 *
 * <p>With a {@link Resolution} each residual is divided by the regressor's own resolution on
 * reference events at that label value before squaring. Why: a detector's resolution changes
 * with energy (an air-shower array's total signal fluctuates by 0.2 dex at 3 EeV and 0.05 dex at
 * 50 EeV), so a plain batch MSE is dominated by the low energies, and a generator can match it
 * with events too smeared at high energy and too sharp at low energy. Normalised, every energy
 * counts by how far it is from its own reference resolution.
 */
public final class Constrainer {
  private final DenseNet regressor;
  private final int[] targetColumns;
  private final Resolution resolution;

  /**
   * The regressor's squared error on reference events as a piecewise-linear function of the true
   * label value, per target column: {@code variance[j][k]} at {@code knots[j][k]} (increasing),
   * constant beyond the ends.
   *
   * @param knots label values, per target column
   * @param variance mean squared residual at each knot (positive)
   */
  public record Resolution(double[][] knots, double[][] variance) {
    /** Validates the curves. */
    public Resolution {
      if (knots == null || variance == null || knots.length != variance.length || knots.length == 0) {
        throw new IllegalArgumentException("a resolution needs one curve per target column");
      }
      for (int j = 0; j < knots.length; j++) {
        if (knots[j].length == 0 || knots[j].length != variance[j].length) {
          throw new IllegalArgumentException("resolution curve " + j + " needs as many variances as knots");
        }
        for (int k = 0; k < knots[j].length; k++) {
          if (!(variance[j][k] > 0) || !Double.isFinite(variance[j][k]) || !Double.isFinite(knots[j][k])
              || (k > 0 && !(knots[j][k] > knots[j][k - 1]))) {
            throw new IllegalArgumentException("resolution curve " + j + " needs increasing knots and positive"
                + " variances, got " + Arrays.toString(knots[j]) + " / " + Arrays.toString(variance[j]));
          }
        }
      }
      knots = Arrays.stream(knots).map(double[]::clone).toArray(double[][]::new);
      variance = Arrays.stream(variance).map(double[]::clone).toArray(double[][]::new);
    }

    /** The variance of target column {@code j} at label value {@code t}. */
    public double at(int j, double t) {
      double[] k = knots[j];
      double[] v = variance[j];
      if (t <= k[0]) {
        return v[0];
      }
      for (int i = 1; i < k.length; i++) {
        if (t <= k[i]) {
          double w = (t - k[i - 1]) / (k[i] - k[i - 1]);
          return v[i - 1] + w * (v[i] - v[i - 1]);
        }
      }
      return v[v.length - 1];
    }

    /**
     * Curves measured from residuals {@code r} and true values {@code t} ({@code n x targets},
     * row-major): per column, {@code bins} equal-population bins of t, knot = mean t, variance =
     * mean r² in the bin (floored at {@code 1e-3} of the overall mean r², so a bin the regressor
     * happens to fit exactly does not get an unbounded weight). Labels with at most {@code bins}
     * distinct values (a beam test's energies) get one bin per value instead.
     */
    public static Resolution measure(double[] r, double[] t, int targets, int bins) {
      int n = r.length / targets;
      if (n < 2 * bins || r.length != t.length || r.length % targets != 0) {
        throw new IllegalArgumentException("need at least " + 2 * bins + " residuals per target to measure a resolution");
      }
      double[][] knots = new double[targets][];
      double[][] variance = new double[targets][];
      for (int j = 0; j < targets; j++) {
        final int col = j;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(t[a * targets + col], t[b * targets + col]));
        double overall = 0;
        for (int i = 0; i < n; i++) {
          overall += r[i * targets + j] * r[i * targets + j] / n;
        }
        // bin edges: one bin per distinct label value when there are at most `bins` of them (a
        // beam test's energies), else equal-population bins
        int[] edges = distinctRuns(order, t, targets, j, bins);
        if (edges == null) {
          edges = new int[bins + 1];
          for (int b = 0; b <= bins; b++) {
            edges[b] = (int) ((long) b * n / bins);
          }
        }
        double[] k = new double[edges.length - 1];
        double[] sumR2 = new double[k.length];
        int[] count = new int[k.length];
        int m = 0;
        for (int b = 0; b + 1 < edges.length; b++) {
          double st = 0;
          double sr = 0;
          for (int i = edges[b]; i < edges[b + 1]; i++) {
            st += t[order[i] * targets + j];
            sr += r[order[i] * targets + j] * r[order[i] * targets + j];
          }
          int c = edges[b + 1] - edges[b];
          if (m > 0 && !(st / c > k[m - 1])) {
            // an equal-population bin inside a run of tied labels joins its neighbour
            k[m - 1] = (k[m - 1] * count[m - 1] + st) / (count[m - 1] + c);
            sumR2[m - 1] += sr;
            count[m - 1] += c;
          } else {
            k[m] = st / c;
            sumR2[m] = sr;
            count[m++] = c;
          }
        }
        knots[j] = Arrays.copyOf(k, m);
        variance[j] = new double[m];
        for (int b = 0; b < m; b++) {
          variance[j][b] = Math.max(sumR2[b] / count[b], 1e-3 * overall + Double.MIN_NORMAL);
        }
      }
      return new Resolution(knots, variance);
    }

    /**
     * Run boundaries of equal values of column {@code j} in sorted {@code order}, or null if there
     * are more than {@code max} runs or one holds fewer than {@link #MIN_RUN} residuals (a variance
     * from a handful of events would give them an arbitrary weight).
     */
    private static int[] distinctRuns(Integer[] order, double[] t, int targets, int j, int max) {
      int[] edges = new int[max + 1];
      int runs = 0;
      for (int i = 1; i <= order.length; i++) {
        if (i == order.length || t[order[i] * targets + j] != t[order[i - 1] * targets + j]) {
          if (runs == max || i - edges[runs] < MIN_RUN) {
            return null;
          }
          edges[++runs] = i;
        }
      }
      return Arrays.copyOf(edges, runs + 1);
    }

    /** Fewest residuals a repeated label value needs for a variance of its own. */
    static final int MIN_RUN = 20;

    @Override
    public boolean equals(Object o) {
      return o instanceof Resolution q && Arrays.deepEquals(knots, q.knots) && Arrays.deepEquals(variance, q.variance);
    }

    @Override
    public int hashCode() {
      return Arrays.deepHashCode(knots);
    }
  }

  /**
   * @param regressor maps an event ({@code eventDim}) to {@code targetColumns.length} values
   * @param targetColumns label columns the regressor predicts, in its output order
   */
  public Constrainer(DenseNet regressor, int[] targetColumns) {
    this(regressor, targetColumns, null);
  }

  /**
   * @param regressor maps an event ({@code eventDim}) to {@code targetColumns.length} values
   * @param targetColumns label columns the regressor predicts, in its output order
   * @param resolution the regressor's resolution on reference events, or null for a plain MSE
   */
  public Constrainer(DenseNet regressor, int[] targetColumns, Resolution resolution) {
    if (resolution != null && resolution.knots().length != targetColumns.length) {
      throw new IllegalArgumentException("resolution has " + resolution.knots().length + " curves for "
          + targetColumns.length + " target columns");
    }
    if (targetColumns.length == 0 || regressor.spec().outputSize() != targetColumns.length) {
      throw new IllegalArgumentException("regressor output " + regressor.spec().outputSize()
          + " does not match target columns " + Arrays.toString(targetColumns));
    }
    for (int c : targetColumns) {
      if (c < 0) {
        throw new IllegalArgumentException("negative target column " + c);
      }
    }
    this.regressor = regressor;
    this.targetColumns = targetColumns.clone();
    this.resolution = resolution;
  }

  /** The resolution the residuals are normalised by, or null. */
  public Resolution resolution() {
    return resolution;
  }

  /**
   * This constrainer with residuals normalised by its resolution measured on {@code n} events of
   * {@code data} (drawn with {@code seed}) in {@code bins} equal-population bins per target.
   */
  public Constrainer withMeasuredResolution(TrainingData data, int n, int bins, long seed) {
    int[] rows = data.sampleIndices(n, new Rng(seed));
    INDArray t = targets(data.labels(rows));
    INDArray r = regressor.output(data.events(rows)).subi(t);
    double[] rr = r.dup('c').data().asDouble();
    double[] tt = t.dup('c').data().asDouble();
    return new Constrainer(regressor, targetColumns, Resolution.measure(rr, tt, targetColumns.length, bins));
  }

  /** The frozen regressor (live; do not modify). */
  public DenseNet regressor() {
    return regressor;
  }

  /** The predicted label columns. */
  public int[] targetColumns() {
    return targetColumns.clone();
  }

  /**
   * Trains a regressor with MSE (Adam, beta (0.9, 0.999), constant {@code lr}) on the events of
   * {@code data} to predict its label columns {@code targetColumns}; batches drawn with {@code
   * seed}.
   *
   * @param spec regressor architecture: input {@code data.eventDim()}, output {@code targetColumns.length}
   */
  public static Constrainer train(TrainingData data, int[] targetColumns, DenseSpec spec, int steps,
      int batchSize, double lr, long seed) {
    if (spec.inputSize() != data.eventDim()) {
      throw new IllegalArgumentException("regressor input " + spec.inputSize() + " != event size " + data.eventDim());
    }
    for (int c : targetColumns) {
      if (c >= data.labelDim()) {
        throw new IllegalArgumentException("target column " + c + " outside " + data.labelDim() + " labels");
      }
    }
    Rng rng = new Rng(seed);
    DenseNet net = DenseNet.initialise(spec, rng.nextLong());
    Constrainer c = new Constrainer(net, targetColumns);
    Adam adam = new Adam(net.parameterCount(), 0.9, 0.999, 1e-8);
    DenseNet.Gradient grad = net.newGradient();
    for (int s = 0; s < steps; s++) {
      int[] rows = data.sampleIndices(batchSize, rng);
      INDArray x = data.events(rows);
      INDArray t = c.targets(data.labels(rows));
      DenseNet.Forward f = net.forward(x);
      INDArray dOut = f.output().sub(t).muli(2.0 / t.length());
      net.backward(f, dOut, null, grad.zero(), false);
      adam.step(net.params(), grad.flat(), lr);
    }
    return c;
  }

  /** The target columns of {@code labels}, {@code n x targets}. */
  public INDArray targets(INDArray labels) {
    return labels.get(NDArrayIndex.all(), NDArrayIndex.indices(Arrays.stream(targetColumns).mapToLong(i -> i).toArray()));
  }

  /**
   * Mean squared error of the regressor on {@code events} against the target labels, each
   * residual divided by the resolution at its label when there is one.
   */
  public double mse(INDArray events, INDArray labels) {
    INDArray t = targets(labels);
    return weightedMse(regressor.output(events).subi(t), inverseVariance(t));
  }

  private static double weightedMse(INDArray residual, INDArray inverseVariance) {
    return residual.mul(residual).muli(inverseVariance).meanNumber().doubleValue();
  }

  /** {@code 1 / variance} at each target value (ones without a resolution), shaped as {@code t}. */
  private INDArray inverseVariance(INDArray t) {
    INDArray w = t.dup('c');
    if (resolution == null) {
      return w.assign(1.0);
    }
    for (int i = 0; i < w.rows(); i++) {
      for (int j = 0; j < w.columns(); j++) {
        w.putScalar(i, j, 1.0 / resolution.at(j, t.getDouble(i, j)));
      }
    }
    return w;
  }

  /** The constrainer term and its gradient w.r.t. the fake events. */
  public record Term(double value, INDArray fakeGradient) {}

  /**
   * {@code kappa |MSE(R(fake), y_t) - MSE(R(real), y_t)|} (normalised as in {@link #mse}) and its
   * gradient w.r.t. {@code fake} (the real events and the frozen regressor are constants).
   */
  public Term term(INDArray fake, INDArray real, INDArray labels, double kappa) {
    INDArray t = targets(labels);
    DenseNet.Forward f = regressor.forward(fake);
    INDArray diff = f.output().sub(t);
    // fake and real share the labels, hence the weights
    INDArray w = inverseVariance(t);
    double mseFake = weightedMse(diff, w);
    double mseReal = weightedMse(regressor.output(real).subi(t), w);
    double sign = Math.signum(mseFake - mseReal);
    INDArray dOut = diff.muli(w).muli(kappa * sign * 2.0 / t.length());
    INDArray g = regressor.backward(f, dOut, null, null, true);
    return new Term(kappa * Math.abs(mseFake - mseReal), g);
  }
}
