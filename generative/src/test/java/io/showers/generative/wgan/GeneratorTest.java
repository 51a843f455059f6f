package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Generator save/load round trip, batch inference against the network, and generation speed. */
class GeneratorTest {

  @Test
  void saveLoadRoundTripGivesIdenticalEvents(@TempDir Path dir) throws Exception {
    DenseNet net = DenseNet.initialise(DenseSpec.of(6, 32, 32, 10), 5);
    Generator g = new Generator(net, 4, 2, NoiseDistribution.UNIFORM);
    int n = 50;
    Rng rng = new Rng(6);
    float[] z = new float[n * 4];
    float[] y = new float[n * 2];
    NoiseDistribution.UNIFORM.fill(z, 0, z.length, rng);
    NoiseDistribution.GAUSSIAN.fill(y, 0, y.length, rng);
    float[] out = g.generate(z, y, n);
    assertEquals(n * 10, out.length);
    // equals the network on the concatenated input, row by row
    INDArray in = Nd4j.hstack(Nd4j.create(z, new long[] {n, 4}, 'c'), Nd4j.create(y, new long[] {n, 2}, 'c'));
    assertArrayEquals(net.output(in).data().asFloat(), out, 1e-6f);
    // a row does not depend on the rest of the batch
    float[] one = g.generate(java.util.Arrays.copyOfRange(z, 8, 12), java.util.Arrays.copyOfRange(y, 4, 6), 1);
    assertArrayEquals(java.util.Arrays.copyOfRange(out, 20, 30), one, 1e-5f);

    g.save(dir);
    Generator h = Generator.load(dir);
    assertEquals(g.spec(), h.spec());
    assertEquals(NoiseDistribution.UNIFORM, h.noise());
    assertArrayEquals(out, h.generate(z, y, n), 0f);
  }

  /**
   * A generator conditioned on an event value (Xmax-like, column 4): in training the value is the
   * last label and replaces the network's own output for the column; with a density attached it is
   * drawn first, from a stream seeded by the event's noise, and the network sees it as that label.
   */
  @Test
  void drawnValueIsTheNetworksLastLabelAndTheEventsColumn(@TempDir Path dir) throws Exception {
    DenseNet net = DenseNet.initialise(DenseSpec.of(7, 16, 5), 3);
    Generator trained = new Generator(net, 4, 3, NoiseDistribution.GAUSSIAN, null, 4, null);
    int n = 40;
    Rng rng = new Rng(4);
    float[] z = new float[n * 4];
    float[] y3 = new float[n * 3];
    NoiseDistribution.GAUSSIAN.fill(z, 0, z.length, rng);
    NoiseDistribution.GAUSSIAN.fill(y3, 0, y3.length, rng);
    float[] out = trained.generate(z, y3, n);
    INDArray in = Nd4j.hstack(Nd4j.create(z, new long[] {n, 4}, 'c'), Nd4j.create(y3, new long[] {n, 3}, 'c'));
    float[] plain = net.output(in).data().asFloat();
    for (int k = 0; k < n; k++) {
      assertEquals(y3[3 * k + 2], out[5 * k + 4], "the column is the label");
      assertArrayEquals(java.util.Arrays.copyOfRange(plain, 5 * k, 5 * k + 4),
          java.util.Arrays.copyOfRange(out, 5 * k, 5 * k + 4), 1e-6f);
    }
    assertEquals(y3[3 * 7 + 2], trained.generate(Nd4j.create(in.toFloatMatrix())).getFloat(7, 4));
    assertThrows(IllegalArgumentException.class, () -> new Generator(net, 4, 3, NoiseDistribution.GAUSSIAN)
        .withDrawnValue(null));

    // the density of the value given the two other labels
    int m = 300;
    float[] fitLabels = new float[2 * m];
    double[] values = new double[m];
    for (int i = 0; i < m; i++) {
      fitLabels[2 * i] = (float) rng.nextGaussian();
      fitLabels[2 * i + 1] = (float) rng.nextGaussian();
      values[i] = 0.5 * fitLabels[2 * i] + 0.2 * rng.nextGaussian();
    }
    GumbelDensity density = GumbelDensity.fit(values, fitLabels, 2, null, 1);
    Generator drawing = trained.withDrawnValue(density);
    assertEquals(2, drawing.labelDim());
    assertEquals(3, drawing.networkLabelDim());
    float[] y2 = new float[n * 2];
    long[] seeds = new long[n];
    for (int k = 0; k < n; k++) {
      System.arraycopy(y3, 3 * k, y2, 2 * k, 2);
      seeds[k] = Rng.seedOf(z, 4 * k, 4 * k + 4);
    }
    float[] drawnOut = drawing.generate(z, y2, n);
    float[] expected = density.draw(y2, n, seeds);
    float[] withDrawn = y3.clone();
    for (int k = 0; k < n; k++) {
      withDrawn[3 * k + 2] = expected[k];
    }
    assertArrayEquals(trained.generate(z, withDrawn, n), drawnOut, 0f);
    // an event's value and event do not depend on its batch
    assertArrayEquals(java.util.Arrays.copyOfRange(drawnOut, 5 * 9, 5 * 10),
        drawing.generate(java.util.Arrays.copyOfRange(z, 36, 40), java.util.Arrays.copyOfRange(y2, 18, 20), 1), 1e-5f);

    drawing.save(dir);
    Generator back = Generator.load(dir);
    assertEquals(density, back.drawnValue());
    assertEquals(4, back.labelledColumn());
    assertArrayEquals(drawnOut, back.generate(z, y2, n), 0f);
  }

  /**
   * A 67 -> 512 -> 1024 -> 1260 generator (calorimeter size) at batch 1000; the goal is at most
   * 1 ms per shower. Best of 5 timed calls after warm-up; single native thread under surefire.
   */
  @Test
  void calorimeterSizedGeneratorIsFast() {
    Generator g = new Generator(DenseNet.initialise(DenseSpec.of(67, 512, 1024, 1260), 8), 64, 3,
        NoiseDistribution.GAUSSIAN);
    int n = 1000;
    Rng rng = new Rng(9);
    float[] z = new float[n * 64];
    float[] y = new float[n * 3];
    NoiseDistribution.GAUSSIAN.fill(z, 0, z.length, rng);
    for (int rep = 0; rep < 3; rep++) {
      g.generate(z, y, n);
    }
    double best = Double.MAX_VALUE;
    for (int rep = 0; rep < 5; rep++) {
      long t0 = System.nanoTime();
      float[] out = g.generate(z, y, n);
      best = Math.min(best, (System.nanoTime() - t0) / 1e6 / n);
      assertEquals(n * 1260, out.length);
    }
    System.out.printf("67-512-1024-1260 generator, batch %d: %.4f ms/shower (best of 5)%n", n, best);
    assertTrue(best < 1.0, "generation too slow: " + best + " ms/shower");
  }
}
