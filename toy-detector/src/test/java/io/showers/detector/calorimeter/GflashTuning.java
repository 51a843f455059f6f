package io.showers.detector.calorimeter;

import io.showers.detector.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hipparchus.analysis.ParametricUnivariateFunction;
import org.hipparchus.fitting.SimpleCurveFitter;
import org.hipparchus.fitting.WeightedObservedPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fits the constants of the parametrised model to the reference cascade and prints them as Java
 * source for {@link GflashConstants}. Not part of the normal test run (about a minute):
 * {@code mvn -o -q -pl toy-detector test -Dtest=GflashTuning -Dgflash.tune=true}.
 *
 * <p>Procedure: electrons and photons of 5, 10, 20, 50, 100 GeV in a fine-sampling stack
 * (70 × 0.5 X0 W + 300 µm Si). Per shower the silicon-signal profile S(t_l) gives (α, β) by
 * moments (mean depth and depth variance, bin width corrected); ln α and ln β are regressed on
 * ln E, their scatter about the regression gives σ and the correlation. The sampling constant
 * is ⟨Σ S_l⟩·Δt/E; the spot energy follows from the variance of the layer signals about each
 * shower's own Gamma profile (Var = 1.5·spot·mean for Gamma(2) spots). Radial: the silicon
 * signal's radial distribution (in R_M) in bins of τ = t/t_max is fitted with the cumulative
 * core+tail form p r²/(r²+R_C²) + (1−p) r²/(r²+R_T²).
 */
@EnabledIfSystemProperty(named = "gflash.tune", matches = "true")
class GflashTuning {
  static final double STEP_X0 = 0.5;
  static final int LAYERS = 70;
  static final double[] ENERGIES = {5, 10, 20, 50, 100};
  static final int[] EVENTS = {60, 50, 40, 24, 16};
  static final double[] TAU_EDGES = {0, 0.5, 1.0, 1.5, 2.0, 3.0, 6.0};
  static final double R_BIN_RM = 0.05;
  static final int R_BINS = 100;

  @Test
  void tune() throws Exception {
    String[] out = new String[2];
    Thread t = new Thread(() -> out[1] = tune(22));
    t.start();
    out[0] = tune(11);
    t.join();
    System.out.println(out[0]);
    System.out.println(out[1]);
  }

