package io.showers.benchmarks.report;

import io.showers.generative.nn.DenseSpec;

/** Floating-point operations of network forward passes. */
public final class Flops {
  private Flops() {}

  /**
   * Multiply-adds of a dense network's weight layers, counted as 2 FLOPs each: 2 · Σ in · out per
   * shower (biases and activations are negligible and not counted).
   */
  public static long denseForward(DenseSpec spec) {
    long f = 0;
    for (int l = 0; l < spec.layers(); l++) {
      f += 2L * spec.size(l) * spec.size(l + 1);
    }
    return f;
  }
}
