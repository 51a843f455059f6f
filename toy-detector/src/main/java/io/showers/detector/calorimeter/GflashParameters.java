package io.showers.detector.calorimeter;

/**
 * Constants of the parametrised (GFlash-style) shower model for one particle type in a
 * tungsten/silicon calorimeter, all fitted to the reference cascade (see
 * {@code GflashTuning} in the tests for the procedure and the printed values).
 *
 * <p>Longitudinal: per shower, (ln α, ln β) of the Gamma profile of the silicon signal are drawn
 * from a bivariate normal with means {@code lnAlpha0 + lnAlpha1·ln(E/GeV)},
 * {@code lnBeta0 + lnBeta1·ln(E/GeV)}, widths {@code sigmaLnAlpha}, {@code sigmaLnBeta} and
 * correlation {@code rho}.
 *
 * <p>Sampling: a sensor at depth t (X0) sees on average E·{@code sensorPerDensity}·g(t) MeV for
 * 300 µm of silicon (g the shower's normalised profile, 1/X0), made of energy spots with a
 * Gamma(κ = 2) energy distribution of mean {@code spotMeV} (variance of the layer signal
 * 1.5·spotMeV·signal, as the residual fluctuations of the reference profiles about their own
 * Gamma fits).
 *
 * <p>Radial: the spot radius follows p·2rR_C²/(r²+R_C²)² + (1−p)·2rR_T²/(r²+R_T²)² with R_C,
 * R_T (in Molière radii) and p tabulated at the relative depths {@code tau} = t/t_max and
 * interpolated linearly.
 */
record GflashParameters(
    double lnAlpha0, double lnAlpha1, double lnBeta0, double lnBeta1,
    double sigmaLnAlpha, double sigmaLnBeta, double rho,
    double sensorPerDensity, double spotMeV,
    double[] tau, double[] coreRm, double[] tailRm, double[] coreFraction) {

  double interpolate(double[] y, double t) {
    if (t <= tau[0]) {
      return y[0];
    }
    for (int i = 1; i < tau.length; i++) {
      if (t <= tau[i]) {
        double w = (t - tau[i - 1]) / (tau[i] - tau[i - 1]);
        return y[i - 1] + w * (y[i] - y[i - 1]);
      }
    }
    return y[y.length - 1];
  }
}
