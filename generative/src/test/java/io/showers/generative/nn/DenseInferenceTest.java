package io.showers.generative.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The reusable inference pass: DenseNet's function, each row independent of batch, position and threads. */
class DenseInferenceTest {
  static final DenseSpec GENERATOR = new DenseSpec(new int[] {35, 64, 96, 600}, Activation.LEAKY_RELU,
      Activation.IDENTITY, 0.2);

  private static float[] randomInput(int n, int width, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[n * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * rng.nextGaussian());
    }
    return x;
  }

  /** A network with non-zero biases, so that the fused bias pass is exercised. */
  private static DenseNet network(DenseSpec spec) {
    DenseNet net = DenseNet.initialise(spec, 7);
    Rng rng = new Rng(3);
    for (int l = 0; l < spec.layers(); l++) {
      for (int j = 0; j < spec.size(l + 1); j++) {
        net.bias(l).putScalar(0, j, (float) rng.nextGaussian());
      }
    }
    return net;
  }

  private static float[] run(DenseNet net, float[] x) {
    DenseInference d = new DenseInference(net, x.length / net.spec().inputSize());
    System.arraycopy(x, 0, d.input(), 0, x.length);
    return d.run();
  }

  @Test
  void computesWhatDenseNetOutputComputes() {
    for (DenseSpec spec : new DenseSpec[] {GENERATOR,
        new DenseSpec(new int[] {5, 16, 3}, Activation.TANH, Activation.SIGMOID, 0.2),
        new DenseSpec(new int[] {5, 16, 3}, Activation.SMOOTH_LEAKY_RELU, Activation.LEAKY_RELU, 0.1),
        new DenseSpec(new int[] {5, 16, 3}, Activation.RELU, Activation.RELU, 0.0)}) {
      DenseNet net = network(spec);
      for (int n : new int[] {1, 9, 300}) {
        float[] x = randomInput(n, spec.inputSize(), n);
        float[] expected = net.output(Nd4j.create(x, new long[] {n, spec.inputSize()}, 'c')).data().asFloat();
        float[] got = run(net, x);
        for (int i = 0; i < got.length; i++) {
          assertEquals(expected[i], got[i], 1e-5 * Math.max(1, Math.abs(expected[i])), spec + " batch " + n + " [" + i + "]");
        }
      }
    }
  }

  @Test
  void fusedBiasAndLeakyReluAreBitForBitNd4jsOps() {
    DenseNet net = network(GENERATOR);
    int n = DenseInference.BLOCK;
    float[] x = randomInput(n, GENERATOR.inputSize(), 5);
    INDArray a = Nd4j.create(x, new long[] {n, GENERATOR.inputSize()}, 'c');
    for (int l = 0; l < GENERATOR.layers(); l++) {
      INDArray z = Nd4j.create(DataType.FLOAT, n, GENERATOR.size(l + 1));
      Nd4j.gemm(a, net.weight(l), z, false, false, 1.0, 0.0);
      a = GENERATOR.activation(l).applyInPlace(z.addiRowVector(net.bias(l)), GENERATOR.alpha());
    }
    assertArrayEquals(a.data().asFloat(), run(net, x));
  }

  @Test
  void eachRowDependsOnlyOnItsInputNotOnBatchPositionOrThreads() {
    DenseNet net = network(GENERATOR);
    int w = GENERATOR.inputSize();
    int o = GENERATOR.outputSize();
    // 1100 rows: 18 blocks, the last one padded; the slices cross block edges
    int n = 1100;
    float[] x = randomInput(n, w, 11);
    float[] all = run(net, x);
    for (int[] slice : new int[][] {{0, 1}, {5, 12}, {13, 140}, {n - 1, n}, {1, n}, {0, 512}, {100, 700}, {511, 1030}}) {
      float[] part = run(net, Arrays.copyOfRange(x, slice[0] * w, slice[1] * w));
      assertArrayEquals(Arrays.copyOfRange(all, slice[0] * o, slice[1] * o), part,
          "rows " + slice[0] + ".." + slice[1]);
    }
    int before = Nd4j.factory().blas().getMaxThreads();
    try {
      for (int t : new int[] {1, 2}) {
        Nd4j.factory().blas().setMaxThreads(t);
        assertArrayEquals(all, run(net, x), t + " BLAS threads");
      }
    } finally {
      Nd4j.factory().blas().setMaxThreads(before);
    }
  }

  @Test
  void buffersAreReusedAndBatchMustBePositive() {
    DenseInference d = new DenseInference(DenseNet.initialise(DenseSpec.of(3, 4, 2), 1), 5);
    assertSame(d.run(), d.run());
    assertSame(d.input(), d.input());
    assertThrows(IllegalArgumentException.class, () -> new DenseInference(d.net(), 0));
  }

  /** The branch-free fused activation agrees bit for bit with {@code v < 0 ? αv : v}, at the edges too. */
  @Test
  void fusedActivationIsBitIdenticalToTheBranchyOne() {
    float[] values = {0f, -0f, 1.5f, -1.5f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    for (float alpha : new float[] {0f, 0.2f, 0.999f}) {
      for (Activation act : new Activation[] {Activation.LEAKY_RELU, Activation.IDENTITY}) {
        float[] z = values.clone();
        DenseInference.biasAndActivation(z, 0, 1, new float[values.length], act, alpha);
        for (int i = 0; i < values.length; i++) {
          float v = values[i] + 0f;
          float expected = act == Activation.LEAKY_RELU && v < 0 ? v * alpha : v;
          assertEquals(Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(z[i])
              || Float.isNaN(expected) && Float.isNaN(z[i]), true,
              act + " alpha " + alpha + " at " + values[i] + ": " + z[i] + " instead of " + expected);
        }
      }
    }
  }
}
