package io.showers.generative.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Element-wise activations of {@link DenseNet} layers, each with its first and second derivative
 * in float32 ND4J form (training, inference) and in double precision (reference computations in
 * tests). The second derivative is what the gradient penalty's parameter gradient needs; it is
 * zero almost everywhere for the piecewise-linear activations.
 *
 * <p>{@code alpha} is the negative-side slope of the leaky activations and ignored by the others.
 */
public enum Activation {
  /** {@code z}. */
  IDENTITY,
  /** {@code max(z, 0)}. */
  RELU,
  /** {@code z > 0 ? z : alpha z}. */
  LEAKY_RELU,
  /**
   * A leaky ReLU without a kink: {@code alpha z + (1 - alpha) softplus(z)}, derivative {@code
   * alpha + (1 - alpha) sigmoid(z)}. Smooth, so second-order quantities are exact everywhere.
   */
  SMOOTH_LEAKY_RELU,
  /** {@code tanh(z)}. */
  TANH,
  /** {@code 1 / (1 + exp(-z))}. */
  SIGMOID;

  /** Returns {@code act(z)} as a new array. */
  public INDArray apply(INDArray z, double alpha) {
    return applyInPlace(z.dup(), alpha);
  }

  /** Overwrites {@code z} with {@code act(z)} and returns it. */
  public INDArray applyInPlace(INDArray z, double alpha) {
    switch (this) {
      case IDENTITY:
        return z;
      case RELU:
        return Transforms.relu(z, false);
      case LEAKY_RELU:
        return Transforms.leakyRelu(z, alpha, false);
      case SMOOTH_LEAKY_RELU:
        {
          INDArray sp = softplus(z);
          return z.muli(alpha).addi(sp.muli(1 - alpha));
        }
      case TANH:
        return Transforms.tanh(z, false);
      case SIGMOID:
        return Transforms.sigmoid(z, false);
      default:
        throw new AssertionError(this);
    }
  }

  /** Returns {@code act'(z)} as a new array. */
  public INDArray derivative(INDArray z, double alpha) {
    switch (this) {
      case IDENTITY:
        return z.ulike().assign(1.0);
      case RELU:
        return Transforms.step(z, true);
      case LEAKY_RELU:
        return Transforms.leakyReluDerivative(z, alpha, true);
      case SMOOTH_LEAKY_RELU:
        return Transforms.sigmoid(z, true).muli(1 - alpha).addi(alpha);
      case TANH:
        {
          INDArray t = Transforms.tanh(z, true);
          return t.muli(t).rsubi(1.0);
        }
      case SIGMOID:
        {
          INDArray s = Transforms.sigmoid(z, true);
          return s.mul(s.rsub(1.0));
        }
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Returns {@code act''(z)} as a new array, or {@code null} where it is zero almost everywhere
   * (identity and the piecewise-linear activations).
   */
  public INDArray secondDerivative(INDArray z, double alpha) {
    switch (this) {
      case IDENTITY:
      case RELU:
      case LEAKY_RELU:
        return null;
      case SMOOTH_LEAKY_RELU:
        {
          INDArray s = Transforms.sigmoid(z, true);
          return s.mul(s.rsub(1.0)).muli(1 - alpha);
        }
      case TANH:
        {
          INDArray t = Transforms.tanh(z, true);
          INDArray d = t.mul(t).rsubi(1.0);
          return d.muli(t).muli(-2.0);
        }
      case SIGMOID:
        {
          INDArray s = Transforms.sigmoid(z, true);
          INDArray d = s.mul(s.rsub(1.0));
          return d.muli(s.mul(-2.0).addi(1.0));
        }
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code act(z)} in double precision. */
  public double apply(double z, double alpha) {
    switch (this) {
      case IDENTITY:
        return z;
      case RELU:
        return Math.max(z, 0);
      case LEAKY_RELU:
        return z > 0 ? z : alpha * z;
      case SMOOTH_LEAKY_RELU:
        return alpha * z + (1 - alpha) * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
      case TANH:
        return Math.tanh(z);
      case SIGMOID:
        return sigmoid(z);
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code act'(z)} in double precision. */
  public double derivative(double z, double alpha) {
    switch (this) {
      case IDENTITY:
        return 1;
      case RELU:
        return z > 0 ? 1 : 0;
      case LEAKY_RELU:
        return z > 0 ? 1 : alpha;
      case SMOOTH_LEAKY_RELU:
        return alpha + (1 - alpha) * sigmoid(z);
      case TANH:
        {
          double t = Math.tanh(z);
          return 1 - t * t;
        }
      case SIGMOID:
        {
          double s = sigmoid(z);
          return s * (1 - s);
        }
      default:
        throw new AssertionError(this);
    }
  }

  /** Whether this is the identity. */
  public boolean isIdentity() {
    return this == IDENTITY;
  }

  /** Whether the activation is piecewise linear (second derivative zero almost everywhere). */
  public boolean isPiecewiseLinear() {
    return this == IDENTITY || this == RELU || this == LEAKY_RELU;
  }

  private static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** Overflow-free softplus: {@code max(z,0) + log1p(exp(-|z|))}, as a new array. */
  private static INDArray softplus(INDArray z) {
    INDArray t = Transforms.abs(z, true).negi();
    Transforms.exp(t, false);
    Transforms.log1p(t, false);
    return t.addi(Transforms.relu(z, true));
  }
}
