package io.showers.detector.calorimeter;

import static io.showers.detector.calorimeter.PhysicsConstants.ELECTRON_MASS_MEV;
import static io.showers.detector.calorimeter.PhysicsConstants.ELECTRON_RADIUS_CM;

/**
 * Cross-sections and stopping powers of one material for given cut-offs, tabulated on a
 * logarithmic kinetic-energy grid (lengths in mm, energies in MeV). Immutable, shared by threads.
 *
 * <ul>
 *   <li>Photons: photo-absorption (power law in E fitted to NIST XCOM for W, scaled as Z^4.2/A),
 *       Compton scattering (Klein–Nishina per electron), pair production (7/9 X0⁻¹ times a
 *       low-energy suppression S(E) read off the XCOM pair cross-section of W).
 *   <li>e±: restricted collision stopping power (Berger–Seltzer/ICRU 37 Bethe formula with a
 *       high-energy density-effect correction, minus the δ rays above the threshold, which are
 *       produced explicitly from the 1/T² Møller/Bhabha leading term); bremsstrahlung from the
 *       complete-screening Bethe–Heitler spectrum (4/3 − 4/3 y + y²)/y with the 1/X0
 *       normalisation, photons above the cut discrete and softer ones a continuous loss, with a
 *       low-energy factor 1 − 0.35 e^{−T/25 MeV} (ESTAR radiative stopping power of W).
 * </ul>
 */
final class MaterialPhysics {
  static final double LN_E_MIN = Math.log(1e-3);
  static final double LN_E_MAX = Math.log(1e6);
  static final int BINS_PER_E_FOLD = 16;
  static final int N = (int) Math.ceil((LN_E_MAX - LN_E_MIN) * BINS_PER_E_FOLD) + 2;
  static final double INV_DLN = BINS_PER_E_FOLD;

  final Material material;
  final double x0Mm;
  final double electronCutMeV;
  final double deltaThresholdMeV;
  final double photonCutMeV;
  /** 2π r_e² m_e c² n_el, MeV per mm: the δ-ray rate constant. */
  final double deltaConstantMevPerMm;

  private final double[] photoPerMm = new double[N];
  private final double[] comptonPerMm = new double[N];
  private final double[] pairPerMm = new double[N];
  private final double[] photonTotalPerMm = new double[N];
  private final double[] electronDedxMevPerMm = new double[N];
  private final double[] positronDedxMevPerMm = new double[N];
  private final double[] bremsRatePerMm = new double[N];

  MaterialPhysics(Material material, double electronCutMeV, double deltaThresholdMeV, double photonCutMeV) {
    this.material = material;
    this.x0Mm = material.radiationLengthMm();
    this.electronCutMeV = electronCutMeV;
    this.deltaThresholdMeV = deltaThresholdMeV;
    this.photonCutMeV = photonCutMeV;
    double re2 = ELECTRON_RADIUS_CM * ELECTRON_RADIUS_CM;
    double nEl = material.electronDensityPerCm3();
    this.deltaConstantMevPerMm = 2 * Math.PI * re2 * ELECTRON_MASS_MEV * nEl / 10.0;
    for (int i = 0; i < N; i++) {
      double e = Math.exp(LN_E_MIN + i / INV_DLN);
      photoPerMm[i] = photoAbsorptionCm2PerG(material, e) * material.densityGPerCm3() / 10.0;
      comptonPerMm[i] = kleinNishinaCm2(e) * nEl / 10.0;
      pairPerMm[i] = pairSuppression(e) * (7.0 / 9.0) / x0Mm;
      photonTotalPerMm[i] = photoPerMm[i] + comptonPerMm[i] + pairPerMm[i];
      electronDedxMevPerMm[i] = restrictedCollisionDedx(e, false) + softBremsDedx(e);
      positronDedxMevPerMm[i] = restrictedCollisionDedx(e, true) + softBremsDedx(e);
      bremsRatePerMm[i] = bremsRate(e);
    }
  }

  // ---------------------------------------------------------------- lookups

  private static double interp(double[] t, double lnE) {
    double f = (lnE - LN_E_MIN) * INV_DLN;
    if (f <= 0) {
      return t[0];
    }
    int i = (int) f;
    if (i >= N - 1) {
      return t[N - 1];
    }
    double w = f - i;
    return t[i] + w * (t[i + 1] - t[i]);
  }

  double photonTotalPerMm(double lnE) {
    return interp(photonTotalPerMm, lnE);
  }

  double photoPerMm(double lnE) {
    return interp(photoPerMm, lnE);
  }

  double comptonPerMm(double lnE) {
    return interp(comptonPerMm, lnE);
  }

  double pairPerMm(double lnE) {
    return interp(pairPerMm, lnE);
  }

  /** Restricted continuous loss (collision below the δ threshold plus soft bremsstrahlung), MeV/mm. */
  double dedxMevPerMm(double lnT, boolean positron) {
    return interp(positron ? positronDedxMevPerMm : electronDedxMevPerMm, lnT);
  }

  /** Rate of bremsstrahlung photons above the photon cut, per mm. */
  double bremsRatePerMm(double lnT) {
    return interp(bremsRatePerMm, lnT);
  }

  /** Rate of δ rays above the threshold, per mm (1/T² leading term of Møller/Bhabha). */
  double deltaRatePerMm(double t, boolean positron) {
    double tMax = positron ? t : 0.5 * t;
    if (tMax <= deltaThresholdMeV) {
      return 0;
    }
    double gamma = 1 + t / ELECTRON_MASS_MEV;
    double beta2 = 1 - 1 / (gamma * gamma);
    return deltaConstantMevPerMm / beta2 * (1 / deltaThresholdMeV - 1 / tMax);
  }

