package io.showers.generative.wgan;

import io.showers.generative.nn.Rng;

/** Manual timing harness, run with WGAN_TIMING=1: ms per training step of a tiny conditional GAN. */
class StepTimingTest {
  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "WGAN_TIMING", matches = "1")
  void timing() throws Exception {
    Rng rng = new Rng(1);
    int n = 4000;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = (float) rng.nextDouble();
      x[i] = (float) rng.nextGaussian();
    }
    WganConfig config = WganConfig.builder(1, 1).noiseDim(4).generatorHidden(32, 32).criticHidden(64, 64)
        .batchSize(128).build();
    WganTrainer t = WganTrainer.create(config);
    TrainingData data = TrainingData.of(x, 1, y, 1);
    for (int rep = 0; rep < 4; rep++) {
      long t0 = System.nanoTime();
      t.train(data, 400, null);
      System.out.printf("ms/step %.2f%n", (System.nanoTime() - t0) / 1e6 / 400);
    }
  }
}
