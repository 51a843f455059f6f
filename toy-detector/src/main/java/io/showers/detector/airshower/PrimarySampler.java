package io.showers.detector.airshower;

import io.showers.detector.ConditionSampler;
import io.showers.detector.Json;
import io.showers.detector.Seeds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.hipparchus.util.FastMath;

/**
 * Draws cosmic-ray primaries: energy from a power law (log-uniform by default) between two
 * energies, zenith θ with pdf ∝ sin θ cos θ (isotropic flux through a flat horizontal array)
 * up to a maximum, azimuth uniform, core uniform in a disk around the array centre, mass from a
 * p/He/N/Fe mixture. Event k uses only {@code Seeds.labels(seed, firstEventIndex + k)}.
 */
public final class PrimarySampler implements ConditionSampler<AirShowerPrimaries> {

  /** Lowest energy the shower model supports, EeV. */
  public static final double MIN_SUPPORTED_EEV = 0.1;
  /** Highest energy the shower model supports, EeV. */
  public static final double MAX_SUPPORTED_EEV = 1000.0;

  /**
   * Settings of the primary distribution.
   *
   * @param minEnergyEeV lowest energy, EeV (default 3)
   * @param maxEnergyEeV highest energy, EeV (default 100)
   * @param spectrum dN/dE ∝ E^−γ (default log-uniform, γ = 1)
   * @param maxZenithDeg largest zenith angle, degrees (default 60, at most 90)
   * @param coreRadiusM cores are uniform in a disk of this radius around the array centre, m
   *     (default 750, one spacing)
   * @param composition mixture of p, He, N, Fe (default equal parts)
   */
  public record Options(
      double minEnergyEeV,
      double maxEnergyEeV,
      EnergySpectrum spectrum,
      double maxZenithDeg,
      double coreRadiusM,
      Composition composition) {

    public Options {
      if (!(minEnergyEeV >= MIN_SUPPORTED_EEV && maxEnergyEeV <= MAX_SUPPORTED_EEV)) {
        throw new IllegalArgumentException(
            "energy range " + minEnergyEeV + "–" + maxEnergyEeV + " EeV is outside the supported range; expected "
                + MIN_SUPPORTED_EEV + " <= min < max <= " + MAX_SUPPORTED_EEV + " EeV");
      }
      if (!(minEnergyEeV < maxEnergyEeV)) {
        throw new IllegalArgumentException(
            "energy range " + minEnergyEeV + "–" + maxEnergyEeV + " EeV is empty; expected min < max");
      }
      if (!(maxZenithDeg > 0 && maxZenithDeg <= 90)) {
        throw new IllegalArgumentException(
            "maximum zenith angle " + maxZenithDeg + "° is invalid; expected 0 < θmax <= 90°");
      }
      if (!(coreRadiusM >= 0 && Double.isFinite(coreRadiusM))) {
        throw new IllegalArgumentException(
            "core radius " + coreRadiusM + " m is invalid; expected a finite value >= 0 m");
      }
      if (spectrum == null || composition == null) {
        throw new IllegalArgumentException("primary options: spectrum and composition must be given");
      }
    }

    /** 3–100 EeV log-uniform, θ <= 60°, cores within 750 m of the centre, equal p/He/N/Fe. */
    public static Options defaults() {
      return new Options(3.0, 100.0, EnergySpectrum.logUniform(), 60.0, 750.0, Composition.equalMix());
    }

    public Options withEnergyRange(double minEeV, double maxEeV) {
      return new Options(minEeV, maxEeV, spectrum, maxZenithDeg, coreRadiusM, composition);
    }

    public Options withSpectrum(EnergySpectrum s) {
      return new Options(minEnergyEeV, maxEnergyEeV, s, maxZenithDeg, coreRadiusM, composition);
    }

    public Options withMaxZenithDeg(double deg) {
      return new Options(minEnergyEeV, maxEnergyEeV, spectrum, deg, coreRadiusM, composition);
    }

    public Options withCoreRadiusM(double m) {
      return new Options(minEnergyEeV, maxEnergyEeV, spectrum, maxZenithDeg, m, composition);
    }

    public Options withComposition(Composition c) {
      return new Options(minEnergyEeV, maxEnergyEeV, spectrum, maxZenithDeg, coreRadiusM, c);
    }

    /**
     * Parses an energy range {@code min:max} or {@code min-max} in EeV, e.g. {@code 3:100}.
     *
     * @return {min, max}
     */
    public static double[] parseEnergyRange(String text) {
      String[] p = text.trim().split("[:,]|(?<=[0-9.])-");
      if (p.length != 2) {
        throw new IllegalArgumentException(
            "energy range '" + text + "' is invalid; expected MIN:MAX in EeV, e.g. 3:100");
      }
      try {
        return new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "energy range '" + text + "' is invalid; expected MIN:MAX as two numbers in EeV, e.g. 3:100");
      }
    }
  }

  private final Options options;
  private final double[] cumulativeMass;
  private final double cos2Max;

  public PrimarySampler(Options options) {
    this.options = options;
    double[] f = options.composition().normalised();
    cumulativeMass = new double[4];
    double c = 0;
    for (int i = 0; i < 4; i++) {
      c += f[i];
      cumulativeMass[i] = c;
    }
    double cosMax = FastMath.cos(FastMath.toRadians(options.maxZenithDeg()));
    cos2Max = options.maxZenithDeg() >= 90 ? 0.0 : cosMax * cosMax;
  }

  public Options options() {
    return options;
  }

  @Override
  public AirShowerPrimaries sample(long seed, long firstEventIndex, int n) {
    AirShowerPrimaries p = AirShowerPrimaries.allocate(n);
    for (int k = 0; k < n; k++) {
      UniformRandomProvider rng = Seeds.rng(Seeds.labels(seed, firstEventIndex + k));
      double energy = options.spectrum().sample(rng.nextDouble(), options.minEnergyEeV(), options.maxEnergyEeV());
      // pdf ∝ sinθ cosθ  <=>  cos²θ uniform in [cos²θmax, 1]
      double cos2 = 1.0 - rng.nextDouble() * (1.0 - cos2Max);
      double cosT = FastMath.sqrt(cos2);
      double sinT = FastMath.sqrt(FastMath.max(0, 1 - cos2));
      double phi = 2 * FastMath.PI * rng.nextDouble();
      double rc = options.coreRadiusM() * FastMath.sqrt(rng.nextDouble());
      double pc = 2 * FastMath.PI * rng.nextDouble();
      double u = rng.nextDouble();
      int species = 3;
      for (int i = 0; i < 4; i++) {
        if (u < cumulativeMass[i]) {
          species = i;
          break;
        }
      }
      while (cumulativeMass[species] - (species == 0 ? 0 : cumulativeMass[species - 1]) <= 0) {
        species--; // rounding at u ≈ 1 landed on an empty species
      }
      p.energyEeV()[k] = (float) energy;
      p.showerAxis()[3 * k] = (float) (sinT * FastMath.cos(phi));
      p.showerAxis()[3 * k + 1] = (float) (sinT * FastMath.sin(phi));
      p.showerAxis()[3 * k + 2] = (float) cosT;
      p.showerCoreM()[2 * k] = (float) (rc * FastMath.cos(pc));
      p.showerCoreM()[2 * k + 1] = (float) (rc * FastMath.sin(pc));
      p.massA()[k] = Composition.MASS[species];
    }
    return p;
  }

  @Override
  public String describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sampler", "airshower-primaries");
    m.put("energyEeV", new double[] {options.minEnergyEeV(), options.maxEnergyEeV()});
    m.put("spectrum", options.spectrum().describe());
    m.put("zenith", "pdf ∝ sinθ cosθ, 0–" + options.maxZenithDeg() + "°");
    m.put("azimuth", "uniform");
    m.put("coreRadiusM", options.coreRadiusM());
    m.put("composition", options.composition().describe());
    return Json.write(m);
  }
}
