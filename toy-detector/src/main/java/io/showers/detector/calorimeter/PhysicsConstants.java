package io.showers.detector.calorimeter;

/** Physical constants in the units of the cascade code: MeV, millimetres, cm² where stated. */
final class PhysicsConstants {
  private PhysicsConstants() {}

  /** Electron mass m_e c², MeV. */
  static final double ELECTRON_MASS_MEV = 0.51099895;

  /** Classical electron radius, cm. */
  static final double ELECTRON_RADIUS_CM = 2.8179403262e-13;

  /** Avogadro's number, 1/mol. */
  static final double AVOGADRO = 6.02214076e23;

  /** Highland formula constant, MeV. */
  static final double HIGHLAND_MEV = 13.6;
}
