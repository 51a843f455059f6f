package io.showers.generative.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.observables.CalorimeterObservables;
import io.showers.datasets.observables.Observables;
import io.showers.datasets.observables.AirShowerObservables;
import io.showers.datasets.testing.SyntheticEvents;
import io.showers.detector.ProgressListener;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluationNetworksTest {
  static final CalorimeterConfig CAL = CalorimeterConfig.defaults();
  static final int N = 3000;
  static final ClassifierTest.Options OPT =
      new ClassifierTest.Options(new int[] {64, 32}, 1e-3, 15, 3, 256, 2, 5);
  static CalorimeterEvents ref;
  static CalorimeterEvents same;
  static CalorimeterEvents scaled;

  @BeforeAll
  static void samples() {
    ref = SyntheticEvents.calorimeter(CAL, N, 1, SyntheticEvents.HGCAL_ENERGIES);
    same = SyntheticEvents.calorimeter(CAL, N, 2, SyntheticEvents.HGCAL_ENERGIES);
    scaled = SyntheticEvents.calorimeter(CAL, N, 3, SyntheticEvents.HGCAL_ENERGIES);
    for (int i = 0; i < scaled.showersMip().length; i++) {
      scaled.showersMip()[i] *= 1.05f;
    }
  }

  private static ClassifierTest.Result highLevel(CalorimeterEvents a, CalorimeterEvents b) {
    Observables oa = CalorimeterObservables.compute(a, CAL);
    Observables ob = CalorimeterObservables.compute(b, CAL);
    float[][][] x = FeatureMatrix.highLevel(oa, ob, oa.names());
    return ClassifierTest.run(x[0], x[1], OPT, ProgressListener.NONE);
  }

  @Test
  void sameDistributionGivesAucOfOneHalf() {
    ClassifierTest.Result low = ClassifierTest.run(
        FeatureMatrix.lowLevel(ref), FeatureMatrix.lowLevel(same), OPT, ProgressListener.NONE);
    assertEquals(0.5, low.auc(), 3 * low.error(), "low-level " + low.auc() + " ± " + low.error());
    assertTrue(low.error() < 0.05, "error " + low.error());
    ClassifierTest.Result high = highLevel(ref, same);
    assertEquals(0.5, high.auc(), 3 * high.error(), "high-level " + high.auc() + " ± " + high.error());
  }

  @Test
  void scaledEnergiesAreDetected() {
    ClassifierTest.Result high = highLevel(ref, scaled);
    assertTrue(high.auc() > 0.5 + 5 * high.error() && high.auc() > 0.6,
        "high-level " + high.auc() + " ± " + high.error());
    ClassifierTest.Result low = ClassifierTest.run(FeatureMatrix.lowLevel(ref), FeatureMatrix.lowLevel(scaled),
        new ClassifierTest.Options(new int[] {64, 32}, 1e-3, 20, 4, 256, 3, 5), ProgressListener.NONE);
    // cells alone (3000 events, a small dense net): weaker, but still clearly above 0.5
    assertTrue(low.auc() > 0.5 + 3 * low.error(), "low-level " + low.auc() + " ± " + low.error());
  }

  @Test
  void curvedAirShowerFrontIsDetectedFromStations() {
    ArrayConfig arr = ArrayConfig.defaults();
    var a = SyntheticEvents.airShower(arr, N, 1, 0);
    var b = SyntheticEvents.airShower(arr, N, 2, 0.15);
    ClassifierTest.Result low = ClassifierTest.run(
        FeatureMatrix.lowLevel(a), FeatureMatrix.lowLevel(b), OPT, ProgressListener.NONE);
    assertTrue(low.auc() > 0.5 + 3 * low.error(), "low-level " + low.auc() + " ± " + low.error());
    Observables oa = AirShowerObservables.compute(a, arr);
    Observables ob = AirShowerObservables.compute(b, arr);
    float[][][] x = FeatureMatrix.highLevel(oa, ob, oa.names());
    ClassifierTest.Result high = ClassifierTest.run(x[0], x[1], OPT, ProgressListener.NONE);
    assertTrue(high.auc() > 0.5 + 5 * high.error(), "high-level " + high.auc() + " ± " + high.error());
  }

  @Test
  void energyResponseSeesTheScaleIncludingTheHeldOutEnergy() {
    Observables oa = CalorimeterObservables.compute(ref, CAL);
    Observables oc = CalorimeterObservables.compute(scaled, CAL);
    EnergyResponse.Result r = EnergyResponse.run(oa, oc, EnergyResponse.Options.defaults(), ProgressListener.NONE);
    assertEquals(6, r.groups().size());
    assertTrue(r.features().stream().noneMatch(f -> f.equals("e_ratio") || f.equals("e_inc")));
    long held = r.groups().stream().filter(EnergyResponse.Group::heldOut).count();
    assertEquals(1, held);
    double shift = 0;
    for (EnergyResponse.Group g : r.groups()) {
      String what = g.toString();
      boolean edge = g.energyLow() == 20 || g.energyLow() == 90;
      // regression to the mean at the ends of the training range and at the held-out energy
      assertEquals(0, g.referenceBias(), edge || g.heldOut() ? 0.08 : 0.04, what);
      assertTrue(g.referenceResolution() < 0.15, what);
      // cells scaled by 5%: the reconstructed candidate energy comes out high in every group
      assertTrue(g.candidateBias() - g.referenceBias() > 0.005, what);
      shift += (g.candidateBias() - g.referenceBias()) / r.groups().size();
    }
    // not the full 5%: the regressor also uses shape observables that do not scale
    assertTrue(shift > 0.015 && shift < 0.07, "mean shift " + shift);
    assertEquals(70, r.groups().stream().filter(EnergyResponse.Group::heldOut).findFirst().orElseThrow().energyLow());
  }
}
