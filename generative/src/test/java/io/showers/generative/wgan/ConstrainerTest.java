package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The constrainer's regressor learns its label, and its term's gradient w.r.t. fake events is right. */
class ConstrainerTest {

  @Test
  void regressorLearnsLabelAndTermGradientMatchesFiniteDifferences() {
    // events (3 values) whose sum is 3 * label 0 plus noise; label 1 is unrelated
    Rng rng = new Rng(51);
    int n = 2000;
    float[] x = new float[n * 3];
    float[] y = new float[n * 2];
    for (int i = 0; i < n; i++) {
      y[2 * i] = (float) rng.nextDouble();
      y[2 * i + 1] = (float) rng.nextDouble();
      for (int j = 0; j < 3; j++) {
        x[3 * i + j] = (float) (y[2 * i] + 0.05 * rng.nextGaussian());
      }
    }
    TrainingData data = TrainingData.of(x, 3, y, 2);
    Constrainer c = Constrainer.train(data, new int[] {0}, DenseSpec.of(3, 16, 1), 400, 64, 1e-2, 52);
    int[] rows = data.sampleIndices(500, new Rng(53));
    double mse = c.mse(data.events(rows), data.labels(rows));
    System.out.printf("constrainer regressor MSE %.5f (label variance 0.083)%n", mse);
    assertTrue(mse < 0.005, "regressor MSE " + mse);

    // term gradient vs central differences (float32, h = 1e-2; the term is piecewise smooth)
    int m = 8;
    INDArray labels = data.labels(java.util.Arrays.copyOf(rows, m));
    INDArray real = data.events(java.util.Arrays.copyOf(rows, m));
    INDArray fake = real.add(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, m, 3).subi(0.5));
    double kappa = 0.5;
    Constrainer.Term t = c.term(fake, real, labels, kappa);
    double h = 1e-2;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < 3; j++) {
        INDArray up = fake.dup();
        up.putScalar(i, j, fake.getDouble(i, j) + h);
        INDArray down = fake.dup();
        down.putScalar(i, j, fake.getDouble(i, j) - h);
        double fd = (c.term(up, real, labels, kappa).value() - c.term(down, real, labels, kappa).value()) / (2 * h);
        assertEquals(fd, t.fakeGradient().getDouble(i, j), 2e-3 + 0.05 * Math.abs(fd), "d term / d fake[" + i + "," + j + "]");
      }
    }
  }
}
