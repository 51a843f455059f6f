package io.showers.generative.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A reusable inference pass of a {@link DenseNet} at one batch size: the input, every layer's
 * output and the heap copy of the result are allocated once, each layer is one GEMM into its
 * preallocated output followed by one fused pass adding the bias and applying the activation.
 * This avoids {@link DenseNet#output}'s allocations (ND4J's off-heap allocations cost more than
 * the arithmetic of these layers), its separate bias and activation passes and the copies of the
 * input and output arrays.
 *
 * <p>Rows run through the network in blocks of exactly {@link #BLOCK} rows (the last block
 * padded with zeros) because a BLAS GEMM's rounding depends on the number of rows of the call:
 * OpenBLAS partitions the inner dimension by the matrix sizes and uses other kernels at the row
 * edge. With a fixed block, each row's output depends only on that row, the same for any batch
 * size, any position in the batch and any BLAS thread count.
 *
 * <p>Not thread-safe: give each thread its own. The weights and biases are read live from the
 * network at each call.
 */
public final class DenseInference {
  /**
   * Rows per GEMM call: large enough for the GEMM to run near its peak, small enough that a batch
   * of one does not pay much for the padding.
   */
  public static final int BLOCK = 64;

  private final DenseNet net;
  private final int batch;
  private final float[] inputHeap;
  private final float[] outputHeap;
  /** A heap copy of one block of a hidden layer's output, for the bias and activation pass. */
  private final float[] hiddenHeap;
  private final INDArray input;
  private final INDArray[] out;

  /** Buffers for {@code batch} rows of {@code net}. */
  public DenseInference(DenseNet net, int batch) {
    if (batch <= 0) {
      throw new IllegalArgumentException("batch must be positive: " + batch);
    }
    DenseSpec s = net.spec();
    this.net = net;
    this.batch = batch;
    this.inputHeap = new float[Math.multiplyExact(batch, s.inputSize())];
    this.outputHeap = new float[Math.multiplyExact(batch, s.outputSize())];
    this.input = Nd4j.create(DataType.FLOAT, new long[] {BLOCK, s.inputSize()}, 'c');
    this.out = new INDArray[s.layers()];
    int widest = 0;
    for (int l = 1; l < s.layers(); l++) {
      widest = Math.max(widest, s.size(l));
    }
    this.hiddenHeap = new float[BLOCK * widest];
    for (int l = 0; l < s.layers(); l++) {
      out[l] = Nd4j.create(DataType.FLOAT, new long[] {BLOCK, s.size(l + 1)}, 'c');
    }
  }

  /**
   * The calling thread's buffers for {@code n} rows of {@code net} from {@code cache}, created on
   * first use and when {@code n} changes: lets an immutable network owner be shared by threads.
   */
  public static DenseInference ofThread(ThreadLocal<DenseInference> cache, DenseNet net, int n) {
    DenseInference d = cache.get();
    if (d == null || d.batch() != n || d.net() != net) {
      d = new DenseInference(net, n);
      cache.set(d);
    }
    return d;
  }

  /** The network these buffers belong to. */
  public DenseNet net() {
    return net;
  }

  /** Rows per call. */
  public int batch() {
    return batch;
  }

  /** The input to fill before {@link #run}: {@code batch × inputSize}, row-major (live, reused). */
  public float[] input() {
    return inputHeap;
  }

  /**
   * Runs the network on {@link #input()} and returns the output, {@code batch × outputSize}
   * row-major. The returned array is reused by the next call.
   */
  public float[] run() {
    DenseSpec s = net.spec();
    int layers = s.layers();
    float[][] bias = new float[layers][];
    for (int l = 0; l < layers; l++) {
      bias[l] = net.bias(l).toFloatVector();
    }
    int wIn = s.inputSize();
    int wOut = s.outputSize();
    FloatBuffer in = input.data().asNioFloat();
    for (int r0 = 0; r0 < batch; r0 += BLOCK) {
      int rows = Math.min(BLOCK, batch - r0);
      in.put(0, inputHeap, r0 * wIn, rows * wIn);
      if (rows < BLOCK) {
        // padding rows: zeros, so that they are finite (they never touch the real rows)
        in.put(rows * wIn, new float[(BLOCK - rows) * wIn]);
      }
      INDArray a = input;
      for (int l = 0; l < layers; l++) {
        Nd4j.gemm(a, net.weight(l), out[l], false, false, 1.0, 0.0);
        Activation act = s.activation(l);
        boolean last = l == layers - 1;
        if (!fusable(act)) {
          act.applyInPlace(out[l].addiRowVector(net.bias(l)), s.alpha());
        } else if (!last) {
          // off-heap element access does not vectorise: the pass runs on a heap copy (two bulk copies cost less)
          FloatBuffer z = out[l].data().asNioFloat();
          int size = BLOCK * s.size(l + 1);
          z.get(0, hiddenHeap, 0, size);
          biasAndActivation(hiddenHeap, 0, BLOCK, bias[l], act, (float) s.alpha());
          z.put(0, hiddenHeap, 0, size);
        }
        if (last) {
          // the last layer's pass runs on the heap result: one copy out instead of a pass off-heap
          out[l].data().asNioFloat().get(0, outputHeap, r0 * wOut, rows * wOut);
          if (fusable(act)) {
            biasAndActivation(outputHeap, r0 * wOut, rows, bias[l], act, (float) s.alpha());
          }
        }
        a = out[l];
      }
    }
    return outputHeap;
  }

  /** Activations computed in the fused Java pass (bit-identical to ND4J's ops); others use ND4J. */
  static boolean fusable(Activation act) {
    return act == Activation.IDENTITY || act == Activation.LEAKY_RELU;
  }

  /**
   * {@code z = act(z + b)} on {@code rows} rows from {@code offset}, for {@link #fusable} activations: a loop the JIT
   * vectorises ({@code max(v, α min(v, 0))} is the leaky ReLU for {@code 0 ≤ α < 1} and the identity for α = 1, bit
   * for bit with {@code v < 0 ? αv : v} including ±0, NaN and ±∞, without a branch).
   */
  static void biasAndActivation(float[] z, int offset, int rows, float[] b, Activation act, float alpha) {
    int w = b.length;
    float slope = act == Activation.LEAKY_RELU ? alpha : 1f;
    for (int r = 0, o = offset; r < rows; r++, o += w) {
      for (int j = 0; j < w; j++) {
        float v = z[o + j] + b[j];
        z[o + j] = Math.max(v, Math.min(v, 0f) * slope);
      }
    }
  }
}
