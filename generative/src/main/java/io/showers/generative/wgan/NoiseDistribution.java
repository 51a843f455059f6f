package io.showers.generative.wgan;

import io.showers.generative.nn.Rng;

/** Distribution of the generator's latent noise. */
public enum NoiseDistribution {
  /** Standard normal (the default). */
  GAUSSIAN,
  /** Uniform on (-1, 1), as in arXiv:1807.01954. */
  UNIFORM;

  /** One draw. */
  public double sample(Rng rng) {
    return this == GAUSSIAN ? rng.nextGaussian() : 2 * rng.nextDouble() - 1;
  }

  /** Fills {@code out[offset .. offset+count)} with draws. */
  public void fill(float[] out, int offset, int count, Rng rng) {
    for (int i = offset; i < offset + count; i++) {
      out[i] = (float) sample(rng);
    }
  }
}
