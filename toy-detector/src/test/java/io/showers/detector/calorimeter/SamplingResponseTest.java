package io.showers.detector.calorimeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.fitting.SimpleCurveFitter;
import org.hipparchus.fitting.WeightedObservedPoint;
import org.hipparchus.analysis.ParametricUnivariateFunction;
import org.junit.jupiter.api.Test;

/**
 * Linearity and resolution of the silicon-tungsten sampling calorimeter, measured on the
 * generator's output (cells in MIP). Geometry: an HGCAL CE-E-like stack of 36 layers of 0.9 X0
 * tungsten + 300 µm silicon (32 X0, longitudinal leakage below 0.3% at 80 GeV), 30×30 cells of
 * 1 cm² (lateral containment > 99.5%), no threshold, so that visible energy = all silicon signal.
 */
class SamplingResponseTest {
  private static final double[] ENERGIES_GEV = {2, 5, 20, 80};
  private static final int[] EVENTS = {400, 400, 140, 40};

  private static CalorimeterConfig hgcalLike() {
    double[] t = new double[36];
    Arrays.fill(t, 0.9);
    return new CalorimeterConfig("W", t, 300.0, 30, 30, 10.0, 0.0);
  }

  private static double[] visibleMip(ReferenceCalorimeter ref, double energyGeV, int n, long seed) {
    CalorimeterBeam beam = CalorimeterBeam.allocate(n);
    Arrays.fill(beam.energyGeV(), (float) energyGeV);
    Arrays.fill(beam.particlePdg(), CalorimeterBeam.ELECTRON);
    CalorimeterEvents ev = ref.generate(beam, seed);
    int cells = ev.cells();
    double[] sum = new double[n];
    for (int k = 0; k < n; k++) {
      for (int c = 0; c < cells; c++) {
        sum[k] += ev.showersMip()[k * cells + c];
      }
    }
    return sum;
  }

  @Test
  void visibleEnergyIsProportionalToIncidentEnergyAndResolutionFallsAsOneOverSqrtE() {
    ReferenceCalorimeter ref = new ReferenceCalorimeter(hgcalLike(), Realism.SIM);
    int m = ENERGIES_GEV.length;
    double[] perGeV = new double[m];
    double[] perGeVError = new double[m];
    double[] resolution = new double[m];
    double[] resolutionError = new double[m];
    for (int i = 0; i < m; i++) {
      double[] v = visibleMip(ref, ENERGIES_GEV[i], EVENTS[i], 40 + i);
      double mean = Arrays.stream(v).average().orElseThrow();
      double sd = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
      perGeV[i] = mean / ENERGIES_GEV[i];
      perGeVError[i] = sd / Math.sqrt(v.length) / ENERGIES_GEV[i];
      resolution[i] = sd / mean;
      resolutionError[i] = resolution[i] / Math.sqrt(2.0 * (v.length - 1));
      System.out.printf("e- %4.0f GeV: %.2f MIP/GeV ± %.2f, sigma/E = %.4f ± %.4f%n",
          ENERGIES_GEV[i], perGeV[i], perGeVError[i], resolution[i], resolutionError[i]);
    }
    // linearity: every point within 1% of the error-weighted mean response
    double w = 0;
    double s = 0;
    for (int i = 0; i < m; i++) {
      double wi = 1 / (perGeVError[i] * perGeVError[i]);
      w += wi;
      s += wi * perGeV[i];
    }
    double meanResponse = s / w;
    for (int i = 0; i < m; i++) {
      assertEquals(meanResponse, perGeV[i], 0.01 * meanResponse,
          "response at " + ENERGIES_GEV[i] + " GeV");
    }
    // resolution: sigma/E = a/sqrt(E) (+) c, fitted with errors
    List<WeightedObservedPoint> pts = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      pts.add(new WeightedObservedPoint(1 / (resolutionError[i] * resolutionError[i]), ENERGIES_GEV[i], resolution[i]));
    }
    ParametricUnivariateFunction f = new ParametricUnivariateFunction() {
      @Override
      public double value(double e, double... p) {
        return Math.sqrt(p[0] * p[0] / e + p[1] * p[1]);
      }

      @Override
      public double[] gradient(double e, double... p) {
        double v = value(e, p);
        return new double[] {p[0] / e / v, p[1] / v};
      }
    };
    double[] p = SimpleCurveFitter.create(f, new double[] {0.2, 0.01}).fit(pts);
    double a = Math.abs(p[0]);
    double c = Math.abs(p[1]);
    System.out.printf("resolution fit: a = %.1f%%/sqrt(E/GeV), c = %.2f%%%n", 100 * a, 100 * c);
    // Si-W sampling calorimeters: CALICE SiW ECAL 16.6%, HGCAL 2018 prototype ~22%
    assertTrue(a > 0.14 && a < 0.26, "stochastic term " + a);
    assertTrue(c < 0.02, "constant term " + c);
    // 1/sqrt(E): the measured points follow the fit within 3 sigma
    for (int i = 0; i < m; i++) {
      assertEquals(f.value(ENERGIES_GEV[i], p), resolution[i], 3 * resolutionError[i]);
    }
  }
}
