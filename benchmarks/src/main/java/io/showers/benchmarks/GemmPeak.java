package io.showers.benchmarks;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's float32 matrix-multiply peak as ND4J reaches it (gemm on large square
 * matrices): the yardstick for the GFLOP/s that generators achieve.
 */
public final class GemmPeak {
  private GemmPeak() {}

  /**
   * Median GFLOP/s of {@code repeats} timed multiplications of n × n matrices after warm-up.
   */
  public static double measure(int n, int repeats) {
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    for (int i = 0; i < 3; i++) {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
    double[] gflops = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      double s = (System.nanoTime() - t) / 1e9;
      gflops[i] = 2.0 * n * n * n / s / 1e9;
    }
    Arrays.sort(gflops);
    return gflops[repeats / 2];
  }
}
