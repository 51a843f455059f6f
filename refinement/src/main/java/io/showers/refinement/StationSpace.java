package io.showers.refinement;

import io.showers.detector.airshower.AirShowerEvents;

/**
 * Model space of a ground-array footprint: per event {@code stations} signal values
 * {@code u = log10(1 + S/VEM) / 4}, then {@code stations} times in µs (both 0 for a station that did
 * not trigger). No labels: the refiner and its critic cannot read them.
 */
final class StationSpace {
  /** Decades of signal per model unit. */
  static final double LOG_SIGNAL_UNIT = 4.0;

  private StationSpace() {}

  static float encodeSignal(double vem) {
    return (float) (Math.log10(1 + vem) / LOG_SIGNAL_UNIT);
  }

  static double decodeSignal(double u) {
    return Math.pow(10, u * LOG_SIGNAL_UNIT) - 1;
  }

  /** The model-space vectors of all events, {@code 2 · stations} values each. */
  static float[] encode(AirShowerEvents e) {
    int st = e.side() * e.side();
    float[] out = new float[e.size() * 2 * st];
    for (int k = 0; k < e.size(); k++) {
      for (int s = 0; s < st; s++) {
        float sig = e.signalVem()[k * st + s];
        float t = e.timeUs()[k * st + s];
        if (!Float.isNaN(sig) && !Float.isNaN(t)) {
          out[k * 2 * st + s] = encodeSignal(sig);
          out[k * 2 * st + st + s] = t;
        }
      }
    }
    return out;
  }
}
