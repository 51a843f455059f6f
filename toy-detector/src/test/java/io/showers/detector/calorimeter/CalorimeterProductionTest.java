package io.showers.detector.calorimeter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Json;
import io.showers.detector.Production;
import io.showers.detector.ProgressListener;
import io.showers.detector.ShowerGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reproducibility, beam labels, readout and bad input of the calorimeter producers. */
class CalorimeterProductionTest {
  private static final CalorimeterConfig DEFAULT = CalorimeterConfig.defaults();

  private static CalorimeterEvents produce(ShowerGenerator<CalorimeterBeam, CalorimeterEvents> g,
      BeamSampler beam, long first, int n, int batch, int threads) {
    List<CalorimeterEvents> parts = new ArrayList<>();
    Production.run(beam, g, 42, first, n, batch, threads, parts::add, ProgressListener.NONE);
    return CalorimeterEvents.concat(parts);
  }

  @Test
  void sameSeedGivesIdenticalEventsForAnyThreadCountAndBatchSize() {
    BeamSampler beam = new BeamSampler(11, BeamEnergies.range(1, 3), new BeamSpot("gaussian", 5));
    for (ShowerGenerator<CalorimeterBeam, CalorimeterEvents> g : List.of(
        new ReferenceCalorimeter(DEFAULT, Realism.SIM),
        new ReferenceCalorimeter(DEFAULT, Realism.DATA),
        new ParametrisedCalorimeter(DEFAULT, Realism.SIM))) {
      CalorimeterEvents a = produce(g, beam, 0, 12, 12, 1);
      CalorimeterEvents b = produce(g, beam, 0, 12, 5, 2);
      CalorimeterEvents c = produce(g, beam, 0, 12, 1, 2);
      assertArrayEquals(a.showersMip(), b.showersMip());
      assertArrayEquals(a.showersMip(), c.showersMip());
      assertArrayEquals(a.incidentEnergyGeV(), c.incidentEnergyGeV());
      assertArrayEquals(a.impactMm(), c.impactMm());
      // a shard starting at event 7 reproduces events 7.. of the whole production
      CalorimeterEvents shard = produce(g, beam, 7, 5, 2, 2);
      assertArrayEquals(a.slice(7, 12).showersMip(), shard.showersMip());
      assertTrue(a.showersMip().length > 0 && sum(a.showersMip()) > 0);
    }
  }

  private static double sum(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s;
  }

  @Test
  void beamLabelsFollowTheRequestedSpectrumAndSpot() {
    BeamSampler list = new BeamSampler(22, BeamEnergies.parse("20,32,50,80,90"), BeamSpot.parse("uniform:10"));
    CalorimeterBeam b = list.sample(3, 0, 2000);
    int[] counts = new int[5];
    for (int k = 0; k < b.size(); k++) {
      int idx = List.of(20f, 32f, 50f, 80f, 90f).indexOf(b.energyGeV()[k]);
      assertTrue(idx >= 0, "energy " + b.energyGeV()[k]);
      counts[idx]++;
      assertTrue(Math.abs(b.impactMm()[2 * k]) <= 10 && Math.abs(b.impactMm()[2 * k + 1]) <= 10);
      assertEquals(22, b.particlePdg()[k]);
    }
    for (int c : counts) {
      assertEquals(400, c, 4 * Math.sqrt(400)); // multinomial, 4 sigma
    }
    BeamSampler range = new BeamSampler(11, BeamEnergies.parse("10:100"), BeamSpot.parse("gaussian:3"));
    CalorimeterBeam r = range.sample(3, 0, 4000);
    double mean = 0;
    double var = 0;
    for (int k = 0; k < r.size(); k++) {
      assertTrue(r.energyGeV()[k] >= 10 && r.energyGeV()[k] <= 100);
      mean += r.energyGeV()[k] / r.size();
      var += r.impactMm()[2 * k] * r.impactMm()[2 * k] / r.size();
    }
    assertEquals(55, mean, 4 * 26 / Math.sqrt(4000));
    assertEquals(3, Math.sqrt(var), 0.15);
    // labels of event k do not depend on where the batch starts
    assertEquals(r.energyGeV()[17], range.sample(3, 17, 1).energyGeV()[0]);
    assertTrue(Json.read(range.describe(), java.util.Map.class).containsKey("energyGeV"));
  }

