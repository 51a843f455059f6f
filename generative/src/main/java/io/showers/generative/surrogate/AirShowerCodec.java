package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.AirShowerPrimaries;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.generative.wgan.CriticFeatures;
import java.util.Locale;

/**
 * Air-shower preprocessing. Per station two values: {@code log10(1 + S/VEM) / 4} and the arrival
 * time in units of 10 µs (both 0 for stations that did not trigger), then one value for Xmax,
 * {@code (Xmax − 750 g/cm²) / 100}, which the surrogate generates as well. Labels: {@code
 * log10(E / 10 EeV)}, the shower axis, the core in units of 750 m and {@code ln A / ln 56}.
 *
 * <p>Decoding applies the detector's own trigger rule (a station whose signal is below the
 * threshold did not trigger: S and T are NaN), so the trigger pattern is always consistent, and
 * re-references times to the earliest triggered station as the schema requires.
 *
 * @param side stations per side
 */
public record AirShowerCodec(int side) implements EventCodec<AirShowerPrimaries, AirShowerEvents> {
  private static final double LOG_SIGNAL_UNIT = 4.0;
  private static final double TIME_UNIT_US = 10.0;
  private static final double XMAX_PIVOT = 750.0;
  private static final double XMAX_UNIT = 100.0;
  private static final double CORE_UNIT_M = 750.0;
  /** Decoded signals are capped at 10^5 VEM (far above saturation): 10^(4x) would turn a rare large output into 10^7 VEM. */
  private static final double MAX_LOG_SIGNAL = 5.0;

  static AirShowerCodec fromJson(JsonNode n) {
    return new AirShowerCodec(n.get("side").asInt());
  }

  @Override
  public Detector detector() {
    return Detector.AIRSHOWER;
  }

  @Override
  public int eventDim() {
    return 2 * side * side + 1;
  }

  @Override
  public int labelDim() {
    return 7;
  }

  @Override
  public float[] encodeEvents(AirShowerEvents e) {
    int st = side * side;
    int d = eventDim();
    float[] out = new float[e.size() * d];
    for (int k = 0; k < e.size(); k++) {
      for (int s = 0; s < st; s++) {
        float sig = e.signalVem()[k * st + s];
        float t = e.timeUs()[k * st + s];
        if (!Float.isNaN(sig) && !Float.isNaN(t)) {
          out[k * d + s] = (float) (Math.log10(1 + sig) / LOG_SIGNAL_UNIT);
          out[k * d + st + s] = (float) (t / TIME_UNIT_US);
        }
      }
      out[k * d + 2 * st] = (float) ((e.xmaxGcm2()[k] - XMAX_PIVOT) / XMAX_UNIT);
    }
    return out;
  }

  @Override
  public float[] encodeLabels(AirShowerPrimaries p) {
    float[] out = new float[7 * p.size()];
    for (int k = 0; k < p.size(); k++) {
      out[7 * k] = (float) Math.log10(p.energyEeV()[k] / 10.0);
      out[7 * k + 1] = p.showerAxis()[3 * k];
      out[7 * k + 2] = p.showerAxis()[3 * k + 1];
      out[7 * k + 3] = p.showerAxis()[3 * k + 2];
      out[7 * k + 4] = (float) (p.showerCoreM()[2 * k] / CORE_UNIT_M);
      out[7 * k + 5] = (float) (p.showerCoreM()[2 * k + 1] / CORE_UNIT_M);
      out[7 * k + 6] = (float) (Math.log(p.massA()[k]) / Math.log(56));
    }
    return out;
  }

  @Override
  public AirShowerPrimaries conditionsOf(AirShowerEvents e) {
    return new AirShowerPrimaries(e.size(), e.energyEeV(), e.showerAxis(), e.showerCoreM(), e.massA());
  }

