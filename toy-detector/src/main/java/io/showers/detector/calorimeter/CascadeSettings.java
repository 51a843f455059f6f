package io.showers.detector.calorimeter;

/**
 * Physics settings of the reference cascade: production/tracking cut-offs and step limits. They
 * are simulator settings (recorded in the producer JSON), not part of the detector.
 *
 * <p>The defaults were chosen by their measured effect on the physics tests (see
 * {@code CascadePhysicsTest} and the tuning notes in {@code ReferenceCalorimeter}): lowering the
 * absorber cuts or the step limits below these values moved t_max, containment, sampling
 * fraction and resolution by less than their test tolerances while costing more time.
 *
 * @param absorberElectronCutMeV e± below this kinetic energy stop in the absorber (energy
 *     deposited locally, positrons annihilate); also the δ-ray production threshold there, MeV
 * @param sensorElectronCutMeV e± tracking cut in the silicon, MeV
 * @param sensorDeltaThresholdMeV δ rays above this energy are produced explicitly in the silicon
 *     (below it the loss is continuous); δ rays under the sensor tracking cut are deposited
 *     where they are made, which gives the Landau tail of the sensor signal, MeV
 * @param photonCutMeV photons below this energy are absorbed where they are; also the
 *     bremsstrahlung production threshold (softer photons are a continuous loss), MeV
 * @param maxEnergyLossFraction largest fractional continuous energy loss of one e± step
 * @param maxStepX0 largest e± step, radiation lengths
 * @param maxScatteringAngleRad steps are shortened so the Highland width θ0 stays below this
 * @param transverseHalfWidthMm lateral half-size of the slabs; beyond it particles leak sideways
 */
public record CascadeSettings(
    double absorberElectronCutMeV,
    double sensorElectronCutMeV,
    double sensorDeltaThresholdMeV,
    double photonCutMeV,
    double maxEnergyLossFraction,
    double maxStepX0,
    double maxScatteringAngleRad,
    double transverseHalfWidthMm) {

  /** The production defaults. */
  public static CascadeSettings defaults() {
    return new CascadeSettings(1.0, 0.3, 0.001, 0.1, 0.2, 0.5, 1.0, 1000.0);
  }

  public CascadeSettings {
    check(absorberElectronCutMeV > 0.01 && absorberElectronCutMeV < 100, "absorberElectronCutMeV", absorberElectronCutMeV);
    check(sensorElectronCutMeV > 0.01 && sensorElectronCutMeV < 100, "sensorElectronCutMeV", sensorElectronCutMeV);
    check(sensorDeltaThresholdMeV > 0 && sensorDeltaThresholdMeV <= sensorElectronCutMeV, "sensorDeltaThresholdMeV", sensorDeltaThresholdMeV);
    check(photonCutMeV >= 0.01 && photonCutMeV < 100, "photonCutMeV", photonCutMeV);
    check(maxEnergyLossFraction > 0 && maxEnergyLossFraction <= 0.5, "maxEnergyLossFraction", maxEnergyLossFraction);
    check(maxStepX0 > 0 && maxStepX0 <= 5, "maxStepX0", maxStepX0);
    check(maxScatteringAngleRad > 0 && maxScatteringAngleRad <= 2, "maxScatteringAngleRad", maxScatteringAngleRad);
    check(transverseHalfWidthMm > 0, "transverseHalfWidthMm", transverseHalfWidthMm);
  }

  private static void check(boolean ok, String name, double value) {
    if (!ok) {
      throw new IllegalArgumentException("cascade settings: " + name + " = " + value + " is out of range");
    }
  }
}
