package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.Realism;
import org.junit.jupiter.api.Test;

/** The refiner's cell space reads no label: the detector's threshold sits at one model value at every energy. */
class CellSpaceTest {

  @Test
  void encodingIgnoresTheIncidentEnergyAndRoundTrips() {
    CalorimeterEvents e = TestEvents.calorimeter(Realism.SIM, 20, 3, 10, 90);
    CellSpace space = CellSpace.fit(e);
    float[] y = space.encode(e);
    // the same cells labelled with another energy encode identically
    CalorimeterEvents relabelled = new CalorimeterEvents(e.size(), e.layers(), e.rows(), e.cols(), e.showersMip(),
        new float[e.size()], e.impactMm().clone(), e.particlePdg().clone());
    java.util.Arrays.fill(relabelled.incidentEnergyGeV(), 50f);
    assertArrayEquals(y, space.encode(relabelled), 0f);
    CalorimeterEvents back = space.decode(y, e, TestEvents.CONFIG);
    for (int i = 0; i < y.length; i++) {
      assertEquals(e.showersMip()[i], back.showersMip()[i], 1e-4 * Math.max(1, e.showersMip()[i]), "cell " + i);
    }
    assertArrayEquals(e.incidentEnergyGeV(), back.incidentEnergyGeV(), 0f);
  }

  /**
   * The refiner's projection and the decoding agree on the threshold: a cell at exactly 2 MIP survives
   * both, one 0.5 % under it neither; a value far above the simulated range decodes finite.
   */
  @Test
  void projectionAndDecodingShareTheThreshold() {
    CalorimeterEvents e = TestEvents.calorimeter(Realism.SIM, 3, 8, 50);
    CellSpace space = CellSpace.fit(e);
    CalorimeterRefiner r = CalorimeterRefiner.initialise(TestEvents.CONFIG, space, new int[] {4},
        new boolean[TestEvents.CONFIG.cells()], true, 1);
    float thr = (float) TestEvents.CONFIG.thresholdMip();
    float[] mip = new float[3 * TestEvents.CONFIG.cells()];
    mip[0] = thr;
    mip[1] = 0.995f * thr;
    mip[2] = 1e9f;
    CalorimeterEvents edge = new CalorimeterEvents(3, e.layers(), e.rows(), e.cols(), mip, e.incidentEnergyGeV().clone(),
        e.impactMm().clone(), e.particlePdg().clone());
    float[] y = space.encode(edge);
    r.project(y, 3);
    assertTrue(y[0] > 0, "2 MIP survives the projection");
    assertEquals(0f, y[1], 0f, "0.5 % under 2 MIP is projected away");
    CalorimeterEvents back = space.decode(y, edge, TestEvents.CONFIG);
    assertEquals(thr, back.showersMip()[0], 0f, "2 MIP decodes as 2 MIP");
    assertEquals(0f, back.showersMip()[1], 0f);
    double cap = Math.expm1(CellSpace.MAX_VALUE * space.logScale());
    assertEquals(cap, back.showersMip()[2], 1e-5 * cap, "10^9 MIP decodes at the cap");
  }

  /**
   * A fresh refiner corrects hit cells by its 1e-3-scaled last layer only: it keeps the hits of a 10 GeV
   * and of a 90 GeV shower alike (empty cells start just under the threshold, so some cross it). (In an energy-scaled model space the 2 MIP threshold sat at
   * 1.1 MIP for 90 GeV showers, and the projection removed real hits of 2 to 3.6 MIP.)
   */
  @Test
  void anIdentityRefinerKeepsHitsAtEveryEnergy() {
    CalorimeterEvents sim = TestEvents.calorimeter(Realism.SIM, 200, 5, 10, 90);
    CalorimeterRefiner r = CalorimeterRefiner.initialise(TestEvents.CONFIG, CellSpace.fit(sim), new int[] {16},
        new boolean[TestEvents.CONFIG.cells()], true, 2);
    for (double energy : new double[] {10, 90}) {
      CalorimeterEvents e = TestEvents.calorimeter(Realism.SIM, 100, 7, energy);
      CalorimeterEvents out = r.apply(e);
      int hits = 0;
      int kept = 0;
      for (int i = 0; i < e.showersMip().length; i++) {
        boolean was = e.showersMip()[i] > 0;
        boolean is = out.showersMip()[i] > 0;
        hits += was ? 1 : 0;
        kept += was && is ? 1 : 0;
      }
      assertTrue(kept >= 0.995 * hits, energy + " GeV: kept " + kept + " of " + hits + " hits");
    }
  }
}
