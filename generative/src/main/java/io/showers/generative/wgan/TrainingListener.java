package io.showers.generative.wgan;

/** Receives the figures of every completed training step (on the training thread). */
@FunctionalInterface
public interface TrainingListener {
  /** Called after each step. */
  void onStep(StepMetrics metrics);

  /** A listener that ignores everything. */
  static TrainingListener none() {
    return m -> {};
  }
}
