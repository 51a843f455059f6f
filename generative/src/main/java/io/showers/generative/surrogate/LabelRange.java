package io.showers.generative.surrogate;

import java.util.Locale;

/**
 * The span of the physical labels a surrogate was trained on.
 *
 * @param energyMin smallest training energy (GeV for the calorimeter, EeV for air showers)
 * @param energyMax largest training energy
 * @param radialMax largest impact radius (mm) or core distance from the array centre (m)
 * @param zenithMaxDeg largest zenith angle (air showers; 0 for the calorimeter)
 */
public record LabelRange(double energyMin, double energyMax, double radialMax, double zenithMaxDeg) {

  /** A one-line description. */
  public String describe(String energyUnit, String radialUnit) {
    return String.format(Locale.ROOT, "energy %.3g-%.3g %s, radius <= %.3g %s%s", energyMin, energyMax,
        energyUnit, radialMax, radialUnit, zenithMaxDeg > 0 ? String.format(Locale.ROOT, ", zenith <= %.1f deg", zenithMaxDeg) : "");
  }

  static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(what + "; use --allow-extrapolation to generate anyway");
    }
  }
}
