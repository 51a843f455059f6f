package io.showers.detector.airshower;

import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * Depth of shower maximum: a generalised Gumbel distribution (the form of De Domenico et al.,
 * JCAP 07 (2013) 050) whose first two moments follow the measured systematics:
 *
 * <pre>
 *   ⟨Xmax⟩(A, E) = 790 g/cm² + 58 g/cm² · log10(E / 10 EeV) − 22.4 g/cm² · ln A
 *   σ(Xmax)(A)  = 55 g/cm² − 8.7 g/cm² · ln A          (p 55, He 43, N 32, Fe 20)
 *   shape λ(A)  = 1 + 0.5 · ln A                        (p 1: long deep tail; Fe 3: nearly Gaussian)
 * </pre>
 *
 * so iron sits 90 g/cm² above protons (superposition: D₁₀ · log10 56 ≈ 100) and the elongation
 * rate is 58 g/cm² per decade. The density is g(z) = λ^λ/Γ(λ) · exp(−λz − λe^(−z)) with
 * z = (X − μ)/σ_G; it is drawn as z = −ln(Y/λ), Y ~ Gamma(λ). Its mean is μ + σ_G (ln λ − ψ(λ))
 * and its variance σ_G² ψ′(λ) (digamma, trigamma from hipparchus), which fixes μ and σ_G from
 * the target moments.
 */
public final class XmaxModel {
  /** ⟨Xmax⟩ of protons at 10 EeV, g/cm². */
  public static final double XMAX_PROTON_10EEV = 790.0;
  /** Elongation rate, g/cm² per decade of energy. */
  public static final double ELONGATION_RATE = 58.0;
  /** Decrease of ⟨Xmax⟩ per unit ln A, g/cm² (90 g/cm² from p to Fe). */
  public static final double XMAX_PER_LN_A = 90.0 / FastMath.log(56.0);
  /** σ(Xmax) of protons, g/cm². */
  public static final double SIGMA_PROTON = 55.0;
  /** σ(Xmax) of iron, g/cm². */
  public static final double SIGMA_IRON = 20.0;
  /** Gumbel shape λ of protons. */
  public static final double SHAPE_PROTON = 1.0;
  /** Increase of the Gumbel shape per unit ln A. */
  public static final double SHAPE_PER_LN_A = 0.5;

  private XmaxModel() {}

  /** Mean depth of maximum, g/cm². */
  public static double mean(double massA, double energyEeV) {
    return XMAX_PROTON_10EEV + ELONGATION_RATE * FastMath.log10(energyEeV / 10.0)
        - XMAX_PER_LN_A * FastMath.log(massA);
  }

  /** Standard deviation of the depth of maximum, g/cm². */
  public static double sigma(double massA) {
    return SIGMA_PROTON - (SIGMA_PROTON - SIGMA_IRON) * FastMath.log(massA) / FastMath.log(56.0);
  }

  /** Gumbel shape parameter λ. */
  public static double shape(double massA) {
    return SHAPE_PROTON + SHAPE_PER_LN_A * FastMath.log(massA);
  }

  /** Draws one Xmax, g/cm². */
  static double sample(RandomDraws draws, double massA, double energyEeV) {
    double lambda = shape(massA);
    double sigmaG = sigma(massA) / FastMath.sqrt(Gamma.trigamma(lambda));
    double mu = mean(massA, energyEeV) - sigmaG * (FastMath.log(lambda) - Gamma.digamma(lambda));
    double y = draws.gamma(lambda);
    return mu - sigmaG * FastMath.log(y / lambda);
  }
}
