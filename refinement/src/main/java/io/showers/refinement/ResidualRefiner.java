package io.showers.refinement;

import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.Rng;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The part every refiner shares: {@code R(x) = P(x + f(x))} in a detector's model space, where
 * {@code f} is one small dense network evaluated per unit (cell or station) on local features and
 * event summaries, and {@code P} applies the detector's rules (threshold, trigger, dead channels).
 * Subclasses say which units are refined with which features, and what {@code P} does.
 */
abstract class ResidualRefiner {
  protected final DenseNet net;

  ResidualRefiner(DenseNet net) {
    this.net = net;
  }

  DenseNet net() {
    return net;
  }

  /** Values per model-space event. */
  abstract int eventDim();

  /** Rows of the per-unit network for {@code n} model-space events; {@code noise} fills the noise input. */
  abstract UnitFeatures features(float[] x, int n, Rng noise);

  /** Applies the detector's rules to {@code n} refined model-space events in place. */
  abstract void project(float[] y, int n);

  /** Whether the value at a flat index is forced by {@code P} whatever the network says (no gradient). */
  abstract boolean frozen(int flat);

  /** {@code P(x + f(x))} of {@code n} model-space events. */
  float[] refine(float[] x, int n, Rng noise) {
    return pass(x, n, noise, false).refined();
  }

  /** A forward pass that can be back-propagated (training). */
  Pass pass(float[] x, int n, Rng noise, boolean keep) {
    UnitFeatures u = features(x, n, noise);
    float[] y = (u.base() == null ? x : u.base()).clone();
    DenseNet.Forward f = null;
    float[] out = new float[0];
    if (u.rows() > 0) {
      if (keep) {
        f = net.forward(u.features());
        out = f.output().data().asFloat();
      } else {
        out = net.output(u.features()).data().asFloat();
      }
      int outs = u.targets().length;
      for (int c = 0; c < outs; c++) {
        int[] t = u.targets()[c];
        for (int k = 0; k < u.rows(); k++) {
          if (t[k] >= 0) {
            y[t[k]] += u.scales()[c] * out[k * outs + c];
          }
        }
      }
    }
    float[] z = keep ? y.clone() : null;
    project(y, n);
    return new Pass(u, f, out, x, z, y, n);
  }

  /**
   * One differentiable refinement.
   *
   * @param units the network rows
   * @param forward the network's forward pass (null when nothing was refined or not kept)
   * @param output network outputs, rows × outputs
   * @param unprojected {@code x + f(x)} before the detector's rules (kept for training only)
   * @param refined {@code P(x + f(x))}
   * @param events events in the batch
   */
  final class Pass {
    private final UnitFeatures units;
    private final DenseNet.Forward forward;
    private final float[] output;
    private final float[] input;
    private final float[] unprojected;
    private final float[] refined;
    private final int events;

    Pass(UnitFeatures units, DenseNet.Forward forward, float[] output, float[] input, float[] unprojected,
        float[] refined, int events) {
      this.units = units;
      this.forward = forward;
      this.output = output;
      this.input = input;
      this.unprojected = unprojected;
      this.refined = refined;
      this.events = events;
    }

    float[] refined() {
      return refined;
    }

    /** {@code x + f(x)} before the projection (null unless the pass was kept for training). */
    float[] unprojected() {
      return unprojected;
    }

    /**
     * Mean |network output| per model-space value (the self-regularisation term without alpha);
     * at targets empty before and after refinement each output counts its {@linkplain
     * UnitFeatures#emptyWeight empty-target weight}.
     */
    double meanAbsCorrection() {
      double s = 0;
      int outs = units.targets().length;
      for (int k = 0; k < units.rows(); k++) {
        for (int c = 0; c < outs; c++) {
          s += weight(c, units.targets()[c][k]) * Math.abs(output[k * outs + c]);
        }
      }
      return s / ((double) events * eventDim());
    }

    /** The self-regularisation weight of an output at a target (0 where it does not apply). */
    private double weight(int output, int target) {
      if (target < 0) {
        return 0;
      }
      return input[target] != 0f || refined[target] != 0f ? 1 : units.emptyWeight()[output];
    }

    /**
     * Adds to {@code g} the parameter gradient of {@code sum dLoss/dy · y + alpha · meanAbsCorrection}.
     * The projection is passed straight through except at frozen values (dead channels).
     */
    void backward(float[] dLossDy, double alpha, DenseNet.Gradient g) {
      if (forward == null) {
        return;
      }
      int outs = units.targets().length;
      int rows = units.rows();
      double reg = alpha / ((double) events * eventDim());
      float[] d = new float[rows * outs];
      for (int c = 0; c < outs; c++) {
        int[] t = units.targets()[c];
        float sc = units.scales()[c];
        for (int k = 0; k < rows; k++) {
          if (t[k] < 0) {
            continue; // this output does not apply to this row
          }
          float gy = frozen(t[k]) ? 0f : dLossDy[t[k]] * sc;
          double l1 = weight(c, t[k]) * reg * Math.signum(output[k * outs + c]);
          d[k * outs + c] = (float) (gy + l1);
        }
      }
      net.backward(forward, Nd4j.create(d, new long[] {rows, outs}, 'c'), null, g, false);
    }
  }
}
