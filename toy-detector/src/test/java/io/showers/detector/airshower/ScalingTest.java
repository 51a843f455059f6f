package io.showers.detector.airshower;

import static io.showers.detector.airshower.ArraySupport.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/**
 * Energy and zenith scaling of the ground signal, fast mode (which {@link FastVsReferenceTest}
 * ties to the reference). The same primaries are used at every energy, so the comparison is
 * paired and its statistical error small.
 */
class ScalingTest {
  final AirShowerSimulator fast = new AirShowerSimulator(ARRAY, AirShowerSimulator.Options.fast());

  /** Mean S of stations at 900–1100 m from the axis (an untriggered one counts 0) and its error. */
  static double[] meanSignalAt1000(AirShowerEvents ev) {
    double s = 0;
    double s2 = 0;
    int n = 0;
    for (int k = 0; k < ev.size(); k++) {
      for (int i = 0; i < STATIONS; i++) {
        double r = axisDistance(ev, k, i);
        if (r >= 900 && r < 1100) {
          float v = signal(ev, k, i);
          double x = Float.isNaN(v) ? 0 : v;
          s += x;
          s2 += x * x;
          n++;
        }
      }
    }
    double m = s / n;
    return new double[] {m, Math.sqrt((s2 / n - m * m) / n)};
  }

  @Test
  void signalAt1000mGrowsAboutLinearlyWithEnergy() {
    AirShowerPrimaries base = new PrimarySampler(PrimarySampler.Options.defaults()).sample(31, 0, 1500);
    SimpleRegression fit = new SimpleRegression();
    double[] energies = {3, 10, 30, 100};
    for (double e : energies) {
      double[] m = meanSignalAt1000(run(fast, withEnergy(base, e), 5));
      fit.addData(Math.log(e), Math.log(m[0]));
    }
    double slope = fit.getSlope();
    System.out.printf("energy exponent of S(1000): %.4f ± %.4f%n", slope, fit.getSlopeStdErr());
    // Auger: S38 ∝ E^0.97; muons alone E^0.9, EM E^1 plus deeper Xmax
    assertTrue(slope >= 0.90 && slope <= 1.00, "d ln S(1000) / d ln E = " + slope + " ± " + fit.getSlopeStdErr());
  }

  @Test
  void triggeredStationsGrowWithEnergyAndZenith() {
    double previous = 0;
    double previousErr = 0;
    for (double e : new double[] {3, 10, 30, 100}) {
      AirShowerEvents ev = run(fast, new PrimarySampler(PrimarySampler.Options.defaults()
          .withEnergyRange(e, e * 1.0001)).sample(3, 0, 400), 6);
      double[] n = new double[ev.size()];
      for (int k = 0; k < n.length; k++) {
        n[k] = triggered(ev, k);
      }
      double m = mean(n);
      double err = sd(n) / Math.sqrt(n.length);
      System.out.printf("n_trig at %.0f EeV: %.1f ± %.1f%n", e, m, err);
      assertTrue(m - previous > 5 * Math.hypot(err, previousErr),
          "more stations at " + e + " EeV: " + m + " ± " + err + " after " + previous);
      previous = m;
      previousErr = err;
    }
    // zenith at fixed energy: the footprint on the ground stretches by 1/cos θ faster than the
    // signal at fixed r falls
    double last = 0;
    for (double zen : new double[] {0, 30, 45, 60}) {
      AirShowerEvents ev = run(fast, fixed(300, 10, zen, 1, 4), 7);
      double[] n = new double[ev.size()];
      for (int k = 0; k < n.length; k++) {
        n[k] = triggered(ev, k);
      }
      System.out.printf("n_trig at 10 EeV, %.0f°: %.1f%n", zen, mean(n));
      assertTrue(mean(n) > last + 3 * sd(n) / Math.sqrt(n.length), "more stations at " + zen + "°: " + mean(n));
      last = mean(n);
    }
  }
}