  // ---------------------------------------------------------------- formulas

  /** Photo-absorption mass attenuation, cm²/g: W fit 0.62 (E/0.2 MeV)^−2.7 + 0.004 (E/MeV)^−1. */
  static double photoAbsorptionCm2PerG(Material m, double eMeV) {
    double w = 0.62 * Math.pow(eMeV / 0.2, -2.7) + 0.004 / eMeV;
    return w * Math.pow(m.z() / 74.0, 4.2) * (183.84 / m.aGPerMol());
  }

  /** Klein–Nishina total cross-section per electron, cm². */
  static double kleinNishinaCm2(double eMeV) {
    double k = eMeV / ELECTRON_MASS_MEV;
    double re2 = ELECTRON_RADIUS_CM * ELECTRON_RADIUS_CM;
    if (k < 1e-3) {
      return 8 * Math.PI / 3 * re2 * (1 - 2 * k);
    }
    double l = Math.log1p(2 * k);
    double a = (1 + k) / (k * k) * (2 * (1 + k) / (1 + 2 * k) - l / k);
    return 2 * Math.PI * re2 * (a + l / (2 * k) - (1 + 3 * k) / ((1 + 2 * k) * (1 + 2 * k)));
  }

  private static final double[] PAIR_E_MEV = {1.022, 1.5, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 1e4, 1e5};
  private static final double[] PAIR_S = {0, 0.012, 0.05, 0.11, 0.17, 0.31, 0.46, 0.64, 0.75, 0.83, 0.90, 0.93, 0.98, 1.0};

  /** Pair cross-section relative to 7/(9 X0): the approach to the high-energy limit (XCOM, W). */
  static double pairSuppression(double eMeV) {
    if (eMeV <= PAIR_E_MEV[0]) {
      return 0;
    }
    if (eMeV >= PAIR_E_MEV[PAIR_E_MEV.length - 1]) {
      return 1;
    }
    int i = 1;
    while (PAIR_E_MEV[i] < eMeV) {
      i++;
    }
    double w = Math.log(eMeV / PAIR_E_MEV[i - 1]) / Math.log(PAIR_E_MEV[i] / PAIR_E_MEV[i - 1]);
    return PAIR_S[i - 1] + w * (PAIR_S[i] - PAIR_S[i - 1]);
  }

  /** Low-energy correction of the complete-screening bremsstrahlung cross-section. */
  static double bremsLowEnergyFactor(double tMeV) {
    return 1 - 0.35 * Math.exp(-tMeV / 25.0);
  }

  /** Full collision stopping power of e− (or e+), MeV/mm (Berger–Seltzer, ICRU 37). */
  double collisionDedx(double t, boolean positron) {
    double tau = t / ELECTRON_MASS_MEV;
    double gamma = tau + 1;
    double beta2 = 1 - 1 / (gamma * gamma);
    double iRel = material.meanExcitationEnergyEv() * 1e-6 / ELECTRON_MASS_MEV;
    double f;
    if (positron) {
      double y = 1 / (tau + 2);
      f = 2 * Math.log(2) - beta2 / 12 * (23 + 14 * y + 10 * y * y + 4 * y * y * y);
    } else {
      f = 1 - beta2 + (tau * tau / 8 - (2 * tau + 1) * Math.log(2)) / ((tau + 1) * (tau + 1));
    }
    double betaGamma = Math.sqrt(gamma * gamma - 1);
    double delta = Math.max(0, 2 * Math.log(betaGamma)
        + 2 * Math.log(material.plasmaEnergyEv() / material.meanExcitationEnergyEv()) - 1);
    double bracket = Math.log(tau * tau * (tau + 2) / (2 * iRel * iRel)) + f - delta;
    return Math.max(0, deltaConstantMevPerMm / beta2 * bracket);
  }

  private double restrictedCollisionDedx(double t, boolean positron) {
    double full = collisionDedx(t, positron);
    double tMax = positron ? t : 0.5 * t;
    if (tMax > deltaThresholdMeV) {
      double gamma = 1 + t / ELECTRON_MASS_MEV;
      double beta2 = 1 - 1 / (gamma * gamma);
      full -= deltaConstantMevPerMm / beta2 * Math.log(tMax / deltaThresholdMeV);
    }
    // never below a fifth of the full value (the 1/T² term overestimates very close to T_max)
    return Math.max(full, 0.2 * collisionDedx(t, positron));
  }

  /** Continuous loss to bremsstrahlung photons below the photon cut, MeV/mm. */
  private double softBremsDedx(double t) {
    double eTot = t + ELECTRON_MASS_MEV;
    double yc = Math.min(photonCutMeV, t) / eTot;
    double integral = 4.0 / 3 * yc - 2.0 / 3 * yc * yc + yc * yc * yc / 3;
    return eTot / x0Mm * integral * bremsLowEnergyFactor(t);
  }

  private double bremsRate(double t) {
    if (t <= photonCutMeV) {
      return 0;
    }
    double eTot = t + ELECTRON_MASS_MEV;
    double yc = photonCutMeV / eTot;
    double ym = t / eTot;
    double r = 4.0 / 3 * Math.log(ym / yc) - 4.0 / 3 * (ym - yc) + 0.5 * (ym * ym - yc * yc);
    return r / x0Mm * bremsLowEnergyFactor(t);
  }
}
