package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.generative.nn.Activation;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The explicit input gradient and the penalty's parameter gradient (float32, ND4J) against a
 * double-precision finite-difference reference, for a 3 -> 5 -> 4 -> 1 critic whose input is 2
 * event columns and 1 label column.
 */
class GradientPenaltyTest {
  static final int EVENT = 2;
  static final int N = 6;
  static final double LAMBDA = 10;
  /** Central-difference step for the double-precision reference. */
  static final double H = 1e-5;
  /**
   * Tolerance: every component within 1e-5 of the largest reference component (float32 has
   * ~1e-7 relative precision; 1e-5 leaves room for accumulated rounding (measured: <= 4e-7), yet any missing or
   * wrong term is of order 1e-1 and fails).
   */
  static final double TOL = 1e-5;

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"SMOOTH_LEAKY_RELU", "LEAKY_RELU", "TANH"})
  void inputGradientMatchesFiniteDifferences(Activation act) {
    DenseSpec spec = DenseSpec.of(3, 5, 4, 1).withHidden(act);
    DenseNet net = DenseNet.initialise(spec, 11);
    double[][] x = rows(new Rng(5), N, 3);
    INDArray g = GradientPenalty.inputGradient(net, toArray(x), EVENT);
    assertEquals(N, g.rows());
    assertEquals(EVENT, g.columns());
    ReferenceCritic ref = new ReferenceCritic(spec);
    double[] p = params(net);
    double max = 0;
    double[][] fd = new double[N][];
    for (int i = 0; i < N; i++) {
      fd[i] = ref.inputGradientFd(p, x[i], EVENT, H);
      for (double v : fd[i]) {
        max = Math.max(max, Math.abs(v));
      }
    }
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < EVENT; c++) {
        assertEquals(fd[i][c], g.getDouble(i, c), TOL * max, act + " row " + i + " col " + c);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"SMOOTH_LEAKY_RELU", "LEAKY_RELU", "TANH"})
  void penaltyParameterGradientMatchesFiniteDifferences(Activation act) {
    DenseSpec spec = DenseSpec.of(3, 5, 4, 1).withHidden(act);
    DenseNet net = DenseNet.initialise(spec, 12);
    double[][] x = rows(new Rng(6), N, 3);
    DenseNet.Gradient grad = net.newGradient();
    GradientPenalty.Value v = GradientPenalty.accumulate(net, toArray(x), EVENT, LAMBDA, grad);
    ReferenceCritic ref = new ReferenceCritic(spec);
    double[] p = params(net);
    assertEquals(ref.penalty(p, x, EVENT, LAMBDA), v.penalty(), 1e-5 * Math.max(1, v.penalty()));
    compare(act + " penalty", grad, p, q -> ref.penalty(q, x, EVENT, LAMBDA));
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"SMOOTH_LEAKY_RELU", "LEAKY_RELU"})
  void criticLossGradientMatchesFiniteDifferences(Activation act) {
    DenseSpec spec = DenseSpec.of(3, 5, 4, 1).withHidden(act);
    Critic critic = new Critic(DenseNet.initialise(spec, 13), EVENT, 1);
    Rng rng = new Rng(7);
    double[][] real = rows(rng, N, EVENT);
    double[][] fake = rows(rng, N, EVENT);
    double[][] lab = rows(rng, N, 1);
    double[] eps = new double[N];
    for (int i = 0; i < N; i++) {
      eps[i] = (float) rng.nextDouble();
    }
    DenseNet.Gradient grad = critic.net().newGradient();
    Critic.Losses l = critic.lossAndGradient(toArray(real), toArray(fake), toArray(lab),
        toArray(new double[][] {eps}).transpose().dup(), LAMBDA, grad);
    double[][] ri = new double[N][];
    double[][] fi = new double[N][];
    double[][] hi = new double[N][];
    for (int i = 0; i < N; i++) {
      ri[i] = new double[] {real[i][0], real[i][1], lab[i][0]};
      fi[i] = new double[] {fake[i][0], fake[i][1], lab[i][0]};
      // interpolate in float like the production code: fake + eps (real - fake)
      hi[i] = new double[] {
        (float) ((float) ((float) (real[i][0] - fake[i][0]) * eps[i]) + fake[i][0]),
        (float) ((float) ((float) (real[i][1] - fake[i][1]) * eps[i]) + fake[i][1]), lab[i][0]};
    }
    ReferenceCritic ref = new ReferenceCritic(spec);
    double[] p = params(critic.net());
    assertEquals(ref.criticLoss(p, ri, fi, hi, EVENT, LAMBDA), l.loss(), 1e-4 * Math.max(1, Math.abs(l.loss())));
    compare(act + " critic loss", grad, p, q -> ref.criticLoss(q, ri, fi, hi, EVENT, LAMBDA));
  }

  /** Compares the float gradient with central differences of the double reference. */
  private static void compare(String what, DenseNet.Gradient gradient, double[] p, ToDoubleFunction<double[]> f) {
    INDArray grad = gradient.flat();
    double[] fd = new double[p.length];
    double max = 0;
    for (int j = 0; j < p.length; j++) {
      double[] q = p.clone();
      q[j] = p[j] + H;
      double up = f.applyAsDouble(q);
      q[j] = p[j] - H;
      double down = f.applyAsDouble(q);
      fd[j] = (up - down) / (2 * H);
      max = Math.max(max, Math.abs(fd[j]));
    }
    assertTrue(max > 1e-2, what + ": reference gradient unexpectedly tiny " + max);
    double worst = 0;
    for (int j = 0; j < p.length; j++) {
      double err = Math.abs(grad.getDouble(0, j) - fd[j]);
      worst = Math.max(worst, err / max);
      assertEquals(fd[j], grad.getDouble(0, j), TOL * max, what + ": parameter " + j);
    }
    System.out.printf("%s: %d parameters, max |error| / max |gradient| = %.2e%n", what, p.length, worst);
  }

  static double[] params(DenseNet net) {
    float[] f = net.params().data().asFloat();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** Random rows, rounded to float so the reference sees exactly what ND4J sees. */
  static double[][] rows(Rng rng, int n, int w) {
    double[][] r = new double[n][w];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < w; j++) {
        r[i][j] = (float) rng.nextGaussian();
      }
    }
    return r;
  }

  static INDArray toArray(double[][] x) {
    float[] f = new float[x.length * x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        f[i * x[0].length + j] = (float) x[i][j];
      }
    }
    return Nd4j.create(f, new long[] {x.length, x[0].length}, 'c');
  }
}
