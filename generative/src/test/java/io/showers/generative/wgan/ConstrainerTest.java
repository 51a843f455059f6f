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

  /** A heteroscedastic detector: three readings of the label, each smeared by 0.03 + 0.2 label. */
  private static TrainingData smeared(int n, long seed, boolean constantSmearing) {
    Rng rng = new Rng(seed);
    float[] x = new float[n * 3];
    float[] y = new float[n];
    // the constant smearing with the same mean square as the label-dependent one
    double rms = Math.sqrt(0.03 * 0.03 + 0.03 * 0.2 + 0.2 * 0.2 / 3);
    for (int i = 0; i < n; i++) {
      y[i] = (float) rng.nextDouble();
      double sigma = constantSmearing ? rms : 0.03 + 0.2 * y[i];
      for (int j = 0; j < 3; j++) {
        x[3 * i + j] = (float) (y[i] + sigma * rng.nextGaussian());
      }
    }
    return TrainingData.of(x, 3, y, 1);
  }

  @Test
  void measuredResolutionFollowsTheSmearingAndMergesRepeatedLabels() {
    Rng rng = new Rng(61);
    int n = 20000;
    double[] r = new double[n];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = rng.nextDouble();
      r[i] = 0.05 * (1 + t[i]) * rng.nextGaussian();
    }
    Constrainer.Resolution res = Constrainer.Resolution.measure(r, t, 1, 10);
    assertEquals(10, res.knots()[0].length);
    for (int b = 0; b < 10; b++) {
      double k = res.knots()[0][b];
      double expected = Math.pow(0.05 * (1 + k), 2);
      // 2000 residuals per bin: a variance is known to sqrt(2/2000) = 3 %; allow 4 sigma
      assertEquals(expected, res.variance()[0][b], 0.13 * expected, "variance at " + k);
    }
    assertEquals(Math.pow(0.05 * 1.5, 2), res.at(0, 0.5), 0.13 * Math.pow(0.05 * 1.5, 2), "interpolated");
    assertEquals(res.variance()[0][0], res.at(0, -3), 0, "constant below the first knot");

    // a beam test: three energies, ten bins -> three knots, one variance each
    for (int i = 0; i < n; i++) {
      t[i] = 1 + i % 3;
      r[i] = 0.1 * t[i] * rng.nextGaussian();
    }
    res = Constrainer.Resolution.measure(r, t, 1, 10);
    assertEquals(3, res.knots()[0].length, java.util.Arrays.toString(res.knots()[0]));
    for (int e = 1; e <= 3; e++) {
      assertEquals(e, res.knots()[0][e - 1], 1e-9);
      assertEquals(0.01 * e * e, res.at(0, e), 0.1 * 0.01 * e * e, "variance at energy " + e);
    }
    // heavy ties among more values than bins: tied bins merge, knots still increase
    for (int i = 0; i < n; i++) {
      t[i] = i < n / 2 ? 0 : rng.nextDouble();
    }
    res = Constrainer.Resolution.measure(r, t, 1, 10);
    assertEquals(6, res.knots()[0].length, java.util.Arrays.toString(res.knots()[0]));
    assertEquals(0, res.knots()[0][0], 0);
  }

  /**
   * The point of the normalisation: events smeared by a constant with the reference's mean square
   * have nearly the reference's plain MSE (the regressor weighs them a little differently), but are
   * too sharp at low labels and too smeared at high ones; the normalised MSE sees it (expected
   * ratio about 2.9 for this smearing).
   */
  @Test
  void normalisedMseSeesSmearingTradedBetweenLabels() {
    TrainingData reference = smeared(8000, 62, false);
    Constrainer plain = Constrainer.train(reference, new int[] {0}, DenseSpec.of(3, 16, 1), 800, 64, 1e-2, 63);
    Constrainer normalised = plain.withMeasuredResolution(reference, 8000, 10, 64);
    TrainingData heldOut = smeared(4000, 65, false);
    TrainingData traded = smeared(4000, 66, true);
    int[] all = java.util.stream.IntStream.range(0, 4000).toArray();
    double plainRatio = plain.mse(traded.events(all), traded.labels(all))
        / plain.mse(heldOut.events(all), heldOut.labels(all));
    double refNormalised = normalised.mse(heldOut.events(all), heldOut.labels(all));
    double tradedNormalised = normalised.mse(traded.events(all), traded.labels(all));
    System.out.printf("plain MSE ratio %.3f, normalised MSE reference %.3f traded %.3f%n", plainRatio,
        refNormalised, tradedNormalised);
    // 4000 events: an MSE is known to about 3 %; the regressor's own error adds a little
    assertTrue(plainRatio < 1.5, "the plain MSE barely tells: " + plainRatio);
    assertEquals(1.0, refNormalised, 0.15, "held-out reference events are at their own resolution");
    assertTrue(tradedNormalised / refNormalised > 2 * plainRatio,
        "normalised MSE of the traded smearing " + tradedNormalised + " against plain ratio " + plainRatio);
  }
}
