package io.showers.detector.airshower;

import java.util.Locale;
import org.hipparchus.util.FastMath;

/**
 * A power-law energy spectrum dN/dE ∝ E^−γ between two energies. γ = 1 is log-uniform (equal
 * numbers per decade), the default of the textbook's data; the measured cosmic-ray flux above
 * the ankle has γ ≈ 2.7.
 *
 * @param index spectral index γ, 0 … 5
 */
public record EnergySpectrum(double index) {

  /** The largest spectral index accepted. */
  public static final double MAX_INDEX = 5.0;

  public EnergySpectrum {
    if (!(index >= 0 && index <= MAX_INDEX)) {
      throw new IllegalArgumentException(
          "spectral index γ = " + index + " is invalid; expected 0 … " + MAX_INDEX);
    }
  }

  /** Equal numbers per decade of energy (γ = 1). */
  public static EnergySpectrum logUniform() {
    return new EnergySpectrum(1.0);
  }

  /** dN/dE ∝ E^−γ. */
  public static EnergySpectrum powerLaw(double index) {
    return new EnergySpectrum(index);
  }

  /** Parses {@code log-uniform} or {@code power:<γ>} (e.g. {@code power:2.7}). */
  public static EnergySpectrum parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("log-uniform") || t.equals("loguniform")) {
      return logUniform();
    }
    if (t.startsWith("power:")) {
      String v = t.substring("power:".length());
      try {
        return powerLaw(Double.parseDouble(v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "spectrum '" + text + "': '" + v + "' is not a number; expected power:<γ> with γ in 0 … " + MAX_INDEX);
      }
    }
    throw new IllegalArgumentException(
        "unknown spectrum '" + text + "'; expected log-uniform or power:<γ> (e.g. power:2.7)");
  }

  /** Text accepted by {@link #parse}. */
  public String describe() {
    return index == 1.0 ? "log-uniform" : "power:" + index;
  }

  /** Inverse-CDF sample from a uniform {@code u} in [0, 1) between {@code min} and {@code max}. */
  public double sample(double u, double min, double max) {
    if (index == 1.0) {
      return min * FastMath.exp(u * FastMath.log(max / min));
    }
    double g = 1.0 - index;
    double lo = FastMath.pow(min, g);
    double hi = FastMath.pow(max, g);
    return FastMath.pow(lo + u * (hi - lo), 1.0 / g);
  }
}
