package io.showers.detector.calorimeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The parametrised mode against the reference in the default 7-layer geometry: mean layer
 * profile, lateral width per layer and the total-energy distribution (mean, width). Tolerances:
 * the reference sample's statistical error plus the stated model tolerance.
 */
class ParametrisedModeTest {
  private static final CalorimeterConfig CONFIG = CalorimeterConfig.defaults();

  /** Per event: total MIP, MIP per layer, and per layer the signal-weighted x and x². */
  private static double[][] observables(CalorimeterEvents ev) {
    int layers = ev.layers();
    int rows = ev.rows();
    int cols = ev.cols();
    double pitch = CONFIG.cellSizeMm();
    double[][] out = new double[ev.size()][1 + 3 * layers];
    for (int k = 0; k < ev.size(); k++) {
      for (int l = 0; l < layers; l++) {
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            double v = ev.showersMip()[((k * layers + l) * rows + r) * cols + c];
            double x = (c - (cols - 1) / 2.0) * pitch;
            out[k][0] += v;
            out[k][1 + l] += v;
            out[k][1 + layers + l] += v * x;
            out[k][1 + 2 * layers + l] += v * x * x;
          }
        }
      }
    }
    return out;
  }

  private static CalorimeterBeam beam(int pdg, double e, int n) {
    CalorimeterBeam b = CalorimeterBeam.allocate(n);
    Arrays.fill(b.energyGeV(), (float) e);
    Arrays.fill(b.particlePdg(), pdg);
    return b;
  }

  @Test
  void parametrisedShowersMatchTheReferenceProfilesAndEnergyDistribution() {
    ReferenceCalorimeter ref = new ReferenceCalorimeter(CONFIG, Realism.SIM);
    ParametrisedCalorimeter fast = new ParametrisedCalorimeter(CONFIG, Realism.SIM);
    for (int pdg : new int[] {11, 22}) {
      for (double e : new double[] {10, 50}) {
        int n = e <= 10 ? 200 : 60;
        double[][] r = observables(ref.generate(beam(pdg, e, n), 11));
        double[][] p = observables(fast.generate(beam(pdg, e, 4000), 12));
        compare(pdg, e, r, p);
      }
    }
  }

  private static double mean(double[][] v, int col) {
    return Arrays.stream(v).mapToDouble(x -> x[col]).average().orElseThrow();
  }

  private static double sd(double[][] v, int col) {
    double m = mean(v, col);
    return Math.sqrt(Arrays.stream(v).mapToDouble(x -> (x[col] - m) * (x[col] - m)).sum() / (v.length - 1));
  }

  private static void compare(int pdg, double e, double[][] r, double[][] p) {
    int layers = CONFIG.layers();
    String what = (pdg == 11 ? "e- " : "gamma ") + e + " GeV";
    double rt = mean(r, 0);
    double pt = mean(p, 0);
    double rs = sd(r, 0);
    double ps = sd(p, 0);
    double errMean = rs / Math.sqrt(r.length);
    double errSd = rs / Math.sqrt(2.0 * r.length);
    System.out.printf("%s: total MIP ref %.1f ± %.1f (sd %.1f), fast %.1f (sd %.1f)%n", what, rt, errMean, rs, pt, ps);
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < layers; l++) {
      double rl = mean(r, 1 + l);
      double pl = mean(p, 1 + l);
      double el = sd(r, 1 + l) / Math.sqrt(r.length);
      // lateral width: sqrt(<x²> − <x>²) of the summed layer signal (pencil beam at x = 0)
      double rw = Math.sqrt(mean(r, 1 + 2 * layers + l) / rl);
      double pw = Math.sqrt(mean(p, 1 + 2 * layers + l) / pl);
      sb.append(String.format("  layer %d: ref %.1f ± %.1f fast %.1f MIP; width ref %.2f fast %.2f mm%n", l, rl, el, pl, rw, pw));
    }
    System.out.print(sb);
    // total energy: mean within 3% + 2 sigma, width within 15% + 2 sigma
    assertEquals(rt, pt, 0.03 * rt + 2 * errMean, what + " mean total");
    assertEquals(rs, ps, 0.15 * rs + 2 * errSd, what + " width of total");
    for (int l = 0; l < layers; l++) {
      double rl = mean(r, 1 + l);
      double pl = mean(p, 1 + l);
      double el = sd(r, 1 + l) / Math.sqrt(r.length);
      double rw = Math.sqrt(mean(r, 1 + 2 * layers + l) / rl);
      double pw = Math.sqrt(mean(p, 1 + 2 * layers + l) / pl);
      if (rl > 0.05 * rt) {
        // mean longitudinal profile: each layer holding > 5% of the signal within 15% + 2 sigma
        assertEquals(rl, pl, 0.15 * rl + 2 * el, what + " layer " + l + "\n" + sb);
        // radial profile: the lateral width (cell-centre rms, threshold applied) within 40%;
        // the fast model's tails are too wide after the shower maximum (known weakness)
        assertEquals(rw, pw, 0.40 * rw, what + " width of layer " + l + "\n" + sb);
      }
    }
    assertTrue(pt > 0);
  }
}
