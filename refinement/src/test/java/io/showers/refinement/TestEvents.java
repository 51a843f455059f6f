package io.showers.refinement;

import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.AirShowerSimulator;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.airshower.PrimarySampler;
import io.showers.detector.airshower.RealismProfile;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.ParametrisedCalorimeter;
import io.showers.detector.calorimeter.Realism;

/** Fast test events: calorimeter from the parametrised simulator, air showers from the fast array model. */
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

  static final ArrayConfig ARRAY = ArrayConfig.defaults();

  static AirShowerEvents airShowers(RealismProfile realism, int n, long seed) {
    AirShowerSimulator sim = new AirShowerSimulator(ARRAY, AirShowerSimulator.Options.fast().withRealism(realism));
    return sim.generate(new PrimarySampler(PrimarySampler.Options.defaults()).sample(seed, 0, n), seed);
  }

  /** A copy with every signal scaled by {@code factor} and the 3 VEM trigger rule re-applied (times re-referenced). */
  static AirShowerEvents scaled(AirShowerEvents e, double factor) {
    int st = e.side() * e.side();
    float[] s = e.signalVem().clone();
    float[] t = e.timeUs().clone();
    for (int k = 0; k < e.size(); k++) {
      float first = Float.POSITIVE_INFINITY;
      for (int i = k * st; i < (k + 1) * st; i++) {
        s[i] *= (float) factor;
        if (!(s[i] >= ARRAY.triggerThresholdVem())) {
          s[i] = Float.NaN;
          t[i] = Float.NaN;
        } else {
          first = Math.min(first, t[i]);
        }
      }
      for (int i = k * st; i < (k + 1) * st; i++) {
        t[i] -= first;
      }
    }
    return new AirShowerEvents(e.size(), e.side(), e.traceBins(), s, t, null, e.energyEeV().clone(),
        e.showerAxis().clone(), e.showerCoreM().clone(), e.xmaxGcm2().clone(), e.massA().clone());
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
