package io.showers.detector.airshower;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * The random variates of one event, drawn from that event's own stream without allocating:
 * uniform, standard normal (ziggurat), exponential, Gamma (Marsaglia–Tsang) and Poisson (exact:
 * inversion below a mean of 10, Hörmann's PTRS transformed rejection above; or the Gaussian
 * approximation the fast mode uses for large means). Not thread-safe: one instance per event.
 */
final class RandomDraws {
  private final UniformRandomProvider rng;
  private final NormalizedGaussianSampler gauss;

  RandomDraws(UniformRandomProvider rng) {
    this.rng = rng;
    this.gauss = ZigguratSampler.NormalizedGaussian.of(rng);
  }

  double uniform() {
    return rng.nextDouble();
  }

  /** Uniform in (0, 1], safe for logarithms. */
  double uniformPositive() {
    return 1.0 - rng.nextDouble();
  }

  double normal() {
    return gauss.sample();
  }

  /** Exponential with mean 1. */
  double exponential() {
    return -FastMath.log(uniformPositive());
  }

  /** Gamma(shape, 1) for shape >= 1 (Marsaglia & Tsang 2000). */
  double gamma(double shape) {
    if (shape < 1) {
      // boost: Gamma(a) = Gamma(a + 1) · U^(1/a)
      return gamma(shape + 1) * FastMath.pow(uniformPositive(), 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / FastMath.sqrt(9 * d);
    while (true) {
      double x = normal();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = uniformPositive();
      if (FastMath.log(u) < 0.5 * x * x + d - d * v + d * FastMath.log(v)) {
        return d * v;
      }
    }
  }

  /** An exact Poisson variate with the given mean. */
  long poisson(double mean) {
    if (!(mean > 0)) {
      return 0;
    }
    if (mean < 10) {
      double p = FastMath.exp(-mean);
      double f = p;
      double u = rng.nextDouble();
      long k = 0;
      while (u > f && k < 1000) {
        k++;
        p *= mean / k;
        f += p;
      }
      return k;
    }
    return ptrs(mean);
  }

  /** Poisson by the normal approximation with continuity rounding (for large means only). */
  long poissonGaussian(double mean) {
    return FastMath.max(0L, FastMath.round(mean + FastMath.sqrt(mean) * normal()));
  }

  /** Hörmann (1993), "The transformed rejection method for generating Poisson random variables". */
  private long ptrs(double lam) {
    double slam = FastMath.sqrt(lam);
    double loglam = FastMath.log(lam);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = rng.nextDouble() - 0.5;
      double v = rng.nextDouble();
      double us = 0.5 - FastMath.abs(u);
      long k = (long) FastMath.floor((2 * a / us + b) * u + lam + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (FastMath.log(v) + FastMath.log(invalpha) - FastMath.log(a / (us * us) + b)
          <= -lam + k * loglam - Gamma.logGamma(k + 1.0)) {
        return k;
      }
    }
  }
}
