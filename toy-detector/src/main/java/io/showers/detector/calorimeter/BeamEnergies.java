package io.showers.detector.calorimeter;

import java.util.Arrays;

/**
 * The beam-energy spectrum: one energy, a list (each event picks one entry with equal
 * probability) or a range (uniform in [min, max]). Energies in GeV, within the supported range
 * {@value #MIN_GEV}–{@value #MAX_GEV} GeV.
 */
public final class BeamEnergies {
  public static final double MIN_GEV = 1.0;
  public static final double MAX_GEV = 500.0;

  private final double[] list;
  private final double min;
  private final double max;
  private final boolean range;

  private BeamEnergies(double[] list, double min, double max, boolean range) {
    this.list = list;
    this.min = min;
    this.max = max;
    this.range = range;
  }

  /** A single energy, GeV. */
  public static BeamEnergies fixed(double energyGeV) {
    check(energyGeV);
    return new BeamEnergies(new double[] {energyGeV}, energyGeV, energyGeV, false);
  }

  /** A list of energies, GeV (e.g. 20, 32, 50, 80, 90 as in arXiv:1807.01954). */
  public static BeamEnergies list(double... energiesGeV) {
    if (energiesGeV.length == 0) {
      throw new IllegalArgumentException("beam energy list is empty; expected at least one energy in GeV");
    }
    for (double e : energiesGeV) {
      check(e);
    }
    return new BeamEnergies(energiesGeV.clone(), Arrays.stream(energiesGeV).min().getAsDouble(),
        Arrays.stream(energiesGeV).max().getAsDouble(), false);
  }

  /** Uniform in [minGeV, maxGeV]. */
  public static BeamEnergies range(double minGeV, double maxGeV) {
    check(minGeV);
    check(maxGeV);
    if (!(maxGeV > minGeV)) {
      throw new IllegalArgumentException(
          "beam energy range " + minGeV + ":" + maxGeV + " GeV is empty; expected MIN:MAX with MIN < MAX");
    }
    return new BeamEnergies(null, minGeV, maxGeV, true);
  }

  /** Parses {@code 50}, {@code 20,32,50} or {@code 10:100} (GeV). */
  public static BeamEnergies parse(String text) {
    try {
      if (text.contains(":")) {
        String[] p = text.split(":");
        if (p.length != 2) {
          throw new IllegalArgumentException(
              "beam energy range '" + text + "' is invalid; expected MIN:MAX in GeV, e.g. 10:100");
        }
        return range(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()));
      }
      if (text.contains(",")) {
        return list(Arrays.stream(text.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray());
      }
      return fixed(Double.parseDouble(text.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "beam energy '" + text + "' is not a number; expected GeV, e.g. 50, 20,32,50 or 10:100");
    }
  }

  private static void check(double e) {
    if (!(e > 0)) {
      throw new IllegalArgumentException(
          "beam energy " + e + " GeV is invalid; expected a positive energy in GeV");
    }
    if (e < MIN_GEV || e > MAX_GEV) {
      throw new IllegalArgumentException(
          "beam energy " + e + " GeV is outside the supported range; expected " + MIN_GEV + " to " + MAX_GEV + " GeV");
    }
  }

  /** Draws one energy, GeV, from two uniform deviates' worth of randomness. */
  double sample(org.apache.commons.rng.UniformRandomProvider rng) {
    if (range) {
      return min + (max - min) * rng.nextDouble();
    }
    return list.length == 1 ? list[0] : list[rng.nextInt(list.length)];
  }

  /** A short description for metadata: {@code 50}, {@code [20, 32]} or {@code 10:100}. */
  public String describe() {
    if (range) {
      return min + ":" + max;
    }
    return list.length == 1 ? Double.toString(list[0]) : Arrays.toString(list);
  }

  public boolean isRange() {
    return range;
  }

  public double minGeV() {
    return min;
  }

  public double maxGeV() {
    return max;
  }
}
