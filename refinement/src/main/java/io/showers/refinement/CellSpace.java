package io.showers.refinement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.Json;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;

/**
 * Model space of calorimeter showers for refinement: every cell {@code y = log(1 + E/MIP) / logScale},
 * with {@code logScale} the log of 1 + the largest simulated cell. Unlike the surrogates' codec it
 * reads no label: the codec scales cells to a 50 GeV shower by the incident energy, which would put the
 * detector's 2 MIP threshold at a different model value for every energy (10 MIP-equivalents at 10 GeV,
 * 1.1 at 90 GeV) and let the data's true energy into training. Detector effects (response, cross-talk,
 * noise, thresholds) act on MIP values, whatever the shower's energy, and so does the refiner.
 *
 * @param logScale divisor of the log cell energy
 * @param particlePdg the particle the refiner was trained on
 */
record CellSpace(double logScale, int particlePdg) {
  /** The largest value decoded: 5 % above the largest simulated cell, in model units. */
  static final double MAX_VALUE = 1.05;

  CellSpace {
    if (!(logScale > 0) || Double.isInfinite(logScale)) {
      throw new IllegalArgumentException("cell log scale must be positive and finite, got " + logScale);
    }
  }

  /** Fitted to simulated showers of one particle. */
  static CellSpace fit(CalorimeterEvents events) {
    double max = 1;
    for (float v : events.showersMip()) {
      max = Math.max(max, v);
    }
    CellSpace space = new CellSpace(Math.log1p(max), events.particlePdg()[0]);
    space.requireParticle(events, "simulated events");
    return space;
  }

  /**
   * @param what the events, for the message
   * @throws IllegalArgumentException if an event's particle is not this space's (one refiner per particle)
   */
  void requireParticle(CalorimeterEvents events, String what) {
    for (int p : events.particlePdg()) {
      if (p != particlePdg) {
        throw new IllegalArgumentException(what + ": particle " + p + " differs from " + particlePdg
            + "; train one refiner per particle");
      }
    }
  }

  /** The detector's zero-suppression threshold in model space. */
  float threshold(CalorimeterConfig config) {
    return (float) (Math.log1p(config.thresholdMip()) / logScale);
  }

  float[] encode(CalorimeterEvents e) {
    float[] mip = e.showersMip();
    float[] out = new float[mip.length];
    for (int i = 0; i < mip.length; i++) {
      out[i] = (float) (Math.log1p(Math.max(0, mip[i])) / logScale);
    }
    return out;
  }

  /**
   * Physical showers of model-space values, labels copied from {@code like}: a value at or above the
   * model-space threshold reads at least the threshold (the log round trip may fall a hair under it),
   * anything below reads 0; values above {@link #MAX_VALUE} read as {@code MAX_VALUE}.
   */
  CalorimeterEvents decode(float[] y, CalorimeterEvents like, CalorimeterConfig config) {
    float[] cells = new float[y.length];
    float thresholdMip = (float) config.thresholdMip();
    float threshold = threshold(config);
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= threshold) {
        // capped 5 % above the largest simulated cell in log space: a rare large correction must not
        // become an unphysical cell of 10^5 MIP (or infinity)
        cells[i] = Math.max(thresholdMip, (float) Math.expm1(Math.min(y[i], MAX_VALUE) * logScale));
      }
    }
    return new CalorimeterEvents(like.size(), config.layers(), config.rows(), config.cols(), cells,
        like.incidentEnergyGeV().clone(), like.impactMm().clone(), like.particlePdg().clone());
  }

  ObjectNode toJson() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("encoding", "log(1 + E/MIP) / logScale");
    n.put("logScale", logScale);
    n.put("particlePdg", particlePdg);
    return n;
  }

  static CellSpace fromJson(JsonNode n) {
    if (n == null || !n.hasNonNull("logScale") || !n.hasNonNull("particlePdg")) {
      throw new IllegalArgumentException("missing cell space (logScale, particlePdg)");
    }
    return new CellSpace(n.get("logScale").asDouble(), n.get("particlePdg").asInt());
  }
}
