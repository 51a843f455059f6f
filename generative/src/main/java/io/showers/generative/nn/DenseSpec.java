package io.showers.generative.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

/**
 * Architecture of a fully connected network: layer widths from input to output, the activation
 * of the hidden layers and of the output layer, and the leak slope of leaky activations.
 * Serialisable as JSON (the layer spec of a saved model).
 *
 * @param sizes widths {@code [input, hidden..., output]}, at least two entries, all positive
 * @param hidden activation of every hidden layer
 * @param output activation of the output layer
 * @param alpha negative-side slope of leaky activations (0.2 is the WGAN customary value)
 */
public record DenseSpec(int[] sizes, Activation hidden, Activation output, double alpha) {

  /** Validates the spec. */
  @JsonCreator
  public DenseSpec(
      @JsonProperty("sizes") int[] sizes,
      @JsonProperty("hidden") Activation hidden,
      @JsonProperty("output") Activation output,
      @JsonProperty("alpha") double alpha) {
    if (sizes == null || sizes.length < 2) {
      throw new IllegalArgumentException(
          "a dense network needs at least input and output sizes, got " + Arrays.toString(sizes));
    }
    for (int s : sizes) {
      if (s <= 0) {
        throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(sizes));
      }
    }
    if (hidden == null || output == null) {
      throw new IllegalArgumentException("activations must be given");
    }
    if (!(alpha >= 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1): " + alpha);
    }
    this.sizes = sizes.clone();
    this.hidden = hidden;
    this.output = output;
    this.alpha = alpha;
  }

  /** A spec with the given widths, leaky-ReLU(0.2) hidden layers and a linear output. */
  public static DenseSpec of(int... sizes) {
    return new DenseSpec(sizes, Activation.LEAKY_RELU, Activation.IDENTITY, 0.2);
  }

  /** This spec with another hidden activation. */
  public DenseSpec withHidden(Activation activation) {
    return new DenseSpec(sizes, activation, output, alpha);
  }

  /** This spec with another output activation. */
  public DenseSpec withOutput(Activation activation) {
    return new DenseSpec(sizes, hidden, activation, alpha);
  }

  @Override
  public int[] sizes() {
    return sizes.clone();
  }

  /** Number of weight layers. */
  public int layers() {
    return sizes.length - 1;
  }

  /** Input width. */
  public int inputSize() {
    return sizes[0];
  }

  /** Output width. */
  public int outputSize() {
    return sizes[sizes.length - 1];
  }

  /** Width of layer boundary {@code i} (0 = input). */
  public int size(int i) {
    return sizes[i];
  }

  /** Activation applied after weight layer {@code l} (0-based). */
  public Activation activation(int l) {
    return l == layers() - 1 ? output : hidden;
  }

  /** Total number of parameters (weights and biases). */
  public long parameterCount() {
    long n = 0;
    for (int l = 0; l < layers(); l++) {
      n += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseSpec d
        && Arrays.equals(sizes, d.sizes)
        && hidden == d.hidden
        && output == d.output
        && Double.compare(alpha, d.alpha) == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sizes) * 31 + hidden.hashCode() * 7 + output.hashCode() + Double.hashCode(alpha);
  }

  @Override
  public String toString() {
    return "Dense" + Arrays.toString(sizes) + " " + hidden + "/" + output + " alpha=" + alpha;
  }
}
