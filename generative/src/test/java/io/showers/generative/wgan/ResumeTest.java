package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training N steps in one go and training N/2 steps, checkpointing, restoring into a new trainer
 * and training N/2 more give bit-identical weights, optimiser moments and metrics; loss curves
 * are written as PNG.
 */
class ResumeTest {
  static final int EVENT = 3;

  static TrainingData data() {
    Rng rng = new Rng(41);
    int n = 500;
    float[] x = new float[n * EVENT];
    float[] y = new float[n * 2];
    for (int i = 0; i < n; i++) {
      y[2 * i] = (float) rng.nextDouble();
      y[2 * i + 1] = (float) rng.nextDouble();
      for (int j = 0; j < EVENT; j++) {
        x[i * EVENT + j] = (float) (y[2 * i] * (j + 1) + 0.3 * rng.nextGaussian());
      }
    }
    return TrainingData.of(x, EVENT, y, 2);
  }

  static WganConfig config() {
    return config(false);
  }

  /** With {@code totalDensity}, the head draws its total from a density whose mean correction changes in training. */
  static WganConfig config(boolean totalDensity) {
    EnergyShareHead head = new EnergyShareHead(1.5, 1, EVENT - 1, 1, 0.7, new double[] {0}, priorCells());
    if (totalDensity) {
      head = head.withTotalDensity(new TotalDensity(2, io.showers.generative.nn.DenseSpec.of(2, 2),
          new float[] {0.3f, 0, 0, 0.2f, 0, -1.5f}, new double[] {0.7, 0, 0}, 1, new double[6]));
    }
    return WganConfig.builder(EVENT, 2).noiseDim(2).generatorHidden(8).criticHidden(8, 8)
        .batchSize(16).criticSteps(2).betas(0.5, 0.9)
        .generatorLr(LearningRateSchedule.linear(1e-3, 1e-4, 12))
        .criticLr(LearningRateSchedule.exponential(1e-3, 1e-4, 12))
        .constrainerKappa(0.1).seed(42)
        // features too, so their settings must survive the checkpoint for the resume to match
        .criticFeatures(new CriticFeatures(1.5, new int[][] {{0, EVENT}, {1, EVENT}}, new double[] {0.8, 0.5},
            new double[] {0.6, 0.4}))
        .zeroSuppression(new ZeroSuppression(1.5, 0.3, EVENT - 1, 0, 0.5))
        // and an energy-share head (its priors travel in the checkpoint's config)
        .outputHead(head)
        .build();
  }

  static float[] priorCells() {
    float[] c = new float[EVENT - 1];
    for (int i = 0; i < c.length; i++) {
      c[i] = 0.1f * i - 0.2f;
    }
    return c;
  }

  @ParameterizedTest(name = "total density {0}")
  @ValueSource(booleans = {false, true})
  void resumedRunIsBitIdenticalToUninterruptedRun(boolean totalDensity, @TempDir Path dir) throws Exception {
    TrainingData data = data();
    Constrainer constrainer = Constrainer.train(data, new int[] {0}, DenseSpec.of(EVENT, 8, 1), 30, 32, 1e-2, 43)
        .withMeasuredResolution(data, 64, 4, 44);
    int steps = 12;

    WganTrainer full = WganTrainer.create(config(totalDensity), constrainer);
    full.train(data, steps, null);

    Path cp = dir.resolve("checkpoints");
    WganTrainer first = WganTrainer.create(config(totalDensity), constrainer).checkpointEvery(cp, 3);
    first.train(data, steps / 2, null);
    // "interruption": the first trainer is dropped; a new one is restored from disk
    assertEquals("step-000000006", Files.readString(cp.resolve("LATEST")).trim());
    try (Stream<Path> s = Files.list(cp)) {
      assertEquals(List.of("LATEST", "step-000000003", "step-000000006"),
          s.map(p -> p.getFileName().toString()).sorted().toList(), "two newest checkpoints kept");
    }
    assertEquals(0, WganTrainer.checkpointStep(dir), "no checkpoint: a fresh start");
    assertEquals(steps / 2, WganTrainer.checkpointStep(cp), "where a resumed run's progress starts");
    WganTrainer resumed = WganTrainer.resume(cp);
    assertEquals(constrainer.resolution(), resumed.constrainer().resolution(), "normalisation restored");
    assertEquals(steps / 2, resumed.step());
    assertEquals(steps / 2, resumed.history().size());
    resumed.train(data, steps - steps / 2, null);

    assertArrayEquals(floats(full.generatorNet().params()), floats(resumed.generatorNet().params()), 0f);
    assertArrayEquals(floats(full.critic().net().params()), floats(resumed.critic().net().params()), 0f);
    assertEquals(full.history().steps(), resumed.history().steps(), "per-step metrics identical");
    if (totalDensity) {
      TotalDensity d = full.generator().head().totalDensity();
      assertTrue(java.util.Arrays.stream(d.shift()).anyMatch(v -> v != 0), "the mean correction moved");
      assertEquals(d, resumed.generator().head().totalDensity(), "mean correction restored");
    }
    assertTrue(full.history().steps().get(steps - 1).constrainerLoss() > 0, "constrainer active");
    // and different from a run with another seed (the comparison is not vacuous)
    WganConfig other = WganConfig.builder(EVENT, 2).noiseDim(2).generatorHidden(8).criticHidden(8, 8)
        .batchSize(16).criticSteps(2).seed(7).build();
    WganTrainer o = WganTrainer.create(other);
    o.train(data, 1, null);
    assertFalse(java.util.Arrays.equals(floats(full.generatorNet().params()), floats(o.generatorNet().params())));

    // checkpoint of the continued run restores its optimiser moments exactly
    resumed.saveCheckpoint(dir.resolve("again"));
    full.saveCheckpoint(dir.resolve("full"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("full/step-000000012/state.weights")),
        Files.readAllBytes(dir.resolve("again/step-000000012/state.weights")), "weights and Adam moments identical");

    Path png = dir.resolve("curves.png");
    resumed.history().writePng(png);
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
    resumed.history().writeCsv(dir.resolve("curves.csv"));
    assertEquals(steps + 1, Files.readAllLines(dir.resolve("curves.csv")).size());
  }

  static float[] floats(org.nd4j.linalg.api.ndarray.INDArray a) {
    return a.dup().data().asFloat();
  }
}
