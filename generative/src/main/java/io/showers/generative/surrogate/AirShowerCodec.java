package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.AirShowerPrimaries;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.airshower.ShowerModel;
import io.showers.generative.wgan.CriticFeatures;
import io.showers.generative.wgan.EnergyShareHead;
import io.showers.generative.wgan.GumbelDensity;
import io.showers.generative.wgan.CountingNoise;
import io.showers.generative.wgan.LateralPrior;
import io.showers.generative.wgan.ZeroSuppression;
import java.util.Arrays;
import java.util.Locale;

/**
 * Air-shower preprocessing. Per station two values (both 0 for stations that did not trigger):
 * {@code log10(1 + S/VEM) / 4}, and the arrival time as its residual to the plane front of the
 * labelled axis through the labelled core, {@code t - t_plane} with {@code t_plane = -(r - core)
 * . u / c}, shifted so the event's smallest residual is 0, in µs; then one value for Xmax,
 * {@code (Xmax - 750 g/cm²) / 100}, which the surrogate generates as well. Labels: {@code
 * log10(E / 10 EeV)}, the shower axis, the core in units of 750 m and {@code ln A / ln 56}.
 *
 * <p>Why residuals: arrival times span tens of µs across the array and are fixed by geometry that
 * the labels already give; a generator asked for absolute times must rediscover the plane wave
 * from the axis label, and the first surrogate did not (reconstructed axes 28° off). Residuals
 * leave it the physics of the front: curvature and particle delays, a few hundred ns.
 *
 * <p>Decoding adds the plane front back, applies the detector's own trigger rule (a station whose
 * signal is below the threshold did not trigger: S and T are NaN), so the trigger pattern is
 * always consistent, and re-references times to the earliest triggered station as the schema
 * requires.
 *
 * @param side stations per side
 * @param spacingM station spacing in metres (positions follow {@link ArrayConfig#stationXm})
 */
public record AirShowerCodec(int side, double spacingM) implements EventCodec<AirShowerPrimaries, AirShowerEvents> {
  private static final double LOG_SIGNAL_UNIT = 4.0;
  private static final double RESIDUAL_UNIT_US = 1.0;
  private static final String NAME = "airshower-log-signal-front-residual-xmax";
  private static final double XMAX_PIVOT = 750.0;
  private static final double XMAX_UNIT = 100.0;
  private static final double CORE_UNIT_M = 750.0;
  /** Label column of the core's x (y follows), in units of {@link #CORE_UNIT_M}. */
  private static final int CORE_X_LABEL = 4;
  /** Label column of the axis' x component (y and z follow). */
  private static final int AXIS_LABEL = 1;
  /** Inner edges of the critic's lateral rings, shower-plane distance from the core in m. */
  private static final double[] RING_EDGES_M = {0, 600, 1000, 1500, 2200};
  /** Core radius of the lateral prior's fall-off {@code ln(1 + r / r0)}, the scale of an NKG core region. */
  private static final double LDF_CORE_RADIUS_M = 150.0;
  /** Distance of the lateral distribution's amplitude that an anchored head draws: S(1000). */
  private static final double ANCHOR_M = 1000.0;
  /** Closest shower-plane distance of the stations the counting-noise fit reads, m. */
  private static final double COUNTING_MIN_DISTANCE_M = 300.0;
  /** Largest fitted signal whose residual the counting-noise fit reads, VEM. */
  private static final double COUNTING_MAX_VEM = 400.0;
  /** Decoded signals are capped at 10^5 VEM (far above saturation): 10^(4x) would turn a rare large output into 10^7 VEM. */
  private static final double MAX_LOG_SIGNAL = 5.0;

  /** The codec for an array configuration. */
  public static AirShowerCodec of(ArrayConfig a) {
    return new AirShowerCodec(a.stationsPerSide(), a.spacingM());
  }

  static AirShowerCodec fromJson(JsonNode n) {
    if (!NAME.equals(n.path("codec").asText())) {
      throw new IllegalArgumentException("air-shower preprocessing '" + n.path("codec").asText()
          + "' is not supported (expected " + NAME + "); retrain the model with this version");
    }
    return new AirShowerCodec(n.get("side").asInt(), n.get("spacingM").asDouble());
  }

