package io.showers.refinement;

import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.ParametrisedCalorimeter;
import io.showers.detector.calorimeter.Realism;

/** Fast calorimeter test events from the parametrised simulator. */
final class TestEvents {
  static final CalorimeterConfig CONFIG = CalorimeterConfig.defaults();

  private TestEvents() {}

  static CalorimeterEvents calorimeter(Realism realism, int n, long seed, double... energies) {
    CalorimeterBeam beam = new BeamSampler(CalorimeterBeam.ELECTRON, BeamEnergies.list(energies), BeamSpot.pencil())
        .sample(seed, 0, n);
    return new ParametrisedCalorimeter(CONFIG, realism).generate(beam, seed);
  }

  /** A copy with every cell scaled by {@code factor} and the detector threshold re-applied. */
  static CalorimeterEvents scaled(CalorimeterEvents e, double factor) {
    float[] c = e.showersMip().clone();
    for (int i = 0; i < c.length; i++) {
      float v = (float) (c[i] * factor);
      c[i] = v < CONFIG.thresholdMip() ? 0f : v;
    }
    return new CalorimeterEvents(e.size(), e.layers(), e.rows(), e.cols(), c, e.incidentEnergyGeV().clone(),
        e.impactMm().clone(), e.particlePdg().clone());
  }

  static double[] totals(CalorimeterEvents e) {
    double[] t = new double[e.size()];
    int cells = e.cells();
    for (int i = 0; i < e.showersMip().length; i++) {
      t[i / cells] += e.showersMip()[i];
    }
    return t;
  }

  static double meanTotal(CalorimeterEvents e) {
    double s = 0;
    for (double v : totals(e)) {
      s += v;
    }
    return s / e.size();
  }
}
