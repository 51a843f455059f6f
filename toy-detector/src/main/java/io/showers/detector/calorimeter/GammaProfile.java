package io.showers.detector.calorimeter;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.analysis.ParametricUnivariateFunction;
import org.hipparchus.fitting.SimpleCurveFitter;
import org.hipparchus.fitting.WeightedObservedPoint;
import org.hipparchus.special.Gamma;

/**
 * The longitudinal shower profile dE/dt = E · b (bt)^(a−1) e^(−bt) / Γ(a) (t in X0; PDG
 * "Passage of particles through matter", eq. 34.36), with a least-squares fit to binned profiles.
 *
 * @param energy integral of the profile (same unit as the fitted data)
 * @param a shape parameter α
 * @param b scale parameter β, 1/X0
 */
public record GammaProfile(double energy, double a, double b) {

  /** Depth of the maximum, t_max = (a − 1)/b, X0. */
  public double tMaxX0() {
    return (a - 1) / b;
  }

  /** Profile density at depth t (X0), energy per X0. */
  public double density(double tX0) {
    return density(energy, a, b, tX0);
  }

  static double density(double energy, double a, double b, double t) {
    if (t <= 0) {
      return 0;
    }
    double bt = b * t;
    return energy * b * Math.exp((a - 1) * Math.log(bt) - bt - Gamma.logGamma(a));
  }

  /**
   * Fits a profile given as energy per bin of width {@code binX0} starting at depth 0 (bin i
   * centred at (i + ½)·binX0). Bins are weighted equally (mean profiles of many showers).
   */
  public static GammaProfile fit(double[] perBin, double binX0) {
    double sum = 0;
    double m1 = 0;
    double m2 = 0;
    for (int i = 0; i < perBin.length; i++) {
      double t = (i + 0.5) * binX0;
      sum += perBin[i];
      m1 += perBin[i] * t;
      m2 += perBin[i] * t * t;
    }
    GammaProfile start = fromMoments(sum, m1 / sum, m2 / sum - (m1 / sum) * (m1 / sum));
    List<WeightedObservedPoint> pts = new ArrayList<>();
    for (int i = 0; i < perBin.length; i++) {
      pts.add(new WeightedObservedPoint(1.0, (i + 0.5) * binX0, perBin[i] / binX0));
    }
    ParametricUnivariateFunction f = new ParametricUnivariateFunction() {
      @Override
      public double value(double t, double... p) {
        return density(p[0], p[1], p[2], t);
      }

      @Override
      public double[] gradient(double t, double... p) {
        double[] g = new double[3];
        double v = density(p[0], p[1], p[2], t);
        g[0] = v / p[0];
        for (int k = 1; k < 3; k++) {
          double h = 1e-6 * Math.max(1e-3, Math.abs(p[k]));
          double[] q = p.clone();
          q[k] += h;
          g[k] = (density(q[0], q[1], q[2], t) - v) / h;
        }
        return g;
      }
    };
    double[] p = SimpleCurveFitter.create(f, new double[] {start.energy, start.a, start.b})
        .withMaxIterations(2000)
        .fit(pts);
    return new GammaProfile(p[0], p[1], p[2]);
  }

  /** The Gamma profile with a given integral, mean depth and depth variance (moment estimate). */
  public static GammaProfile fromMoments(double energy, double meanX0, double varianceX0) {
    double b = meanX0 / varianceX0;
    return new GammaProfile(energy, meanX0 * b, b);
  }
}
