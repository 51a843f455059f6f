package io.showers.generative.wgan;

import io.showers.generative.nn.Activation;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The WGAN-GP gradient penalty {@code P = lambda mean_i (||grad_x D(xhat_i)||_2 - 1)^2} of a
 * dense critic and its exact gradient w.r.t. the critic's parameters, without
 * differentiating a gradient with an autodiff engine (Deeplearning4j cannot).
 *
 * <p>For a critic with layers {@code a_{l+1} = act(a_l W_l + b_l)} and a linear scalar output
 * {@code D = a_{L-1} W_{L-1} + b_{L-1}}, the input gradient is the explicit chain
 * <pre>
 *   g_{L-1} = 1 W_{L-1}^T,   s_l = g_{l+1} (.) act'(z_l),   g_l = s_l W_l^T   (l = L-2 .. 0)
 * </pre>
 * keeping only the event columns of {@code g_0} (the label columns are not penalised). The
 * penalty is then an ordinary function of the parameters, and this class back-propagates it
 * through that chain by hand: with {@code gbar_0 = 2 lambda/n (r-1)/r g_0},
 * <pre>
 *   sbar_l = gbar_l W_l,   Wbar_l += gbar_l^T s_l,   gbar_{l+1} = sbar_l (.) act'(z_l),
 *   zbar_l = sbar_l (.) g_{l+1} (.) act''(z_l),      Wbar_{L-1} += colsum(gbar_{L-1})^T,
 * </pre>
 * and the pre-activation gradients {@code zbar_l} are pushed through the critic's ordinary
 * backward pass ({@link DenseNet#backward}), which adds their weight and bias terms. For
 * piecewise-linear activations {@code act'' = 0} almost everywhere and only the first line
 * contributes. The result is checked against a double-precision finite-difference reference in
 * the tests.
 */
public final class GradientPenalty {
  /** Added under the square root so the norm is differentiable at a zero gradient. */
  static final double NORM_EPSILON = 1e-12;

  private GradientPenalty() {}

  /** Penalty value (including {@code lambda}) and the batch-mean input-gradient norm. */
  public record Value(double penalty, double meanNorm) {}

  /** Checks that {@code critic} is a dense network with one linear output. */
  static void checkCritic(DenseNet critic) {
    DenseSpec s = critic.spec();
    if (s.outputSize() != 1 || s.output() != Activation.IDENTITY) {
      throw new IllegalArgumentException("a critic needs one linear output, got " + s);
    }
  }

  /**
   * The gradient of {@code D} w.r.t. the first {@code eventColumns} input columns, per row,
   * computed with the explicit chain above ({@code n x eventColumns}).
   */
  public static INDArray inputGradient(DenseNet critic, INDArray input, int eventColumns) {
    checkCritic(critic);
    Chain c = chain(critic, critic.forward(input), eventColumns);
    return c.g[0];
  }

  /**
   * Evaluates the penalty at the rows of {@code input} (event columns first, then labels) and
   * adds its gradient w.r.t. the critic parameters to {@code gradient}.
   */
  public static Value accumulate(
      DenseNet critic, INDArray input, int eventColumns, double lambda, DenseNet.Gradient gradient) {
    checkCritic(critic);
    DenseNet.Forward f = critic.forward(input);
    Chain c = chain(critic, f, eventColumns);
    int n = (int) input.rows();
    int L = critic.spec().layers();
    double alpha = critic.spec().alpha();

    INDArray g0 = c.g[0];
    INDArray r = Transforms.sqrt(g0.mul(g0).sum(true, 1).addi(NORM_EPSILON), false); // n x 1
    INDArray rm1 = r.sub(1.0);
    double penalty = lambda * rm1.mul(rm1).meanNumber().doubleValue();
    double meanNorm = r.meanNumber().doubleValue();

    INDArray[] zbar = new INDArray[L];
    // gbar_0 = 2 lambda / n (r - 1) / r g_0
    INDArray gbar = g0.mulColumnVector(rm1.divi(r).muli(2.0 * lambda / n));
    for (int l = 0; l < L; l++) {
      INDArray w = l == 0 ? eventRows(critic.weight(0), eventColumns) : critic.weight(l);
      INDArray gW = l == 0 ? eventRows(gradient.weight(0), eventColumns) : gradient.weight(l);
      if (l == L - 1) {
        // g_{L-1} = 1 W_{L-1}^T
        gW.addi(gbar.sum(true, 0).transpose());
        break;
      }
      INDArray sbar = gbar.mmul(w); // n x size(l+1)
      gW.addi(gbar.transpose().mmul(c.s[l]));
      Activation act = critic.spec().activation(l);
      INDArray second = act.secondDerivative(f.preActivation(l), alpha);
      if (second != null) {
        // zbar_l = sbar_l (.) g_{l+1} (.) act''(z_l); g_{L-1} is the row W_{L-1}^T broadcast
        zbar[l] = l + 1 == L - 1 ? second.muliRowVector(c.top).muli(sbar) : second.muli(c.g[l + 1]).muli(sbar);
      }
      gbar = sbar.muli(c.dact[l]);
    }
    critic.backward(f, null, zbar, gradient, false);
    return new Value(penalty, meanNorm);
  }

  private static INDArray eventRows(INDArray w, int eventColumns) {
    return w.rows() == eventColumns ? w : w.get(NDArrayIndex.interval(0, eventColumns), NDArrayIndex.all());
  }

  /** The explicit input-gradient chain: g[l] = dD/da_l, s[l], act'(z_l). */
  private static Chain chain(DenseNet critic, DenseNet.Forward f, int eventColumns) {
    DenseSpec spec = critic.spec();
    int L = spec.layers();
    if (eventColumns <= 0 || eventColumns > spec.inputSize()) {
      throw new IllegalArgumentException(
          "event columns " + eventColumns + " outside the critic input of " + spec.inputSize());
    }
    int n = (int) f.activation(0).rows();
    INDArray[] g = new INDArray[L];
    INDArray[] s = new INDArray[L];
    INDArray[] dact = new INDArray[L];
    // g_{L-1}: every row is W_{L-1}^T (kept as one row, broadcast where used)
    INDArray top = critic.weight(L - 1).reshape(1, spec.size(L - 1));
    for (int l = L - 2; l >= 0; l--) {
      dact[l] = spec.activation(l).derivative(f.preActivation(l), spec.alpha());
      s[l] = l == L - 2 ? dact[l].mulRowVector(top) : g[l + 1].mul(dact[l]);
      INDArray w = l == 0 ? eventRows(critic.weight(0), eventColumns) : critic.weight(l);
      g[l] = s[l].mmul(w.transpose());
    }
    if (L == 1) {
      g[0] = top.get(NDArrayIndex.all(), NDArrayIndex.interval(0, eventColumns)).repeat(0, n);
    }
    return new Chain(g, s, dact, top);
  }

  private record Chain(INDArray[] g, INDArray[] s, INDArray[] dact, INDArray top) {}
}