  static String tune(int pdg) {
    CalorimeterConfig cfg = ShowerStudy.fine(LAYERS, STEP_X0);
    CascadeMonteCarlo mc = new CascadeMonteCarlo(cfg, CascadeSettings.defaults());
    SlabGeometry g = mc.geometry;
    double rm = Materials.get("W").moliereRadiusMm();
    double[] depth = g.sensorDepthX0;
    CascadeMonteCarlo.Worker w = mc.newWorker();
    List<double[]> perShower = new ArrayList<>(); // lnE, lnA, lnB, s
    List<double[]> layerSignals = new ArrayList<>();
    List<double[][]> radials = new ArrayList<>();
    for (int ie = 0; ie < ENERGIES.length; ie++) {
      double e = ENERGIES[ie];
      for (int i = 0; i < EVENTS[ie]; i++) {
        double[] sl = new double[LAYERS];
        double[][] rad = new double[LAYERS][R_BINS];
        DepositSink sink = (slab, x, y, z, en) -> {
          int l = g.layer[slab];
          if (l >= 0) {
            sl[l] += en;
            int rb = (int) Math.min(R_BINS - 1, Math.sqrt(x * x + y * y) / rm / R_BIN_RM);
            rad[l][rb] += en;
          }
        };
        w.run(pdg, ReferenceCalorimeter.kineticMeV(pdg, e), 0, 0,
            Seeds.rng(Seeds.event(9000 + pdg, ie * 1000 + i)), sink, new EnergyLedger());
        double sum = 0;
        double m1 = 0;
        for (int l = 0; l < LAYERS; l++) {
          sum += sl[l];
          m1 += sl[l] * depth[l];
        }
        m1 /= sum;
        double var = 0;
        for (int l = 0; l < LAYERS; l++) {
          var += sl[l] * (depth[l] - m1) * (depth[l] - m1);
        }
        var = var / sum - STEP_X0 * STEP_X0 / 12;
        double b = m1 / var;
        double a = m1 * b;
        perShower.add(new double[] {Math.log(e), Math.log(a), Math.log(b), sum * STEP_X0 / (e * 1000), e});
        layerSignals.add(sl);
        radials.add(rad);
      }
    }
    // regressions of ln a and ln b on ln E
    double[] fa = regress(perShower, 1);
    double[] fb = regress(perShower, 2);
    double saa = 0, sbb = 0, sab = 0, sMean = 0;
    for (double[] r : perShower) {
      double da = r[1] - fa[0] - fa[1] * r[0];
      double db = r[2] - fb[0] - fb[1] * r[0];
      saa += da * da;
      sbb += db * db;
      sab += da * db;
      sMean += r[3];
    }
    int n = perShower.size();
    double sigA = Math.sqrt(saa / (n - 2));
    double sigB = Math.sqrt(sbb / (n - 2));
    double rho = sab / Math.sqrt(saa * sbb);
    sMean /= n;
    // spot energy from residuals about each shower's own profile (global sampling constant)
    double res2 = 0;
    double pred = 0;
    double[][] radialByTau = new double[TAU_EDGES.length - 1][R_BINS];
    double[] tauSum = new double[TAU_EDGES.length - 1];
    double[] tauW = new double[TAU_EDGES.length - 1];
    for (int i = 0; i < n; i++) {
      double[] r = perShower.get(i);
      double a = Math.exp(r[1]);
      double b = Math.exp(r[2]);
      double tMax = (a - 1) / b;
      double[] sl = layerSignals.get(i);
      for (int l = 0; l < LAYERS; l++) {
        double p = r[4] * 1000 * sMean * GammaProfile.density(1, a, b, depth[l]);
        res2 += (sl[l] - p) * (sl[l] - p);
        pred += p;
        double tau = depth[l] / tMax;
        for (int k = 0; k < tauSum.length; k++) {
          if (tau >= TAU_EDGES[k] && tau < TAU_EDGES[k + 1]) {
            double tot = 0;
            for (int rb = 0; rb < R_BINS; rb++) {
              radialByTau[k][rb] += radials.get(i)[l][rb] / (r[4] * 1000);
              tot += radials.get(i)[l][rb] / (r[4] * 1000);
            }
            tauSum[k] += tau * tot;
            tauW[k] += tot;
          }
        }
      }
    }
    double spot = res2 / pred / (1 + 1 / 2.0);
    StringBuilder tau = new StringBuilder();
    StringBuilder core = new StringBuilder();
    StringBuilder tail = new StringBuilder();
    StringBuilder frac = new StringBuilder();
    for (int k = 0; k < tauSum.length; k++) {
      double[] fit = fitRadial(radialByTau[k]);
      String sep = k == 0 ? "" : ", ";
      tau.append(sep).append(f(tauSum[k] / tauW[k]));
      core.append(sep).append(f(fit[0]));
      tail.append(sep).append(f(fit[1]));
      frac.append(sep).append(f(fit[2]));
    }
    return String.format(Locale.ROOT,
        "  // %s: %d showers%n  static final GflashParameters %s = new GflashParameters(%n"
            + "      %s, %s, %s, %s,%n      %s, %s, %s,%n      %s, %s,%n"
            + "      new double[] {%s},%n      new double[] {%s},%n      new double[] {%s},%n      new double[] {%s});",
        pdg == 11 ? "electrons" : "photons", n, pdg == 11 ? "ELECTRON" : "PHOTON",
        f(fa[0]), f(fa[1]), f(fb[0]), f(fb[1]), f(sigA), f(sigB), f(rho),
        String.format(Locale.ROOT, "%.6g", sMean), f(spot), tau, core, tail, frac);
  }

  static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  static double[] regress(List<double[]> rows, int col) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (double[] r : rows) {
      sx += r[0];
      sy += r[col];
      sxx += r[0] * r[0];
      sxy += r[0] * r[col];
    }
    int n = rows.size();
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return new double[] {(sy - slope * sx) / n, slope};
  }

  /** Fits the cumulative core+tail form to a radial histogram (bins of R_BIN_RM); {R_C, R_T, p}. */
  static double[] fitRadial(double[] hist) {
    double total = 0;
    for (double h : hist) {
      total += h;
    }
    List<WeightedObservedPoint> pts = new ArrayList<>();
    double cum = 0;
    for (int i = 0; i < hist.length - 1; i++) {
      cum += hist[i];
      pts.add(new WeightedObservedPoint(1, (i + 1) * R_BIN_RM, cum / total));
    }
    ParametricUnivariateFunction f = new ParametricUnivariateFunction() {
      @Override
      public double value(double r, double... p) {
        double c = p[2];
        return c * r * r / (r * r + p[0] * p[0]) + (1 - c) * r * r / (r * r + p[1] * p[1]);
      }

      @Override
      public double[] gradient(double r, double... p) {
        double r2 = r * r;
        double dc = r2 / (r2 + p[0] * p[0]);
        double dt = r2 / (r2 + p[1] * p[1]);
        return new double[] {
          -p[2] * r2 * 2 * p[0] / Math.pow(r2 + p[0] * p[0], 2),
          -(1 - p[2]) * r2 * 2 * p[1] / Math.pow(r2 + p[1] * p[1], 2),
          dc - dt
        };
      }
    };
    double[] p = SimpleCurveFitter.create(f, new double[] {0.15, 1.0, 0.7}).withMaxIterations(5000).fit(pts);
    double rc = Math.abs(p[0]);
    double rt = Math.abs(p[1]);
    double c = p[2];
    if (rc > rt) { // order core before tail
      double tmp = rc;
      rc = rt;
      rt = tmp;
      c = 1 - c;
    }
    return new double[] {rc, rt, Math.max(0, Math.min(1, c))};
  }
}
