package io.showers.generative.surrogate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.ParametrisedCalorimeter;
import io.showers.detector.calorimeter.Realism;
import io.showers.generative.wgan.TransversePrior;
import org.junit.jupiter.api.Test;

/**
 * The calorimeter codec's transverse prior fitted to simulated showers (the parametrised fast simulation, GFlash-like
 * profiles, impacts spread over ±15 mm): the core widens with depth, and the prior predicts each shower's measured
 * layer centroid, pull to the struck cell's centre included, in x and in y — which also fixes the conventions that
 * label 1 is x along the columns and label 2 is y along the rows.
 */
class CalorimeterTransversePriorTest {
  @Test
  void priorFittedToSimulatedShowersPredictsTheirCentroids() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterBeam beam = new BeamSampler(11, BeamEnergies.fixed(50), BeamSpot.parse("uniform:15")).sample(7, 0, 1500);
    CalorimeterEvents events = new ParametrisedCalorimeter(cfg, Realism.SIM).generate(beam, 7, 0);
    CalorimeterCodec codec = CalorimeterCodec.fit(events);
    float[] x = codec.encodeEvents(events);
    float[] y = codec.encodeLabels(codec.conditionsOf(events));
    TransversePrior prior = codec.transversePrior(x, y, cfg);
    double[] core = prior.coreWidth();
    assertTrue(core[core.length - 1] > 1.5 * core[0], "the core widens with depth: " + prior);

    int rows = cfg.rows();
    int cols = cfg.cols();
    int perLayer = rows * cols;
    int layer = 1;
    double[] logits = new double[prior.cells()];
    // mean |measured − predicted| and |measured − impact| of the layer's centroid, in x and in y (cell pitches)
    double[] priorError = new double[2];
    double[] impactError = new double[2];
    for (int k = 0; k < events.size(); k++) {
      prior.logits(y, k * codec.labelDim(), logits);
      double[] measured = new double[3];
      double[] predicted = new double[3];
      for (int i = 0; i < perLayer; i++) {
        double cx = i % cols - (cols - 1) / 2.0;
        double cy = i / cols - (rows - 1) / 2.0;
        double e = events.showersMip()[k * cfg.cells() + layer * perLayer + i];
        double p = Math.exp(logits[layer * perLayer + i]);
        measured[0] += e * cx;
        measured[1] += e * cy;
        measured[2] += e;
        predicted[0] += p * cx;
        predicted[1] += p * cy;
        predicted[2] += p;
      }
      for (int a = 0; a < 2; a++) {
        double m = measured[a] / measured[2];
        priorError[a] += Math.abs(m - predicted[a] / predicted[2]) / events.size();
        impactError[a] += Math.abs(m - y[k * codec.labelDim() + 1 + a]) / events.size();
      }
    }
    for (int a = 0; a < 2; a++) {
      System.out.printf("layer %d centroid %s: mean |measured - prior| %.3f cells, |measured - impact| %.3f%n", layer,
          a == 0 ? "x" : "y", priorError[a], impactError[a]);
      assertTrue(priorError[a] < 0.4 * impactError[a], (a == 0 ? "x" : "y") + ": the prior predicts the measured"
          + " centroid (error " + priorError[a] + " cells) better than the impact point does (" + impactError[a] + ")");
    }
  }
}
