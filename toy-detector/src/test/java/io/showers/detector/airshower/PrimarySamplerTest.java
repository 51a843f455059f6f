package io.showers.detector.airshower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.distribution.continuous.UniformRealDistribution;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** Label distributions; KS tests at α = 0.001, fractions within 4 binomial σ. */
class PrimarySamplerTest {
  static final int N = 20_000;

  @Test
  void defaultDistributions() {
    AirShowerPrimaries p = new PrimarySampler(PrimarySampler.Options.defaults()).sample(1, 0, N);
    double[] logE = new double[N];
    double[] cos2 = new double[N];
    double[] phi = new double[N];
    int[] species = new int[57];
    double cos2Max = Math.pow(Math.cos(Math.toRadians(60)), 2);
    for (int k = 0; k < N; k++) {
      double e = p.energyEeV()[k];
      assertTrue(e >= 3 * 0.999999 && e <= 100 * 1.000001, "energy in range: " + e);
      logE[k] = Math.log(e / 3) / Math.log(100 / 3.0);
      double c = p.showerAxis()[3 * k + 2];
      cos2[k] = (c * c - cos2Max) / (1 - cos2Max);
      phi[k] = (p.azimuthRad(k) + Math.PI) / (2 * Math.PI);
      double x = p.showerCoreM()[2 * k];
      double y = p.showerCoreM()[2 * k + 1];
      assertTrue(Math.hypot(x, y) <= 750.001, "core within 750 m");
      double norm = Math.pow(p.showerAxis()[3 * k], 2) + Math.pow(p.showerAxis()[3 * k + 1], 2) + c * c;
      assertEquals(1.0, norm, 1e-6, "unit axis");
      assertTrue(c >= Math.cos(Math.toRadians(60)) - 1e-6, "zenith <= 60°");
      species[(int) p.massA()[k]]++;
    }
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    UniformRealDistribution u = new UniformRealDistribution(0, 1);
    assertTrue(ks.kolmogorovSmirnovTest(u, logE) > 0.001, "log-uniform energy");
    assertTrue(ks.kolmogorovSmirnovTest(u, cos2) > 0.001, "pdf ∝ sinθ cosθ: cos²θ uniform");
    assertTrue(ks.kolmogorovSmirnovTest(u, phi) > 0.001, "uniform azimuth");
    double sigma = Math.sqrt(N * 0.25 * 0.75);
    for (int a : Composition.MASS) {
      assertEquals(N / 4.0, species[a], 4 * sigma, "fraction of A = " + a);
    }
  }

  @Test
  void powerLawSpectrumAndComposition() {
    PrimarySampler.Options o = PrimarySampler.Options.defaults()
        .withSpectrum(EnergySpectrum.parse("power:2.7"))
        .withComposition(Composition.parse("p:0.7,Fe:0.3"));
    AirShowerPrimaries p = new PrimarySampler(o).sample(2, 0, N);
    // for E^-γ on [a, b]: CDF (a^(1-γ) - E^(1-γ)) / (a^(1-γ) - b^(1-γ))
    double g = 1 - 2.7;
    double[] u = new double[N];
    int iron = 0;
    for (int k = 0; k < N; k++) {
      double e = p.energyEeV()[k];
      u[k] = (Math.pow(3, g) - Math.pow(e, g)) / (Math.pow(3, g) - Math.pow(100, g));
      iron += p.massA()[k] == 56 ? 1 : 0;
      assertTrue(p.massA()[k] == 1 || p.massA()[k] == 56);
    }
    assertTrue(new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), u) > 0.001);
    assertEquals(0.3 * N, iron, 4 * Math.sqrt(N * 0.21));
  }

  @Test
  void eventsDependOnlyOnTheirIndex() {
    PrimarySampler s = new PrimarySampler(PrimarySampler.Options.defaults());
    AirShowerPrimaries all = s.sample(9, 0, 30);
    AirShowerPrimaries part = s.sample(9, 13, 10);
    assertArrayEquals(all.slice(13, 23).energyEeV(), part.energyEeV());
    assertArrayEquals(all.slice(13, 23).showerAxis(), part.showerAxis());
    assertArrayEquals(all.slice(13, 23).showerCoreM(), part.showerCoreM());
    assertArrayEquals(all.slice(13, 23).massA(), part.massA());
  }
}
