package io.showers.detector.airshower;

import static io.showers.detector.airshower.ArraySupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data-like profile differs from sim where it should, in the expected direction. */
class RealismTest {

  /** Sum of S over live stations 800–1600 m from the axis, per shower (untriggered count 0). */
  static double[] ringSums(AirShowerEvents ev, boolean[] dead) {
    double[] sums = new double[ev.size()];
    for (int k = 0; k < ev.size(); k++) {
      for (int i = 0; i < STATIONS; i++) {
        double r = axisDistance(ev, k, i);
        float v = signal(ev, k, i);
        if (!dead[i] && r >= 800 && r < 1600 && !Float.isNaN(v)) {
          sums[k] += v;
        }
      }
    }
    return sums;
  }

  /**
   * Same primaries and seed in both profiles, so Xmax and the muon fluctuation are shared: the
   * per-shower ratio data/sim of the ring signal measures the profile difference with little noise.
   */
  @Test
  void dataHasMoreSignalMoreSoForInclinedShowers() {
    AirShowerSimulator.Options o = AirShowerSimulator.Options.fast();
    AirShowerSimulator sim = new AirShowerSimulator(ARRAY, o);
    AirShowerSimulator data = new AirShowerSimulator(ARRAY, o.withRealism(RealismProfile.data()));
    boolean[] dead = data.deadStations();
    double[] ratio = new double[2];
    double[] err = new double[2];
    double[] zen = {10, 55};
    for (int z = 0; z < 2; z++) {
      AirShowerPrimaries p = fixed(600, 30, zen[z], 1, 70 + z);
      double[] a = ringSums(run(sim, p, 71), dead);
      double[] b = ringSums(run(data, p, 71), dead);
      List<Double> r = new ArrayList<>();
      for (int k = 0; k < a.length; k++) {
        if (a[k] > 0 && b[k] > 0) {
          r.add(b[k] / a[k]);
        }
      }
      double[] v = toArray(r);
      ratio[z] = mean(v);
      err[z] = sd(v) / Math.sqrt(v.length);
    }
    System.out.printf("S(0.8–1.6 km) data/sim per shower: %.3f ± %.3f at 10°, %.3f ± %.3f at 55°%n",
        ratio[0], err[0], ratio[1], err[1]);
    // muon excess ×1.3 on a muon share of ~40% (10°) and ~60% (55°), calibration −4%:
    // expected ≈ 0.96 × 1.12 = 1.08 and 0.96 × 1.18 = 1.13
    assertTrue(ratio[0] > 1.0 + 3 * err[0], "data/sim at 10°: " + ratio[0]);
    assertTrue(ratio[1] - ratio[0] > 3 * Math.hypot(err[0], err[1]),
        "muon excess shows more in inclined showers: " + ratio[0] + " → " + ratio[1]);
  }

  @Test
  void deadStationsNeverReport() {
    AirShowerSimulator data = new AirShowerSimulator(ARRAY,
        AirShowerSimulator.Options.fast().withRealism(RealismProfile.data()));
    boolean[] dead = data.deadStations();
    int nDead = 0;
    for (boolean d : dead) {
      nDead += d ? 1 : 0;
    }
    assertEquals(4, nDead, "2% of 196 stations");
    AirShowerEvents ev = run(data, fixed(100, 100, 30, 1, 3), 4);
    int[] reported = new int[STATIONS];
    for (int k = 0; k < ev.size(); k++) {
      for (int i = 0; i < STATIONS; i++) {
        reported[i] += Float.isNaN(signal(ev, k, i)) ? 0 : 1;
      }
    }
    for (int i = 0; i < STATIONS; i++) {
      if (dead[i]) {
        assertEquals(0, reported[i], "dead station " + i + " reported");
      }
    }
    // the central stations of 100 EeV showers always trigger unless dead
    int centre = (SIDE / 2) * SIDE + SIDE / 2;
    assertTrue(dead[centre] || reported[centre] == ev.size());
    for (boolean d : new AirShowerSimulator(ARRAY, AirShowerSimulator.Options.fast()).deadStations()) {
      assertTrue(!d, "sim has no dead stations");
    }
  }

  /**
   * Slower PMT: the signal-weighted mean time of each trace is later (muon number held fixed),
   * compared station by station with the same primaries.
   */
  @Test
  void dataPmtPulsesDecayMoreSlowly() {
    AirShowerPrimaries p = fixed(40, 10, 30, 1, 5);
    AirShowerSimulator.Options o = AirShowerSimulator.Options.defaults().withTraces(true);
    double[] sim = traceTimes(run(new AirShowerSimulator(ARRAY, o), p, 6));
    double[] data = traceTimes(run(new AirShowerSimulator(ARRAY,
        o.withRealism(RealismProfile.data().withMuonScale(1.0))), p, 6));
    List<Double> d = new ArrayList<>();
    for (int s = 0; s < sim.length; s++) {
      if (!Double.isNaN(sim[s]) && !Double.isNaN(data[s])) {
        d.add(data[s] - sim[s]);
      }
    }
    double[] v = toArray(d);
    double shift = mean(v);
    double err = sd(v) / Math.sqrt(v.length);
    System.out.printf("signal-weighted trace time, data − sim: %.1f ± %.1f ns (%d stations)%n", shift, err, v.length);
    // τ 60 → 75 ns delays the light by up to 15 ns (less where the window cuts the tail)
    assertTrue(shift > 5 && shift < 20 && shift > 4 * err, "trace time shift data − sim: " + shift + " ± " + err + " ns");
  }

  /** Per station (S >= 20 VEM, r < 1500 m, else NaN): the signal-weighted time of the trace, ns. */
  static double[] traceTimes(AirShowerEvents ev) {
    int bins = ev.traceBins();
    double[] t = new double[ev.size() * STATIONS];
    java.util.Arrays.fill(t, Double.NaN);
    for (int k = 0; k < ev.size(); k++) {
      for (int i = 0; i < STATIONS; i++) {
        int s = k * STATIONS + i;
        if (Float.isNaN(ev.signalVem()[s]) || ev.signalVem()[s] < 20 || axisDistance(ev, k, i) > 1500) {
          continue;
        }
        double w = 0;
        double wt = 0;
        for (int b = 0; b < bins; b++) {
          double x = ev.tracesVem()[s * bins + b];
          w += x;
          wt += x * (b + 0.5) * ARRAY.traceBinNs();
        }
        t[s] = wt / w;
      }
    }
    return t;
  }

  @Test
  void producerRecordsModeAndProfile() throws Exception {
    AirShowerSimulator s = new AirShowerSimulator(ARRAY,
        AirShowerSimulator.Options.fast().withRealism(RealismProfile.data()));
    var tree = Json.mapper().readTree(s.producer());
    assertEquals("fast", tree.get("mode").asText());
    assertEquals("data", tree.get("realism").get("name").asText());
    assertEquals(1.3, tree.get("realism").get("muonScale").asDouble(), 1e-12);
    assertEquals(ArrayConfig.defaults().toJson(), s.detector().toJson(), "the array is the detector, not the profile");
  }
}
