package io.showers.detector.airshower;

import static io.showers.detector.airshower.ArraySupport.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.stat.inference.ChiSquareTest;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fast mode is a statistical shortcut of the reference, not another model: with the same
 * seed both describe the same showers (same Xmax, same muon fluctuation), so any difference is
 * in the station response. Significance of every test: α = 0.001 (KS two-sample on signals and
 * time residuals; paired t on the number of triggered stations per shower; χ² on its histogram).
 */
class FastVsReferenceTest {
  static final double ALPHA = 0.001;
  static final int N = 400;
  static AirShowerEvents reference;
  static AirShowerEvents fast;

  @BeforeAll
  static void simulate() {
    AirShowerPrimaries p = new PrimarySampler(PrimarySampler.Options.defaults()).sample(2024, 0, N);
    reference = run(new AirShowerSimulator(ARRAY, AirShowerSimulator.Options.defaults()), p, 77);
    fast = run(new AirShowerSimulator(ARRAY, AirShowerSimulator.Options.fast()), p, 77);
  }

  static double[] signals(AirShowerEvents ev) {
    List<Double> s = new ArrayList<>();
    for (float v : ev.signalVem()) {
      if (!Float.isNaN(v)) {
        s.add((double) v);
      }
    }
    return toArray(s);
  }

  /** T − plane-front time (true axis), minus the smallest such residual of the shower, ns. */
  static double[] residuals(AirShowerEvents ev) {
    List<Double> out = new ArrayList<>();
    for (int k = 0; k < ev.size(); k++) {
      double min = Double.POSITIVE_INFINITY;
      List<Double> r = new ArrayList<>();
      for (int i = 0; i < STATIONS; i++) {
        float t = timeUs(ev, k, i);
        if (!Float.isNaN(t)) {
          double res = t * 1000.0 - planeTimeNs(ev, k, i);
          r.add(res);
          min = Math.min(min, res);
        }
      }
      for (double x : r) {
        out.add(x - min);
      }
    }
    return toArray(out);
  }

  @Test
  void signalDistributionsAgree() {
    double[] a = signals(reference);
    double[] b = signals(fast);
    double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(a, b);
    System.out.println("KS signal p=" + p + " n=" + a.length + "/" + b.length);
    assertTrue(a.length > 20 * N, "enough triggered stations: " + a.length);
    assertTrue(p > ALPHA, "KS signal: p = " + p + " (n = " + a.length + ", " + b.length + ")");
  }

  @Test
  void timeResidualDistributionsAgree() {
    double[] a = residuals(reference);
    double[] b = residuals(fast);
    double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(a, b);
    System.out.println("KS resid p=" + p + " n=" + a.length);
    assertTrue(p > ALPHA, "KS time residuals: p = " + p + " (n = " + a.length + ", " + b.length + ")");
  }

  /**
   * Paired, station by station: under H0 (ln S_ref, ln S_fast) of one station of one shower are
   * exchangeable, so the mean of their difference is 0. Far more sensitive than KS on the pooled
   * signals (a 2% scale error fails it). Stations near saturation are left out (the fast mode
   * approximates saturation by the mean trace shape). Three ranges of r, Bonferroni α/3.
   */
  @Test
  void signalsAgreeStationByStation() {
    double[] edges = {0, 800, 1600, 1e9};
    double sat = 0.8 * ARRAY.saturationVemPerBin();
    for (int b = 0; b < 3; b++) {
      List<Double> d = new ArrayList<>();
      for (int k = 0; k < N; k++) {
        for (int i = 0; i < STATIONS; i++) {
          float a = signal(reference, k, i);
          float f = signal(fast, k, i);
          double r = axisDistance(reference, k, i);
          if (!Float.isNaN(a) && !Float.isNaN(f) && a < sat && f < sat && r >= edges[b] && r < edges[b + 1]) {
            d.add(Math.log(a / f));
          }
        }
      }
      double[] v = toArray(d);
      double t = mean(v) / (sd(v) / Math.sqrt(v.length));
      System.out.println("paired ln S r-bin " + b + ": n=" + v.length + " mean=" + mean(v) + " t=" + t);
      assertTrue(v.length > 300, "pairs in r bin " + b + ": " + v.length);
      assertTrue(Math.abs(t) < 3.59, "paired ln(S_ref/S_fast) for r in [" + edges[b] + ", " + edges[b + 1]
          + ") m: mean " + mean(v) + ", t = " + t);
    }
  }

  /** Paired per shower: the mean over stations of (residual_ref − residual_fast), one value per shower. */
  @Test
  void timeResidualsAgreeShowerByShower() {
    List<Double> d = new ArrayList<>();
    double[] ra = residualMap(reference);
    double[] rf = residualMap(fast);
    for (int k = 0; k < N; k++) {
      double s = 0;
      int n = 0;
      for (int i = 0; i < STATIONS; i++) {
        double a = ra[k * STATIONS + i];
        double f = rf[k * STATIONS + i];
        if (!Double.isNaN(a) && !Double.isNaN(f)) {
          s += a - f;
          n++;
        }
      }
      if (n >= 3) {
        d.add(s / n);
      }
    }
    double[] v = toArray(d);
    double t = mean(v) / (sd(v) / Math.sqrt(v.length));
    System.out.println("paired residuals: n=" + v.length + " mean=" + mean(v) + " ns, t=" + t);
    assertTrue(Math.abs(t) < 3.29, "paired time residual (reference − fast): mean " + mean(v) + " ns, t = " + t);
  }

  static double[] residualMap(AirShowerEvents ev) {
    double[] out = new double[ev.size() * STATIONS];
    java.util.Arrays.fill(out, Double.NaN);
    for (int k = 0; k < ev.size(); k++) {
      double min = Double.POSITIVE_INFINITY;
      for (int i = 0; i < STATIONS; i++) {
        float t = timeUs(ev, k, i);
        if (!Float.isNaN(t)) {
          out[k * STATIONS + i] = t * 1000.0 - planeTimeNs(ev, k, i);
          min = Math.min(min, out[k * STATIONS + i]);
        }
      }
      for (int i = 0; i < STATIONS; i++) {
        out[k * STATIONS + i] -= min;
      }
    }
    return out;
  }

  @Test
  void triggeredStationCountsAgree() {
    double[] d = new double[N];
    long[] hr = new long[20];
    long[] hf = new long[20];
    for (int k = 0; k < N; k++) {
      int nr = triggered(reference, k);
      int nf = triggered(fast, k);
      d[k] = nr - nf;
      hr[Math.min(19, nr / 10)]++;
      hf[Math.min(19, nf / 10)]++;
    }
    double t = mean(d) / (sd(d) / Math.sqrt(N));
    assertTrue(Math.abs(t) < 3.29, "paired t of n_trig (reference − fast): " + t + ", mean " + mean(d));
    // χ² homogeneity on the populated bins
    List<long[]> bins = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      if (hr[i] + hf[i] >= 10) {
        bins.add(new long[] {hr[i], hf[i]});
      }
    }
    long[] a = new long[bins.size()];
    long[] b = new long[bins.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = bins.get(i)[0];
      b[i] = bins.get(i)[1];
    }
    double p = new ChiSquareTest().chiSquareTestDataSetsComparison(a, b);
    System.out.println("t=" + t + " chi2 p=" + p);
    assertTrue(p > ALPHA, "χ² n_trig histogram: p = " + p);
  }

  @Test
  void referenceAndFastDescribeTheSameShowers() {
    for (int k = 0; k < N; k++) {
      assertTrue(reference.xmaxGcm2()[k] == fast.xmaxGcm2()[k], "same Xmax draw in both modes");
    }
  }
}
