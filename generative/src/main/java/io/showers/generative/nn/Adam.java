package io.showers.generative.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba 2014) on one flat float32 parameter vector, with bias correction:
 * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps sqrt(1-b2^t))}.
 *
 * <p>Its whole state (moments and step count) can be read and restored for checkpoints.
 */
public final class Adam {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final INDArray m;
  private final INDArray v;
  private long t;

  /** An optimiser for {@code size} parameters. */
  public Adam(long size, double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
      throw new IllegalArgumentException(
          "need 0 <= beta1, beta2 < 1 and epsilon > 0, got " + beta1 + ", " + beta2 + ", " + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = Nd4j.zeros(DataType.FLOAT, 1, size);
    this.v = Nd4j.zeros(DataType.FLOAT, 1, size);
  }

  /** Applies one update with learning rate {@code lr}; {@code params} is changed in place. */
  public void step(INDArray params, INDArray gradient, double lr) {
    if (params.length() != m.length() || gradient.length() != m.length()) {
      throw new IllegalArgumentException(
          "Adam sized for " + m.length() + " parameters, got " + params.length() + " / " + gradient.length());
    }
    t++;
    INDArray g = gradient.reshape(1, m.length());
    m.muli(beta1).addi(g.mul(1 - beta1));
    v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
    double c2 = Math.sqrt(1 - Math.pow(beta2, t));
    double stepSize = lr * c2 / (1 - Math.pow(beta1, t));
    INDArray denom = Transforms.sqrt(v, true).addi(epsilon * c2);
    params.reshape(1, m.length()).subi(m.div(denom).muli(stepSize));
  }

  /** First moment (live). */
  public INDArray firstMoment() {
    return m;
  }

  /** Second moment (live). */
  public INDArray secondMoment() {
    return v;
  }

  /** Number of updates applied so far. */
  public long steps() {
    return t;
  }

  /** Restores the state saved from {@link #firstMoment()}, {@link #secondMoment()}, {@link #steps()}. */
  public void restore(INDArray firstMoment, INDArray secondMoment, long steps) {
    if (firstMoment.length() != m.length() || secondMoment.length() != v.length() || steps < 0) {
      throw new IllegalArgumentException("Adam state does not match this optimiser's size " + m.length());
    }
    m.assign(firstMoment.reshape(1, m.length()));
    v.assign(secondMoment.reshape(1, v.length()));
    t = steps;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }
}
