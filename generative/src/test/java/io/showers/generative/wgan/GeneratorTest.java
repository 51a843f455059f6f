package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
