package io.showers.generative.wgan;

import io.showers.generative.nn.Activation;
import io.showers.generative.nn.Adam;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maximum-likelihood fit of a small dense network whose outputs are the parameters of a per-event
 * density ({@link TotalDensity}, {@link GumbelDensity}): Adam on the mean negative log-likelihood of
 * random mini-batches, the learning rate falling linearly to a tenth.
 */
final class LikelihoodFit {
  /** Adam steps, batch, initial learning rate. */
  static final int STEPS = 2000;
  static final int BATCH = 1024;
  static final double LEARNING_RATE = 3e-3;

  /** The negative log-likelihood's gradient for one event. */
  @FunctionalInterface
  interface Gradient {
    /**
     * Writes d(−ln p)/d(output) of the event whose network outputs are {@code out[o .. o + k)} and
     * whose target is {@code target} into {@code dOut[o .. o + k)}, each divided by {@code batch} (the mean
     * over the mini-batch).
     */
    void write(float[] out, int o, double target, float[] dOut, int batch);
  }

  /** Hidden layers of a density network. */
  private static final int[] HIDDEN = {64, 64};

  private LikelihoodFit() {}

  /** Throws naming {@code what} unless every one of a density network's {@code params} is finite. */
  static void requireFinite(float[] params, String what) {
    for (float v : params) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(what + " parameters must be finite, got " + v);
      }
    }
  }

  /** A density network: {@code inputs} → 64 → 64 (tanh) → {@code outputs} linear parameters. */
  static DenseSpec network(int inputs, int outputs) {
    int[] sizes = new int[HIDDEN.length + 2];
    sizes[0] = inputs;
    System.arraycopy(HIDDEN, 0, sizes, 1, HIDDEN.length);
    sizes[sizes.length - 1] = outputs;
    return DenseSpec.of(sizes).withHidden(Activation.TANH);
  }

  /**
   * The least-squares linear fit of {@code target} on (1, inputs) over {@code rows}.
   *
   * @param coefficients intercept, then one per input
   * @param residuals target less the fit, per event (indexed like the input rows; 0 outside {@code rows})
   * @param rms the residuals' rms over {@code rows}
   */
  record Baseline(double[] coefficients, double[] residuals, double rms) {}

  /** The {@link Baseline} of {@code target} (indexed like the input rows) on {@code inputs} ({@code width} per event). */
  static Baseline linear(float[] inputs, int width, int[] rows, double[] target) {
    double[][] design = new double[rows.length][width + 1];
    double[] y = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      design[i][0] = 1;
      for (int j = 0; j < width; j++) {
        design[i][1 + j] = inputs[rows[i] * width + j];
      }
      y[i] = target[rows[i]];
    }
    double[] base = LabelRegression.pseudoInverse(design).operate(y);
    double[] residual = new double[target.length];
    double sum2 = 0;
    for (int i = 0; i < rows.length; i++) {
      double r = y[i];
      for (int j = 0; j <= width; j++) {
        r -= base[j] * design[i][j];
      }
      residual[rows[i]] = r;
      sum2 += r * r;
    }
    return new Baseline(base, residual, Math.sqrt(sum2 / rows.length));
  }

  /**
   * The fitted parameters of a network of {@code spec}.
   *
   * @param inputs all events' network inputs, row-major, {@code spec.inputSize()} per event
   * @param rows the events to fit
   * @param target per event (indexed like the input rows)
   */
  static float[] fit(DenseSpec spec, float[] inputs, int[] rows, double[] target, Gradient gradient, long seed) {
    int width = spec.inputSize();
    int k = spec.outputSize();
    Rng rng = new Rng(seed);
    DenseNet net = DenseNet.initialise(spec, rng.nextLong());
    Adam adam = new Adam(net.parameterCount(), 0.9, 0.999, 1e-8);
    DenseNet.Gradient grad = net.newGradient();
    int b = Math.min(BATCH, rows.length);
    float[] x = new float[b * width];
    double[] t = new double[b];
    float[] dOut = new float[k * b];
    for (int step = 0; step < STEPS; step++) {
      for (int e = 0; e < b; e++) {
        int r = rows[rng.nextInt(rows.length)];
        System.arraycopy(inputs, r * width, x, e * width, width);
        t[e] = target[r];
      }
      DenseNet.Forward f = net.forward(Nd4j.create(x, new long[] {b, width}, 'c'));
      float[] out = f.output().dup('c').data().asFloat();
      for (int e = 0; e < b; e++) {
        gradient.write(out, k * e, t[e], dOut, b);
      }
      net.backward(f, Nd4j.create(dOut, new long[] {b, k}, 'c'), null, grad.zero(), false);
      adam.step(net.params(), grad.flat(), LEARNING_RATE * (1 - 0.9 * step / (double) STEPS));
    }
    return net.params().dup().data().asFloat();
  }
}
