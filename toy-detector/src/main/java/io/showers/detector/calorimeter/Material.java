package io.showers.detector.calorimeter;

/**
 * An absorber or sensor material with the constants electromagnetic showers need (values from
 * the PDG "Atomic and nuclear properties of materials" tables).
 *
 * @param name chemical symbol used in configurations ("W", "Si", ...)
 * @param z atomic number Z
 * @param aGPerMol atomic mass A, g/mol
 * @param densityGPerCm3 density, g/cm³
 * @param radiationLengthGPerCm2 radiation length X0, g/cm²
 * @param criticalEnergyMeV critical energy of electrons E_c (Rossi definition as tabulated by
 *     the PDG), MeV
 * @param meanExcitationEnergyEv mean excitation energy I, eV
 */
public record Material(
    String name,
    int z,
    double aGPerMol,
    double densityGPerCm3,
    double radiationLengthGPerCm2,
    double criticalEnergyMeV,
    double meanExcitationEnergyEv) {

  /** Scale energy E_s = m_e c² √(4π/α) of the Molière radius, MeV. */
  public static final double SCALE_ENERGY_MEV = 21.2052;

  /** Radiation length, millimetres. */
  public double radiationLengthMm() {
    return 10.0 * radiationLengthGPerCm2 / densityGPerCm3;
  }

  /** Molière radius R_M = X0 · E_s / E_c, g/cm². */
  public double moliereRadiusGPerCm2() {
    return radiationLengthGPerCm2 * SCALE_ENERGY_MEV / criticalEnergyMeV;
  }

  /** Molière radius, millimetres. */
  public double moliereRadiusMm() {
    return 10.0 * moliereRadiusGPerCm2() / densityGPerCm3;
  }

  /** Electrons per cm³. */
  public double electronDensityPerCm3() {
    return densityGPerCm3 * z / aGPerMol * PhysicsConstants.AVOGADRO;
  }

  /** Plasma energy ħω_p = 28.816 √(ρ Z/A) eV (density-effect correction). */
  public double plasmaEnergyEv() {
    return 28.816 * Math.sqrt(densityGPerCm3 * z / aGPerMol);
  }
}
