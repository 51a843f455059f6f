package io.showers.detector.calorimeter;

/**
 * Where the energy of one shower went, MeV. Every MeV of the primary ends in exactly one of
 * absorber, sensors, or leakage (front = backscattered, back, side); {@code belowCutMeV} is the
 * part of the deposits made by particles stopped at the cut-offs (already counted in absorber or
 * sensor). Positron rest energy is counted when it is released: annihilation photons, or
 * 2 m_e c² added to a positron that leaks out (the pair's rest mass came from the photon).
 */
public final class EnergyLedger {
  public double absorberMeV;
  public double sensorMeV;
  public double leakedFrontMeV;
  public double leakedBackMeV;
  public double leakedSideMeV;
  public double belowCutMeV;

  public double totalMeV() {
    return absorberMeV + sensorMeV + leakedFrontMeV + leakedBackMeV + leakedSideMeV;
  }

  public void clear() {
    absorberMeV = sensorMeV = leakedFrontMeV = leakedBackMeV = leakedSideMeV = belowCutMeV = 0;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "absorber %.3f MeV, sensors %.3f, leaked front %.3f back %.3f side %.3f (below cut %.3f)",
        absorberMeV, sensorMeV, leakedFrontMeV, leakedBackMeV, leakedSideMeV, belowCutMeV);
  }
}