  @Test
  void dataRealismChangesTheResponseAndProducerJsonRecordsModeAndRealism() {
    BeamSampler beam = new BeamSampler(11, BeamEnergies.fixed(5), BeamSpot.pencil());
    ReferenceCalorimeter sim = new ReferenceCalorimeter(DEFAULT, Realism.SIM);
    ReferenceCalorimeter data = new ReferenceCalorimeter(DEFAULT, Realism.DATA);
    CalorimeterEvents s = produce(sim, beam, 0, 30, 30, 1);
    CalorimeterEvents d = produce(data, beam, 0, 30, 30, 1);
    double ratio = sum(d.showersMip()) / sum(s.showersMip());
    // same cascades: 4% lower response, dead cells, and cross-talk that conserves signal but
    // pushes more of it below the 2 MIP threshold (at 5 GeV about 10% lower in all)
    assertTrue(ratio > 0.85 && ratio < 0.95, "data/sim signal ratio " + ratio);
    boolean[] dead = SensorReadout.deadCells(DEFAULT.cells(), Realism.DATA.deadCellFraction());
    for (int k = 0; k < d.size(); k++) {
      for (int c = 0; c < DEFAULT.cells(); c++) {
        if (dead[c]) {
          assertEquals(0f, d.showersMip()[k * DEFAULT.cells() + c]);
        }
        float v = s.showersMip()[k * DEFAULT.cells() + c];
        assertTrue(v == 0 || v >= DEFAULT.thresholdMip());
      }
    }
    var json = Json.read(data.producer(), java.util.Map.class);
    assertEquals("reference", json.get("mode"));
    assertEquals("data", json.get("realism"));
    var pjson = Json.read(new ParametrisedCalorimeter(DEFAULT, Realism.SIM).producer(), java.util.Map.class);
    assertEquals("parametrised", pjson.get("mode"));
  }

  @Test
  void badInputIsRejectedWithMessagesNamingValueAndExpectation() {
    assertMessage(() -> BeamEnergies.fixed(-5), "-5.0", "positive");
    assertMessage(() -> BeamEnergies.fixed(0), "0.0", "positive");
    assertMessage(() -> BeamEnergies.fixed(1000), "1000.0", "1.0 to 500.0 GeV");
    assertMessage(() -> BeamEnergies.parse("20,abc"), "20,abc", "GeV");
    assertMessage(() -> BeamEnergies.parse("100:10"), "100.0:10.0", "MIN < MAX");
    assertMessage(() -> BeamSampler.particle("proton"), "proton", "e- or gamma");
    assertMessage(() -> new BeamSampler(2212, BeamEnergies.fixed(5), BeamSpot.pencil()), "2212", "11");
    assertMessage(() -> BeamSpot.parse("square:3"), "square", "uniform or gaussian");
    assertMessage(() -> BeamSpot.parse("gaussian:-1"), "-1.0", "0 to 100 mm");
    assertMessage(() -> Realism.fromId("real"), "real", "sim or data");
    assertMessage(() -> Materials.get("Unobtainium"), "Unobtainium", "W, Pb, Cu, Fe, Si");
    assertMessage(() -> new ReferenceCalorimeter(
        new CalorimeterConfig("Xx", new double[] {1}, 300, 12, 15, 10, 2), Realism.SIM), "Xx", "expected one of");
    assertMessage(() -> new ReferenceCalorimeter(
        new CalorimeterConfig("W", new double[0], 300, 12, 15, 10, 2), Realism.SIM), "no sensitive layer", "expected");
    ReferenceCalorimeter ref = new ReferenceCalorimeter(DEFAULT, Realism.SIM);
    CalorimeterBeam bad = CalorimeterBeam.allocate(1);
    bad.energyGeV()[0] = 5;
    bad.particlePdg()[0] = 2212;
    assertMessage(() -> ref.generate(bad, 1), "2212", "expected");
    bad.particlePdg()[0] = 11;
    bad.energyGeV()[0] = -1;
    assertMessage(() -> ref.generate(bad, 1), "-1.0", "expected");
    assertMessage(() -> new ParametrisedCalorimeter(
        new CalorimeterConfig("Pb", new double[] {2, 2}, 300, 12, 15, 10, 2), Realism.SIM), "Pb", "W");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
    assertTrue(!e.getMessage().contains("\n"), "one-line message");
  }
}
