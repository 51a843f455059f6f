package io.showers.generative.wgan;

import io.showers.generative.nn.Rng;
import org.hipparchus.special.Erf;

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

  /** A draw of this distribution mapped to the standard normal draw of the same quantile. */
  public double toStandardNormal(double v) {
    return this == GAUSSIAN ? v : Math.sqrt(2) * Erf.erfInv(Math.max(-1 + 1e-12, Math.min(1 - 1e-12, v)));
  }

  /**
   * The first {@code count} noise values of each of {@code n} rows of {@code stride} values from
   * {@code offset}, as standard normals ({@code n × count}, row-major): the density noise of an
   * {@link EnergyShareHead} ({@link EnergyShareHead#densityNoiseDim()}).
   */
  public float[] leadingAsStandardNormal(float[] rows, int offset, int stride, int n, int count) {
    float[] z = new float[n * count];
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < count; j++) {
        z[k * count + j] = (float) toStandardNormal(rows[offset + k * stride + j]);
      }
    }
    return z;
  }

  /** Fills {@code out[offset .. offset+count)} with draws. */
  public void fill(float[] out, int offset, int count, Rng rng) {
    for (int i = offset; i < offset + count; i++) {
      out[i] = (float) sample(rng);
    }
  }
}