  @Override
  public AirShowerEvents decode(float[] model, AirShowerPrimaries p, DetectorConfig config) {
    ArrayConfig a = (ArrayConfig) config;
    int st = side * side;
    int d = eventDim();
    AirShowerEvents out = AirShowerEvents.allocate(p.size(), side, a.traceBins(), false);
    for (int k = 0; k < p.size(); k++) {
      double earliest = Double.POSITIVE_INFINITY;
      for (int s = 0; s < st; s++) {
        double sig = Math.pow(10, Math.min(MAX_LOG_SIGNAL, model[k * d + s] * LOG_SIGNAL_UNIT)) - 1;
        if (sig >= a.triggerThresholdVem()) {
          double t = model[k * d + st + s] * TIME_UNIT_US;
          out.signalVem()[k * st + s] = (float) sig;
          out.timeUs()[k * st + s] = (float) t;
          earliest = Math.min(earliest, t);
        }
      }
      for (int s = 0; s < st; s++) {
        if (!Float.isNaN(out.timeUs()[k * st + s])) {
          out.timeUs()[k * st + s] -= (float) earliest;
        }
      }
      out.xmaxGcm2()[k] = (float) (XMAX_PIVOT + XMAX_UNIT * model[k * d + 2 * st]);
    }
    System.arraycopy(p.energyEeV(), 0, out.energyEeV(), 0, p.size());
    System.arraycopy(p.showerAxis(), 0, out.showerAxis(), 0, 3 * p.size());
    System.arraycopy(p.showerCoreM(), 0, out.showerCoreM(), 0, 2 * p.size());
    System.arraycopy(p.massA(), 0, out.massA(), 0, p.size());
    return out;
  }

  @Override
  public LabelRange trainedRange(AirShowerPrimaries p) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    double r = 0;
    double zen = 0;
    for (int k = 0; k < p.size(); k++) {
      lo = Math.min(lo, p.energyEeV()[k]);
      hi = Math.max(hi, p.energyEeV()[k]);
      r = Math.max(r, Math.hypot(p.showerCoreM()[2 * k], p.showerCoreM()[2 * k + 1]));
      zen = Math.max(zen, Math.toDegrees(p.zenithRad(k)));
    }
    return new LabelRange(lo, hi, r, zen);
  }

  @Override
  public void checkInside(AirShowerPrimaries p, LabelRange range) {
    for (int k = 0; k < p.size(); k++) {
      double e = p.energyEeV()[k];
      LabelRange.require(e >= range.energyMin() * 0.999 && e <= range.energyMax() * 1.001,
          String.format(Locale.ROOT, "energy %.4g EeV is outside the trained range %.4g-%.4g EeV", e,
              range.energyMin(), range.energyMax()));
      double zen = Math.toDegrees(p.zenithRad(k));
      LabelRange.require(zen <= range.zenithMaxDeg() + 0.5,
          String.format(Locale.ROOT, "zenith %.1f deg is beyond the trained %.1f deg", zen, range.zenithMaxDeg()));
      double r = Math.hypot(p.showerCoreM()[2 * k], p.showerCoreM()[2 * k + 1]);
      LabelRange.require(r <= range.radialMax() * 1.02 + 1,
          String.format(Locale.ROOT, "core at %.0f m from the centre is beyond the trained %.0f m", r, range.radialMax()));
    }
  }

  /** The footprint's total signal, which the energy estimate rests on. */
  @Override
  public CriticFeatures criticFeatures(float[] encodedEvents, DetectorConfig config) {
    return CriticFeatures.fit(encodedEvents, eventDim(), LOG_SIGNAL_UNIT * Math.log(10),
        new int[][] {{0, side * side}});
  }

  @Override
  public JsonNode toJson() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("codec", "airshower-log-signal-time-xmax");
    n.put("side", side);
    n.put("logSignalUnit", LOG_SIGNAL_UNIT);
    n.put("timeUnitUs", TIME_UNIT_US);
    n.put("xmaxPivotGcm2", XMAX_PIVOT);
    n.put("xmaxUnitGcm2", XMAX_UNIT);
    n.put("coreUnitM", CORE_UNIT_M);
    return n;
  }
}
