package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.showers.detector.airshower.RealismProfile;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.Realism;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The critic summaries' gradients against central finite differences (double precision on the
 * summaries, float inputs): the refiner learns only through them. Count summaries are step functions
 * with a surrogate gradient, so their weights are zero here.
 */
class EventSummaryGradientTest {

  /** Checks {@code d(sum_k w_k v_k)/dy_i} at the values {@code i} that {@code checked} accepts. */
  private static void check(EventSummary s, float[] y, int dim, IntPredicate zeroWeight, IntPredicate checked) {
    Random rnd = new Random(3);
    double[] w = new double[s.count()];
    for (int k = 0; k < w.length; k++) {
      w[k] = zeroWeight.test(k) ? 0 : rnd.nextGaussian();
    }
    float[] g = new float[dim];
    s.backprop(y, y, 0, w, g);
    int tested = 0;
    for (int i = 0; i < dim && tested < 60; i++) {
      if (!checked.test(i)) {
        continue;
      }
      float h = 1e-3f * Math.max(1e-2f, Math.abs(y[i]));
      float[] p = y.clone();
      float[] m = y.clone();
      p[i] += h;
      m[i] -= h;
      double fp = dot(w, s.values(p, 0));
      double fm = dot(w, s.values(m, 0));
      double num = (fp - fm) / ((p[i] - m[i]));
      assertEquals(num, g[i], 2e-2 * Math.max(1e-3, Math.abs(num)) + 1e-4, "value " + i);
      tested++;
    }
    org.junit.jupiter.api.Assertions.assertTrue(tested >= 20, "values checked: " + tested);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  @Test
  void calorimeterSummaryGradientMatchesFiniteDifferences() {
    CalorimeterEvents e = TestEvents.calorimeter(Realism.SIM, 1, 5, 50);
    CellSpace codec = CellSpace.fit(TestEvents.calorimeter(Realism.SIM, 50, 6, 50));
    float[] y = codec.encode(e);
    CalorimeterSummary s = new CalorimeterSummary(TestEvents.CONFIG, codec.logScale(), false);
    int layers = TestEvents.CONFIG.layers();
    float thr = (float) (Math.log1p(TestEvents.CONFIG.thresholdMip()) / codec.logScale());
    check(s, y, y.length, k -> k > 2 * layers && k <= 3 * layers + 1, i -> y[i] > 2 * thr);
  }

  @Test
  void airShowerSummaryGradientMatchesFiniteDifferences() {
    float[] all = StationSpace.encode(TestEvents.airShowers(RealismProfile.sim(), 40, 7));
    int dim = 2 * TestEvents.ARRAY.stations();
    int st = TestEvents.ARRAY.stations();
    // the event with the most triggered stations
    int best = 0;
    int most = -1;
    for (int e = 0; e < 40; e++) {
      int n = 0;
      for (int s = 0; s < st; s++) {
        n += all[e * dim + s] > 0 ? 1 : 0;
      }
      if (n > most) {
        most = n;
        best = e;
      }
    }
    float[] y = java.util.Arrays.copyOfRange(all, best * dim, (best + 1) * dim);
    AirShowerSummary s = new AirShowerSummary(new Grid(TestEvents.ARRAY.stationsPerSide()), 0.15);
    check(s, y, dim, k -> k == AirShowerSummary.TOP + 1, i -> y[i % st] > 0.3);
  }
}
