package io.showers.generative.wgan;

import io.showers.generative.nn.*;
import org.junit.jupiter.api.Test;

class DebugTest {
  @Test
  void debug() throws Exception {
    for (int cfg = 0; cfg < 3; cfg++) {
      double[] trainLabels = {0, 0.25, 0.75, 1};
      Rng rng = new Rng(31);
      int nEv = 16000;
      float[] x = new float[2 * nEv];
      float[] y = new float[nEv];
      double sd2 = 0.5;
      for (int i = 0; i < nEv; i++) {
        double lab = trainLabels[i % trainLabels.length];
        y[i] = (float) lab;
        x[2 * i] = (float) (2 * lab + (0.5 + 0.5 * lab) * rng.nextGaussian());
        x[2 * i + 1] = (float) (1 - lab + sd2 * rng.nextGaussian());
      }
      int steps = 600;
      WganConfig.Builder b = WganConfig.builder(2, 1)
          .noiseDim(4).generatorHidden(32, 32).criticHidden(64, 64)
          .batchSize(256).criticSteps(5).betas(0.5, 0.9)
          .criticLr(LearningRateSchedule.linear(2e-3, 2e-4, steps))
          .generatorLr(LearningRateSchedule.linear(5e-4, 5e-5, steps)).seed(32);
      if (cfg == 1) b.seed(33);
      if (cfg == 2) b.criticLr(LearningRateSchedule.constant(1e-3)).generatorLr(LearningRateSchedule.linear(2e-4, 5e-5, steps));
      WganTrainer trainer = WganTrainer.create(b.build());
      long t0 = System.nanoTime();
      trainer.train(TrainingData.of(x, 2, y, 1), steps, null);
      StringBuilder sb = new StringBuilder(String.format("cfg %d t %.1fs", cfg, (System.nanoTime() - t0) / 1e9));
      Generator g = trainer.generator();
      for (double lab : new double[] {0, 0.5, 1}) {
        int n = 10000;
        float[] labels = new float[n];
        java.util.Arrays.fill(labels, (float) lab);
        float[] out = g.generate(labels, n, new Rng(5));
        double m = 0, v = 0, m2 = 0, v2 = 0;
        for (int i = 0; i < n; i++) { m += out[2 * i]; m2 += out[2 * i + 1]; }
        m /= n; m2 /= n;
        for (int i = 0; i < n; i++) { v += Math.pow(out[2 * i] - m, 2); v2 += Math.pow(out[2 * i + 1] - m2, 2); }
        sb.append(String.format(" | y=%.1f x1 %.2f±%.2f (%.2f±%.2f) x2 %.2f±%.2f (%.2f±%.2f)", lab, m, Math.sqrt(v / n), 2 * lab, 0.5 + 0.5 * lab, m2, Math.sqrt(v2 / n), 1 - lab, sd2));
      }
      System.out.println(sb);
    }
  }
}
