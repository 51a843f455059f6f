package io.showers.detector.calorimeter;

/**
 * The fitted constants of the parametrised model. Obtained by running {@code GflashTuning}
 * (test sources: {@code mvn -o -q -pl toy-detector test -Dtest=GflashTuning -Dgflash.tune=true})
 * on reference showers in a fine-sampling W/Si stack (70 × 0.5 X0 W + 300 µm Si) and pasting
 * its printed output here.
 * Tuning run on this code version: 190 showers per particle (seeds 9011/9022).
 */
final class GflashConstants {
  private GflashConstants() {}

  /**
   * Scale of the fitted σ(ln α), σ(ln β), set together with {@link #SPOT_SCALE} so that the
   * width of the total-signal distribution in the default geometry matches the reference
   * (ParametrisedModeTest): with smaller spots, more of the fluctuation must come from the
   * profile.
   */
  static final double FLUCTUATION_SCALE = 0.6;

  /**
   * Scale of the fitted spot energy. The residuals about each shower's own Gamma fit in the
   * tuning stack also hold genuine shape fluctuations, and large spots survive the 2 MIP
   * threshold far from the axis. Both scales were solved from the total-signal variance in the
   * default geometry, modelled as spot part ∝ scale/E plus profile part ∝ σ-scale², measured
   * at 10 and 50 GeV e− for several settings (0.15–1.0 × spot, 0.6–2.0 × σ).
   */
  static final double SPOT_SCALE = 0.55;

  // electrons: 190 showers
  static final GflashParameters ELECTRON = new GflashParameters(
      1.0995, 0.1444, -0.7432, 0.0176,
      0.1711, 0.1546, 0.7895,
      0.0105596, 0.5205,
      new double[] {0.3674, 0.7813, 1.2326, 1.7179, 2.3556, 3.5561},
      new double[] {0.0324, 0.0395, 0.0775, 0.1601, 0.2152, 0.1954},
      new double[] {0.2496, 0.2012, 0.2964, 0.5245, 0.7793, 1.2115},
      new double[] {0.7397, 0.4152, 0.3574, 0.4471, 0.3181, 0.1378});
  // photons: 190 showers
  static final GflashParameters PHOTON = new GflashParameters(
      1.3450, 0.1246, -0.6035, 0.0093,
      0.3022, 0.1999, 0.8849,
      0.0106368, 0.4599,
      new double[] {0.3830, 0.7888, 1.2272, 1.7123, 2.3364, 3.5328},
      new double[] {0.0294, 0.0395, 0.0861, 0.1849, 0.2697, 0.1968},
      new double[] {0.2529, 0.2011, 0.3230, 0.5968, 0.9413, 1.3480},
      new double[] {0.7422, 0.4132, 0.3678, 0.4761, 0.3782, 0.0843});
}
