package io.showers.detector.calorimeter;

import io.showers.detector.ConditionSampler;
import io.showers.detector.Json;
import io.showers.detector.Seeds;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Draws calorimeter beam labels: particle (e− or γ), energy from a {@link BeamEnergies}
 * spectrum, impact position from a {@link BeamSpot}. Event k's labels depend only on
 * {@code Seeds.labels(seed, firstEventIndex + k)}.
 */
public final class BeamSampler implements ConditionSampler<CalorimeterBeam> {
  private final int particlePdg;
  private final BeamEnergies energies;
  private final BeamSpot spot;

  public BeamSampler(int particlePdg, BeamEnergies energies, BeamSpot spot) {
    if (particlePdg != CalorimeterBeam.ELECTRON && particlePdg != CalorimeterBeam.PHOTON) {
      throw new IllegalArgumentException(
          "unsupported beam particle PDG " + particlePdg + "; expected 11 (e-) or 22 (gamma)");
    }
    this.particlePdg = particlePdg;
    this.energies = energies;
    this.spot = spot;
  }

  /** Parses a particle name: {@code e-} (or electron, 11) and {@code gamma} (or photon, 22). */
  public static int particle(String name) {
    String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "e-", "e", "electron", "11" -> CalorimeterBeam.ELECTRON;
      case "gamma", "photon", "g", "22" -> CalorimeterBeam.PHOTON;
      default -> throw new IllegalArgumentException(
          "unknown beam particle '" + name + "'; expected e- or gamma");
    };
  }

  @Override
  public CalorimeterBeam sample(long seed, long firstEventIndex, int n) {
    CalorimeterBeam b = CalorimeterBeam.allocate(n);
    for (int k = 0; k < n; k++) {
      UniformRandomProvider rng = Seeds.rng(Seeds.labels(seed, firstEventIndex + k));
      b.energyGeV()[k] = (float) energies.sample(rng);
      double x;
      double y;
      if ("gaussian".equals(spot.shape())) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        x = spot.sizeMm() * g.sample();
        y = spot.sizeMm() * g.sample();
      } else {
        x = spot.sizeMm() * (2 * rng.nextDouble() - 1);
        y = spot.sizeMm() * (2 * rng.nextDouble() - 1);
      }
      b.impactMm()[2 * k] = (float) x;
      b.impactMm()[2 * k + 1] = (float) y;
      b.particlePdg()[k] = particlePdg;
    }
    return b;
  }

  @Override
  public String describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("particle", particlePdg == CalorimeterBeam.PHOTON ? "gamma" : "e-");
    m.put("particlePdg", particlePdg);
    m.put("energyGeV", energies.describe());
    m.put("energySpectrum", energies.isRange() ? "uniform" : "discrete");
    m.put("beamSpot", spot.shape());
    m.put("beamSpotSizeMm", spot.sizeMm());
    return Json.write(m);
  }
}
