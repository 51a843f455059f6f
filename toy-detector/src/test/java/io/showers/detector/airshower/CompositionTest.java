package io.showers.detector.airshower;

import static io.showers.detector.airshower.ArraySupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Seeds;
import org.junit.jupiter.api.Test;

/**
 * Mass composition: Xmax and muon content of p and Fe at the same energy. Shower-level draws
 * go through the simulator's own {@link ShowerModel#shower}; 45° keeps the ground (1238 g/cm²)
 * far below every maximum, so the redraw near the ground does not bias the moments. Tolerances
 * are 5 standard errors of the estimates, or the physics band, whichever is tighter.
 */
class CompositionTest {
  static final int N = 20_000;
  final ShowerModel model = new ShowerModel(ARRAY.altitudeM());

  double[][] draw(int massA, double energyEeV, double zenithDeg) {
    AirShowerPrimaries p = fixed(N, energyEeV, zenithDeg, massA, 1);
    double[] xmax = new double[N];
    double[] muons = new double[N];
    for (int k = 0; k < N; k++) {
      RandomDraws d = new RandomDraws(Seeds.rng(Seeds.event(100 + massA, k)));
      ShowerModel.Shower s = model.shower(p, k, d, 1.0);
      xmax[k] = s.xmax;
      muons[k] = s.muonVem1000;
    }
    return new double[][] {xmax, muons};
  }

  static double skewness(double[] v) {
    double m = mean(v);
    double s2 = 0;
    double s3 = 0;
    for (double x : v) {
      s2 += (x - m) * (x - m);
      s3 += (x - m) * (x - m) * (x - m);
    }
    s2 /= v.length;
    s3 /= v.length;
    return s3 / Math.pow(s2, 1.5);
  }

  @Test
  void ironShowersPeakHigherWithSmallerFluctuations() {
    double[][] p = draw(1, 10, 45);
    double[][] fe = draw(56, 10, 45);
    double mp = mean(p[0]);
    double mfe = mean(fe[0]);
    double sp = sd(p[0]);
    double sfe = sd(fe[0]);
    assertEquals(790, mp, 5 * sp / Math.sqrt(N), "proton <Xmax> at 10 EeV");
    assertEquals(700, mfe, 5 * sfe / Math.sqrt(N), "iron <Xmax> at 10 EeV");
    double diff = mp - mfe;
    assertTrue(diff > 80 && diff < 100, "<Xmax>(p) − <Xmax>(Fe) = " + diff + " g/cm²");
    assertEquals(55, sp, 2.0, "σ(Xmax) protons");
    assertEquals(20, sfe, 1.0, "σ(Xmax) iron");
    // the proton distribution has the long deep (exponential) tail, iron is nearly Gaussian
    assertTrue(skewness(p[0]) > 0.9 && skewness(fe[0]) < 0.8 && skewness(fe[0]) > 0.3,
        "skewness p " + skewness(p[0]) + ", Fe " + skewness(fe[0]));
  }

  @Test
  void elongationRate() {
    double m3 = mean(draw(1, 3, 45)[0]);
    double m100 = mean(draw(1, 100, 45)[0]);
    double rate = (m100 - m3) / Math.log10(100 / 3.0);
    assertTrue(rate > 55 && rate < 60, "elongation rate " + rate + " g/cm² per decade");
  }

  @Test
  void ironShowersHaveAboutFiftyPercentMoreMuons() {
    double ratio = mean(draw(56, 10, 45)[1]) / mean(draw(1, 10, 45)[1]);
    // A^(1−β) = 56^0.1 = 1.50, times the slightly longer muon path from the higher maximum
    assertTrue(ratio > 1.40 && ratio < 1.55, "N_μ(Fe)/N_μ(p) = " + ratio);
    double fluctP = sd(draw(1, 10, 45)[1]) / mean(draw(1, 10, 45)[1]);
    double fluctFe = sd(draw(56, 10, 45)[1]) / mean(draw(56, 10, 45)[1]);
    assertTrue(fluctP > 2 * fluctFe, "muon number fluctuates more for p (" + fluctP + ") than Fe (" + fluctFe + ")");
  }

  /** Seen by the array: far from the axis of inclined showers, where muons dominate, iron gives more signal. */
  @Test
  void ironGivesMoreSignalFarFromTheAxisOfInclinedShowers() {
    AirShowerSimulator fast = new AirShowerSimulator(ARRAY, AirShowerSimulator.Options.fast());
    double[] far = new double[2];
    double[] err = new double[2];
    int[] masses = {1, 56};
    for (int m = 0; m < 2; m++) {
      AirShowerEvents ev = run(fast, fixed(300, 30, 60, masses[m], 40), 41);
      java.util.List<Double> s = new java.util.ArrayList<>();
      for (int k = 0; k < ev.size(); k++) {
        for (int i = 0; i < STATIONS; i++) {
          double r = axisDistance(ev, k, i);
          if (r > 2000 && r < 3000) {
            float v = signal(ev, k, i);
            s.add(Float.isNaN(v) ? 0.0 : v);
          }
        }
      }
      double[] a = toArray(s);
      far[m] = mean(a);
      err[m] = sd(a) / Math.sqrt(a.length);
    }
    double ratio = far[1] / far[0];
    assertTrue(ratio > 1.2 && (far[1] - far[0]) > 5 * Math.hypot(err[0], err[1]),
        "S(2–3 km) Fe/p at 60° = " + ratio);
  }
}