  /**
   * Plane-front arrival times in µs relative to the core, for every station of shower {@code k}.
   */
  private double[] planeFrontUs(AirShowerPrimaries p, int k) {
    double ux = p.showerAxis()[3 * k];
    double uy = p.showerAxis()[3 * k + 1];
    double uz = p.showerAxis()[3 * k + 2];
    double norm = Math.sqrt(ux * ux + uy * uy + uz * uz);
    double[] t = new double[side * side];
    for (int s = 0; s < t.length; s++) {
      double dx = ArrayConfig.gridCoordinateM(s % side, side, spacingM) - p.showerCoreM()[2 * k];
      double dy = ArrayConfig.gridCoordinateM(s / side, side, spacingM) - p.showerCoreM()[2 * k + 1];
      t[s] = -(dx * ux + dy * uy) / norm / ShowerModel.C_M_PER_NS / 1000.0;
    }
    return t;
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
    AirShowerPrimaries p = conditionsOf(e);
    for (int k = 0; k < e.size(); k++) {
      double[] front = planeFrontUs(p, k);
      double earliest = Double.POSITIVE_INFINITY;
      for (int s = 0; s < st; s++) {
        if (!Float.isNaN(e.signalVem()[k * st + s]) && !Float.isNaN(e.timeUs()[k * st + s])) {
          earliest = Math.min(earliest, e.timeUs()[k * st + s] - front[s]);
        }
      }
      for (int s = 0; s < st; s++) {
        float sig = e.signalVem()[k * st + s];
        float t = e.timeUs()[k * st + s];
        if (!Float.isNaN(sig) && !Float.isNaN(t)) {
          out[k * d + s] = (float) (Math.log10(1 + sig) / LOG_SIGNAL_UNIT);
          out[k * d + st + s] = (float) ((t - front[s] - earliest) / RESIDUAL_UNIT_US);
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
      out[7 * k + AXIS_LABEL] = p.showerAxis()[3 * k];
      out[7 * k + AXIS_LABEL + 1] = p.showerAxis()[3 * k + 1];
      out[7 * k + AXIS_LABEL + 2] = p.showerAxis()[3 * k + 2];
      out[7 * k + CORE_X_LABEL] = (float) (p.showerCoreM()[2 * k] / CORE_UNIT_M);
      out[7 * k + CORE_X_LABEL + 1] = (float) (p.showerCoreM()[2 * k + 1] / CORE_UNIT_M);
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
    if (a.stationsPerSide() != side || a.spacingM() != spacingM) {
      throw new IllegalArgumentException("model trained for a " + side + "×" + side + " array of " + spacingM
          + " m spacing cannot decode for " + a.stationsPerSide() + "×" + a.stationsPerSide() + " at " + a.spacingM() + " m");
    }
    for (int k = 0; k < p.size(); k++) {
      double[] front = planeFrontUs(p, k);
      double earliest = Double.POSITIVE_INFINITY;
      for (int s = 0; s < st; s++) {
        double sig = Math.pow(10, Math.min(MAX_LOG_SIGNAL, model[k * d + s] * LOG_SIGNAL_UNIT)) - 1;
        if (sig >= a.triggerThresholdVem()) {
          double t = model[k * d + st + s] * RESIDUAL_UNIT_US + front[s];
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

  /**
   * The footprint's total signal, which the energy estimate rests on, and its signal-weighted
   * centroid in the core label's unit (750 m), to be compared with the core.
   */
  @Override
  public CriticFeatures criticFeatures(float[] encodedEvents, DetectorConfig config) {
    int st = side * side;
    double[][] xy = stationCoordinates();
    return CriticFeatures.fit(encodedEvents, eventDim(), LOG_SIGNAL_UNIT * Math.log(10),
        new int[][] {{0, st}}, new CriticFeatures.Centroid(0, xy[0], xy[1]));
  }

  /**
   * The footprint as total signal × station shares (one group of all stations); arrival-time
   * residuals and Xmax pass through. The total signal is the array's energy estimator, so it
   * becomes one network output instead of a sum over 196 stations.
   */
  @Override
  public EnergyShareHead outputHead(float[] encodedEvents, DetectorConfig config) {
    return EnergyShareHead.fit(encodedEvents, 1, side * side, side * side + 1, LOG_SIGNAL_UNIT * Math.log(10));
  }

  /**
   * Station shares that start from a lateral distribution around each event's labelled core in
   * the shower plane, {@code −β ln(1 + r / 150 m)}, with β linear in {@code sec θ − 1} and {@code
   * log10(E / 10 EeV)} fitted to the training footprints, so the network corrects a footprint
   * already centred where the labels put it, with the slope its age at the ground gives.
   */
  @Override
  public LateralPrior lateralPrior(float[] encodedEvents, float[] encodedLabels, DetectorConfig config) {
    double[][] xy = stationCoordinates();
    return LateralPrior.fit(signals(encodedEvents), encodedLabels, labelDim(), xy[0], xy[1], CORE_X_LABEL, CORE_X_LABEL + 1, AXIS_LABEL,
        LDF_CORE_RADIUS_M / CORE_UNIT_M, 0);
  }

  /**
   * The stations' counting noise fitted to the training footprints ({@link CountingNoise#fit}): stations at least
   * {@value #COUNTING_MIN_DISTANCE_M} m from the axis (nearer, the lateral distribution bends away from a parabola in
   * {@code ln r}), fitted signals from five times the trigger threshold (which would cut the low side of their
   * fluctuations) to {@value #COUNTING_MAX_VEM} VEM (beyond, the few stations next to the core, where the lateral
   * distribution steepens into its core and large signals saturate the trace).
   */
  @Override
  public CountingNoise countingNoise(float[] encodedEvents, float[] encodedLabels, DetectorConfig config) {
    double minVem = 5 * ((ArrayConfig) config).triggerThresholdVem();
    if (!(minVem > 0 && minVem < COUNTING_MAX_VEM / 2)) {
      throw new IllegalArgumentException("a counting-noise fit reads stations from five times the trigger threshold"
          + " to " + COUNTING_MAX_VEM + " VEM; a threshold of " + ((ArrayConfig) config).triggerThresholdVem()
          + " VEM leaves no such window");
    }
    int st = side * side;
    int n = encodedEvents.length / eventDim();
    double[][] xy = stationCoordinates();
    double[] r = new double[n * st];
    double[] scratch = new double[st];
    for (int k = 0; k < n; k++) {
      LateralPrior.showerPlaneDistances(xy[0], xy[1], encodedLabels, k * labelDim(), CORE_X_LABEL, CORE_X_LABEL + 1,
          AXIS_LABEL, scratch);
      System.arraycopy(scratch, 0, r, k * st, st);
    }
    return CountingNoise.fit(signals(encodedEvents), r, st, COUNTING_MIN_DISTANCE_M / CORE_UNIT_M,
        ANCHOR_M / CORE_UNIT_M, minVem, COUNTING_MAX_VEM);
  }

  /** The station signals in VEM (0 where not triggered) of encoded events, {@code n × stations}. */
  private double[] signals(float[] encodedEvents) {
    int st = side * side;
    int d = eventDim();
    int n = encodedEvents.length / d;
    double logScale = LOG_SIGNAL_UNIT * Math.log(10);
    double[] signals = new double[n * st];
    for (int k = 0; k < n; k++) {
      for (int s = 0; s < st; s++) {
        signals[k * st + s] = Math.expm1(Math.max(0, encodedEvents[k * d + s]) * logScale);
      }
    }
    return signals;
  }

  /**
   * Xmax, drawn from a generalised Gumbel density of the labels, bounded by the vertical depth of the
   * deepest training maximum: {@code Xmax · cos θ} (the axis label's z component is cos θ).
   */
  @Override
  public LeadingValue leadingValue() {
    return new LeadingValue("Xmax", 2 * side * side,
        new GumbelDensity.Ceiling(AXIS_LABEL + 2, XMAX_PIVOT, XMAX_UNIT, Double.NaN));
  }

  /** 1000 m: S(1000), the signal the energy is estimated from (see {@code AirShowerObservables}). */
  @Override
  public double anchorDistance() {
    return ANCHOR_M / CORE_UNIT_M;
  }

  /**
   * Rings of shower-plane distance from the labelled core: 0–600 m (always holds the station
   * nearest the core, at most 530 m away on the 750 m grid), 600–1000 m (around S(1000)),
   * 1–1.5 km, 1.5–2.2 km and beyond.
   */
  @Override
  public CriticFeatures.Rings lateralRings() {
    double[][] xy = stationCoordinates();
    double[] edges = Arrays.stream(RING_EDGES_M).map(e -> e / CORE_UNIT_M).toArray();
    return CriticFeatures.Rings.unfitted(0, xy[0], xy[1], CORE_X_LABEL, CORE_X_LABEL + 1, AXIS_LABEL, edges);
  }


  /** Station ground coordinates in the core label's unit (750 m): {x[], y[]}. */
  private double[][] stationCoordinates() {
    int st = side * side;
    double[] x = new double[st];
    double[] y = new double[st];
    for (int s = 0; s < st; s++) {
      x[s] = ArrayConfig.gridCoordinateM(s % side, side, spacingM) / CORE_UNIT_M;
      y[s] = ArrayConfig.gridCoordinateM(s / side, side, spacingM) / CORE_UNIT_M;
    }
    return new double[][] {x, y};
  }

  /**
   * The station trigger in training: a station under the threshold (in VEM, absolute: no label
   * scales it) loses its signal and its arrival-time residual, as decoding drops both. Without it
   * the critic saw a continuum of raw outputs between "no station" and 3 VEM that decoding later
   * split, and the outer ring of 3–10 VEM stations came out thin (49.5 triggered stations per
   * event against the simulator's 67.8).
   */
  @Override
  public ZeroSuppression zeroSuppression(DetectorConfig config) {
    int st = side * side;
    return new ZeroSuppression(LOG_SIGNAL_UNIT * Math.log(10), ((ArrayConfig) config).triggerThresholdVem(), st, -1,
        GRADIENT_FLOOR, st);
  }

  /** The trigger threshold in VEM, less {@link #AMOUNT_FLOOR_MARGIN} of it. */
  @Override
  public double[] amountFloor(AirShowerPrimaries p, DetectorConfig config) {
    double[] floor = new double[p.size()];
    Arrays.fill(floor, ((ArrayConfig) config).triggerThresholdVem() * (1 - AMOUNT_FLOOR_MARGIN));
    return floor;
  }

  @Override
  public JsonNode toJson() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("codec", NAME);
    n.put("side", side);
    n.put("spacingM", spacingM);
    n.put("logSignalUnit", LOG_SIGNAL_UNIT);
    n.put("timeResidualUnitUs", RESIDUAL_UNIT_US);
    n.put("xmaxPivotGcm2", XMAX_PIVOT);
    n.put("xmaxUnitGcm2", XMAX_UNIT);
    n.put("coreUnitM", CORE_UNIT_M);
    return n;
  }
}
