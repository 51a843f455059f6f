package io.showers.generative.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A fully connected float32 network {@code a_l = act_l(a_{l-1} W_l + b_l)} whose parameters live
 * in one flat row vector (weights of layer 0 row-major, its bias, weights of layer 1, ...), so an
 * optimiser updates every parameter with a few whole-array operations, and the per-layer weight
 * and bias arrays are views of it that always see the latest values.
 *
 * <p>Forward and backward passes are written with plain ND4J operations: {@link #output} for
 * inference, {@link #forward} + {@link #backward} for training. The backward pass accepts extra
 * gradients injected at the pre-activations, which is how the gradient penalty's second-order
 * term enters (see {@code io.showers.generative.wgan.GradientPenalty}).
 *
 * <p>Not thread-safe for training; {@link #output} may be called concurrently.
 */
public final class DenseNet {
  private final DenseSpec spec;
  private final INDArray params;
  private final INDArray[] weights;
  private final INDArray[] biases;

  private DenseNet(DenseSpec spec, INDArray params) {
    if (params.dataType() != DataType.FLOAT || params.length() != spec.parameterCount()) {
      throw new IllegalArgumentException(
          "expected " + spec.parameterCount() + " float parameters for " + spec + ", got "
              + params.length() + " " + params.dataType());
    }
    this.spec = spec;
    this.params = params.reshape(1, params.length());
    this.weights = new INDArray[spec.layers()];
    this.biases = new INDArray[spec.layers()];
    split(spec, this.params, weights, biases);
  }

  /**
   * A network with fresh parameters drawn from {@code seed}: He-normal weights for ReLU-like
   * layers (std {@code sqrt(2 / ((1 + alpha^2) fan_in))}), Glorot-uniform for the others, zero
   * biases.
   */
  public static DenseNet initialise(DenseSpec spec, long seed) {
    Rng rng = new Rng(seed);
    float[] p = new float[Math.toIntExact(spec.parameterCount())];
    int k = 0;
    for (int l = 0; l < spec.layers(); l++) {
      int fanIn = spec.size(l);
      int fanOut = spec.size(l + 1);
      Activation act = spec.activation(l);
      boolean reluLike =
          act == Activation.RELU || act == Activation.LEAKY_RELU || act == Activation.SMOOTH_LEAKY_RELU;
      double a = act == Activation.RELU ? 0 : spec.alpha();
      double heStd = Math.sqrt(2.0 / ((1 + a * a) * fanIn));
      double glorot = Math.sqrt(6.0 / (fanIn + fanOut));
      for (int i = 0; i < fanIn * fanOut; i++) {
        p[k++] = (float) (reluLike ? heStd * rng.nextGaussian() : glorot * (2 * rng.nextDouble() - 1));
      }
      k += fanOut; // zero biases
    }
    return new DenseNet(spec, Nd4j.createFromArray(p).reshape(1, p.length));
  }

  /** A network using (not copying) the flat float parameter vector {@code params}. */
  public static DenseNet wrap(DenseSpec spec, INDArray params) {
    return new DenseNet(spec, params);
  }

  /** A network with a copy of the given flat parameters. */
  public static DenseNet of(DenseSpec spec, float[] params) {
    if (params.length != spec.parameterCount()) {
      throw new IllegalArgumentException(
          "expected " + spec.parameterCount() + " parameters for " + spec + ", got " + params.length);
    }
    return new DenseNet(spec, Nd4j.createFromArray(params.clone()).reshape(1, params.length));
  }

  /** A deep copy. */
  public DenseNet copy() {
    return new DenseNet(spec, params.dup());
  }

  /** The architecture. */
  public DenseSpec spec() {
    return spec;
  }

  /** The live flat parameter vector (1 x P); writing to it changes the network. */
  public INDArray params() {
    return params;
  }

  /** Number of parameters. */
  public int parameterCount() {
    return (int) params.length();
  }

  /** Live view of the weights of layer {@code l} ({@code in x out}). */
  public INDArray weight(int l) {
    return weights[l];
  }

  /** Live view of the bias of layer {@code l} ({@code 1 x out}). */
  public INDArray bias(int l) {
    return biases[l];
  }

  /** A zero gradient buffer laid out like {@link #params()}; reuse it across steps. */
  public Gradient newGradient() {
    return new Gradient(spec);
  }

  private static void split(DenseSpec spec, INDArray flat, INDArray[] w, INDArray[] b) {
    long k = 0;
    for (int l = 0; l < spec.layers(); l++) {
      int in = spec.size(l);
      int out = spec.size(l + 1);
      w[l] = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(k, k + (long) in * out))
          .reshape('c', in, out);
      k += (long) in * out;
      b[l] = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(k, k + out)).reshape('c', 1, out);
      k += out;
    }
  }

  /** Network output for a batch ({@code n x input} -> {@code n x output}), no caches kept. */
  public INDArray output(INDArray input) {
    checkInput(input);
    INDArray a = input;
    for (int l = 0; l < spec.layers(); l++) {
      INDArray z = a.mmul(weights[l]).addiRowVector(biases[l]);
      a = spec.activation(l).applyInPlace(z, spec.alpha());
    }
    return a;
  }

  /** Forward pass keeping the pre-activations and activations for {@link #backward}. */
  public Forward forward(INDArray input) {
    checkInput(input);
    int L = spec.layers();
    INDArray[] a = new INDArray[L + 1];
    INDArray[] z = new INDArray[L];
    a[0] = input;
    for (int l = 0; l < L; l++) {
      z[l] = a[l].mmul(weights[l]).addiRowVector(biases[l]);
      a[l + 1] = spec.activation(l).apply(z[l], spec.alpha());
    }
    return new Forward(a, z);
  }

  /**
   * Back-propagates {@code dOut} (gradient of a scalar loss w.r.t. the output, {@code n x out},
   * may be null for none) plus optional extra gradients {@code extraDz[l]} w.r.t. the
   * pre-activations {@code z_l} (entries may be null), and <em>adds</em> the parameter gradient
   * to {@code gradient} (may be null to skip).
   *
   * @return the gradient w.r.t. the input if {@code inputGradient}, else null
   */
  public INDArray backward(
      Forward f, INDArray dOut, INDArray[] extraDz, Gradient gradient, boolean inputGradient) {
    int L = spec.layers();
    INDArray dz = null;
    if (dOut != null) {
      dz = spec.activation(L - 1).isIdentity()
          ? dOut
          : dOut.mul(spec.activation(L - 1).derivative(f.z[L - 1], spec.alpha()));
    }
    for (int l = L - 1; l >= 0; l--) {
      if (extraDz != null && extraDz[l] != null) {
        dz = dz == null ? extraDz[l] : dz.add(extraDz[l]);
      }
      if (dz == null) {
        continue;
      }
      if (gradient != null) {
        gradient.weights[l].addi(f.a[l].transpose().mmul(dz));
        gradient.biases[l].addi(dz.sum(true, 0));
      }
      if (l > 0 || inputGradient) {
        INDArray da = dz.mmul(weights[l].transpose());
        dz = l > 0 ? da.muli(spec.activation(l - 1).derivative(f.z[l - 1], spec.alpha())) : da;
      }
    }
    return inputGradient ? dz : null;
  }

  private void checkInput(INDArray input) {
    if (input.rank() != 2 || input.columns() != spec.inputSize()) {
      throw new IllegalArgumentException(
          "expected input of shape [n, " + spec.inputSize() + "], got "
              + java.util.Arrays.toString(input.shape()));
    }
  }

  /**
   * A flat gradient buffer laid out like {@link #params()}, with per-layer views created once
   * (creating ND4J views is costly next to the arithmetic of small layers).
   */
  public static final class Gradient {
    private final INDArray flat;
    private final INDArray[] weights;
    private final INDArray[] biases;

    Gradient(DenseSpec spec) {
      this.flat = Nd4j.zeros(DataType.FLOAT, 1, spec.parameterCount());
      this.weights = new INDArray[spec.layers()];
      this.biases = new INDArray[spec.layers()];
      split(spec, flat, weights, biases);
    }

    /** The flat gradient (1 x P, live). */
    public INDArray flat() {
      return flat;
    }

    /** Live view of the weight gradient of layer {@code l}. */
    public INDArray weight(int l) {
      return weights[l];
    }

    /** Live view of the bias gradient of layer {@code l}. */
    public INDArray bias(int l) {
      return biases[l];
    }

    /** Sets every component to zero. */
    public Gradient zero() {
      flat.assign(0);
      return this;
    }
  }

  /**
   * Cached forward pass: {@code a[0]} the input, {@code z[l]} the pre-activation and {@code
   * a[l+1]} the activation of weight layer {@code l}.
   */
  public static final class Forward {
    private final INDArray[] a;
    private final INDArray[] z;

    Forward(INDArray[] a, INDArray[] z) {
      this.a = a;
      this.z = z;
    }

    /** The network output. */
    public INDArray output() {
      return a[a.length - 1];
    }

    /** Activation after weight layer {@code l - 1} ({@code l = 0}: the input). */
    public INDArray activation(int l) {
      return a[l];
    }

    /** Pre-activation of weight layer {@code l}. */
    public INDArray preActivation(int l) {
      return z[l];
    }
  }
}
