package io.showers.datasets.observables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.metrics.FrechetDistance;
import io.showers.datasets.metrics.KernelDistance;
import io.showers.datasets.metrics.ObservableMetric;
import io.showers.datasets.metrics.PhysicsDistances;
import io.showers.datasets.testing.SyntheticEvents;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObservablesTest {
  static final CalorimeterConfig CAL = CalorimeterConfig.defaults();
  static final ArrayConfig ARRAY = ArrayConfig.defaults();
  static final int N = 4000;

  @Test
  void calorimeterObservablesOfHandMadeEvent() {
    CalorimeterEvents ev = CalorimeterEvents.allocate(1, 7, 12, 15);
    ev.incidentEnergyGeV()[0] = 50;
    // layer 2: two cells of 10 MIP at row 5, columns 3 and 5: centre at column 4
    int base = 2 * 12 * 15 + 5 * 15;
    ev.showersMip()[base + 3] = 10;
    ev.showersMip()[base + 5] = 10;
    // layer 4: one cell of 30 MIP
    ev.showersMip()[4 * 180 + 7] = 30;
    Observables o = CalorimeterObservables.compute(ev, CAL);
    assertEquals(50, o.values("e_total")[0], 1e-12);
    assertEquals(1.0, o.values("e_ratio")[0], 1e-12);
    assertEquals(20, o.values("e_layer_2")[0], 1e-12);
    assertEquals((4 - 7) * 10.0, o.values("x_centre_2")[0], 1e-12);
    assertEquals((5 - 5.5) * 10.0, o.values("y_centre_2")[0], 1e-12);
    assertEquals(10.0, o.values("x_width_2")[0], 1e-12);
    assertEquals(0.0, o.values("y_width_2")[0], 1e-12);
    assertEquals(0.0, o.values("x_centre_0")[0], 0);
    assertEquals(3, o.values("n_hits")[0]);
    assertEquals(30, o.values("e_max")[0]);
    double cog = (20 * CAL.layerDepthX0(2) + 30 * CAL.layerDepthX0(4)) / 50;
    assertEquals(cog, o.values("long_cog")[0], 1e-12);
    double[] radial = o.profile("radial").mean();
    double sum = 0;
    for (double r : radial) {
      sum += r;
    }
    assertEquals(1, sum, 1e-12);
    assertThrows(IllegalArgumentException.class,
        () -> CalorimeterObservables.compute(CalorimeterEvents.allocate(1, 6, 12, 15), CAL));
  }

  @Test
  void airShowerPlaneFrontAndLdfOfExactEvent() {
    AirShowerEvents ev = AirShowerEvents.allocate(1, 14, 80, false);
    double th = Math.toRadians(30);
    double ph = Math.toRadians(40);
    double ax = Math.sin(th) * Math.cos(ph);
    double ay = Math.sin(th) * Math.sin(ph);
    double az = Math.cos(th);
    ev.showerAxis()[0] = (float) ax;
    ev.showerAxis()[1] = (float) ay;
    ev.showerAxis()[2] = (float) az;
    ev.showerCoreM()[0] = 100;
    ev.showerCoreM()[1] = -200;
    ev.energyEeV()[0] = 10;
    for (int i = 0; i < 14; i++) {
      for (int j = 0; j < 14; j++) {
        double x = (j - 6.5) * 750;
        double y = (i - 6.5) * 750;
        double r = AirShowerObservables.perpDistance(x - 100, y + 200, ax, ay, az);
        double s = 50 * Math.pow(r / 1000, -3);
        if (s >= 3) {
          ev.signalVem()[i * 14 + j] = (float) s;
          ev.timeUs()[i * 14 + j] = (float) (5 - (ax * x + ay * y) / AirShowerObservables.C_M_PER_US);
        }
      }
    }
    Observables o = AirShowerObservables.compute(ev, ARRAY);
    assertTrue(o.values("n_triggered")[0] >= 6);
    assertEquals(0, o.values("angle_to_axis")[0], 0.05);
    assertEquals(30, o.values("zenith_rec")[0], 0.05);
    assertEquals(0, o.values("t_res_rms")[0], 1e-2);
    assertEquals(0, o.values("t_res_true_rms")[0], 1e-2);
    assertEquals(-3, o.values("ldf_slope")[0], 1e-3);
    assertEquals(50, o.values("s1000")[0], 0.1);
    assertTrue(o.values("core_est_error")[0] < 400);
  }

  @Test
  void sameDistributionGivesSmallSeparationAndZeroDistances() {
    Observables a = CalorimeterObservables.compute(SyntheticEvents.calorimeter(CAL, N, 1, SyntheticEvents.HGCAL_ENERGIES), CAL);
    Observables b = CalorimeterObservables.compute(SyntheticEvents.calorimeter(CAL, N, 2, SyntheticEvents.HGCAL_ENERGIES), CAL);
    for (ObservableMetric m : ObservableMetric.compare(a, b)) {
      assertTrue(m.separationPower() < 4 * m.separationNoise() + 1e-3,
          m.name() + " sp " + m.separationPower() + " noise " + m.separationNoise());
    }
    PhysicsDistances d = PhysicsDistances.compute(a, b,
        new FrechetDistance.Options(0, 0, 10, 10, 1), new KernelDistance.Options(2000, 10, 1));
    // two finite samples of one distribution: FPD at the finite-sample floor b/N, not above
    assertTrue(d.fpd().value() <= 3 * d.fpd().error() + 2 * d.fpd().floor(),
        "fpd " + d.fpd().value() + " ± " + d.fpd().error() + " floor " + d.fpd().floor());
    assertTrue(Math.abs(d.kpd().value()) <= 3 * d.kpd().error() + 1e-6, "kpd " + d.kpd().value() + " ± " + d.kpd().error());
  }

  @Test
  void distortedCalorimeterIsDetectedByTheResponsibleObservable() {
    CalorimeterEvents ref = SyntheticEvents.calorimeter(CAL, N, 1, SyntheticEvents.HGCAL_ENERGIES);
    Observables a = CalorimeterObservables.compute(ref, CAL);
    // energies scaled by 5%
    CalorimeterEvents scaled = SyntheticEvents.calorimeter(CAL, N, 2, SyntheticEvents.HGCAL_ENERGIES);
    for (int i = 0; i < scaled.showersMip().length; i++) {
      scaled.showersMip()[i] *= 1.05f;
    }
    List<ObservableMetric> ms = ObservableMetric.compare(a, CalorimeterObservables.compute(scaled, CAL));
    assertEquals("e_ratio", top(ms).name(), "largest separation: " + top(ms));
    PhysicsDistances d5 = PhysicsDistances.compute(a, CalorimeterObservables.compute(scaled, CAL),
        new FrechetDistance.Options(0, 0, 10, 10, 1), KernelDistance.Options.defaults());
    assertTrue(d5.fpd().value() > 5 * d5.fpd().error(), "fpd " + d5.fpd().value() + " ± " + d5.fpd().error());
    assertTrue(d5.kpd().value() > 3 * d5.kpd().error(), "kpd " + d5.kpd().value() + " ± " + d5.kpd().error());
    // layer 3 dropped
    CalorimeterEvents dropped = SyntheticEvents.calorimeter(CAL, N, 3, SyntheticEvents.HGCAL_ENERGIES);
    int per = 12 * 15;
    for (int e = 0; e < N; e++) {
      java.util.Arrays.fill(dropped.showersMip(), (e * 7 + 3) * per, (e * 7 + 4) * per, 0f);
    }
    List<ObservableMetric> md = ObservableMetric.compare(a, CalorimeterObservables.compute(dropped, CAL));
    ObservableMetric t = top(md);
    assertTrue(t.name().endsWith("_3"), "largest separation: " + t);
    assertTrue(md.stream().filter(m -> m.name().equals("e_layer_3")).findFirst().orElseThrow().separationPower() > 0.99);
  }

  @Test
  void airShowerSameAndCurvedFront() {
    Observables a = AirShowerObservables.compute(SyntheticEvents.airShower(ARRAY, N, 1, 0), ARRAY);
    Observables b = AirShowerObservables.compute(SyntheticEvents.airShower(ARRAY, N, 2, 0), ARRAY);
    for (ObservableMetric m : ObservableMetric.compare(a, b)) {
      assertTrue(m.separationPower() < 4 * m.separationNoise() + 1e-3,
          m.name() + " sp " + m.separationPower() + " noise " + m.separationNoise());
    }
    Observables c = AirShowerObservables.compute(SyntheticEvents.airShower(ARRAY, N, 3, 0.15), ARRAY);
    ObservableMetric t = top(ObservableMetric.compare(a, c));
    assertTrue(Set.of("t_res_rms", "t_res_true_rms").contains(t.name()), "largest separation: " + t);
    assertTrue(t.separationPower() > 0.1);
    // LDF fitted in most events and close to the generated slope
    double[] slope = a.values("ldf_slope");
    int ok = 0;
    double mean = 0;
    for (double s : slope) {
      if (Double.isFinite(s)) {
        ok++;
        mean += s;
      }
    }
    assertTrue(ok > 0.7 * N, "ldf fits " + ok);
    assertEquals(-3.2, mean / ok, 0.4);
  }

  private static ObservableMetric top(List<ObservableMetric> ms) {
    return ms.stream().filter(m -> !m.kind().isLabel())
        .max(Comparator.comparingDouble(ObservableMetric::separationPower)).orElseThrow();
  }
}
