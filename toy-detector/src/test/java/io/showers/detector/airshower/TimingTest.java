package io.showers.detector.airshower;

import static io.showers.detector.airshower.ArraySupport.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Arrival times: the plane front gives back the axis; a curved front shows as residuals growing with r. */
class TimingTest {

  static double[] angularErrors(AirShowerEvents ev, int minStations) {
    double[] a = new double[ev.size()];
    int n = 0;
    for (int k = 0; k < ev.size(); k++) {
      if (triggered(ev, k) >= minStations) {
        a[n++] = angleDeg(planeFit(ev, k), ev.showerAxis(), k);
      }
    }
    a = Arrays.copyOf(a, n);
    Arrays.sort(a);
    return a;
  }

  @Test
  void planeFitRecoversTheAxis() {
    PrimarySampler sampler = new PrimarySampler(PrimarySampler.Options.defaults().withEnergyRange(10, 100));
    AirShowerEvents ev = run(new AirShowerSimulator(ARRAY, AirShowerSimulator.Options.defaults()),
        sampler.sample(8, 0, 150), 9);
    double[] err = angularErrors(ev, 10);
    assertTrue(err.length > 140, "showers with >= 10 stations: " + err.length);
    double q68 = err[(int) (0.68 * err.length)];
    double q95 = err[(int) (0.95 * err.length)];
    System.out.printf("plane fit, 10–100 EeV: angular error 68%% %.2f°, 95%% %.2f°%n", q68, q95);
    assertTrue(q68 < 1.0, "68% of showers within " + q68 + "°");
    assertTrue(q95 < 2.0, "95% of showers within " + q95 + "°");
  }

  /** Mean residual to the fitted plane in rings of r: inner (< 800 m) and outer (1500–2500 m), ns. */
  static double[] ringResiduals(AirShowerEvents ev) {
    double[] sum = new double[2];
    int[] n = new int[2];
    for (int k = 0; k < ev.size(); k++) {
      double[] f = planeFit(ev, k);
      if (f == null) {
        continue;
      }
      for (int i = 0; i < STATIONS; i++) {
        float t = timeUs(ev, k, i);
        if (Float.isNaN(t)) {
          continue;
        }
        double fitted = f[3] - (stationX(i) * f[0] + stationY(i) * f[1]) / C;
        double res = t * 1000 - fitted;
        double r = axisDistance(ev, k, i);
        int ring = r < 800 ? 0 : (r > 1500 && r < 2500 ? 1 : -1);
        if (ring >= 0) {
          sum[ring] += res;
          n[ring]++;
        }
      }
    }
    return new double[] {sum[0] / n[0], sum[1] / n[1]};
  }

  @Test
  void curvedFrontShowsUpInTheResiduals() {
    AirShowerPrimaries p = fixed(200, 30, 30, 1, 12);
    AirShowerSimulator.Options o = AirShowerSimulator.Options.fast();
    double[] plane = ringResiduals(run(new AirShowerSimulator(ARRAY, o), p, 13));
    double[] curved = ringResiduals(run(new AirShowerSimulator(ARRAY, o.withCurvedFront(true)), p, 13));
    double growPlane = plane[1] - plane[0];
    double growCurved = curved[1] - curved[0];
    System.out.printf("residual outer − inner ring: plane %.0f ns, curved %.0f ns%n", growPlane, growCurved);
    // a sphere of radius R lags the tangent plane by r²/(2Rc): hundreds of ns at 2 km for R ≈ 6–10 km
    assertTrue(growCurved > 500, "curved front: outer ring lags by " + growCurved + " ns");
    assertTrue(growCurved > growPlane + 400, "curvature adds to the delay growth of the plane front ("
        + growPlane + " → " + growCurved + " ns)");
    // with a plane front the residuals grow only by the first-particle delay, fewer particles
    // arriving later on average far out (about 150 ns at 2 km)
    assertTrue(growPlane > 0 && growPlane < 300, "plane front residual growth " + growPlane + " ns");
  }
}
