package io.showers.detector.airshower;

import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.detector.Seeds;
import io.showers.detector.ShowerGenerator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.hipparchus.util.FastMath;

/**
 * The air-shower reference simulator of the ground array ({@link ShowerModel} for the physics).
 * Event k depends only on its labels and {@code Seeds.event(seed, firstEventIndex + k)}; the
 * shower-level draws (Xmax, muon fluctuation) come first and are the same in both modes, so a
 * reference and a fast production with one seed describe the same showers.
 *
 * <p>Per station: expected muon and EM signals from the shower-plane distance r; the station
 * response ({@link ReferenceStationResponse} or {@link FastStationResponse}) gives the measured
 * S and the first-particle delay; S below the array's trigger threshold, no particle at all or a
 * dead station: S and T are NaN. T = front time (plane or sphere) + first delay + Gaussian jitter,
 * then relative to the earliest triggered station, in µs.
 */
public final class AirShowerSimulator implements ShowerGenerator<AirShowerPrimaries, AirShowerEvents> {

  /** Version of the model, written to files; change it when the physics changes. */
  public static final String MODEL_VERSION = "1.0";

  /** {@code reference}: every particle and the trace; {@code fast}: statistical shortcuts, no trace. */
  public enum Mode {
    REFERENCE,
    FAST;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Mode parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "reference" -> REFERENCE;
        case "fast" -> FAST;
        default -> throw new IllegalArgumentException(
            "unknown mode '" + text + "'; expected reference or fast");
      };
    }
  }

  /**
   * How the events are produced (the producer's business; the array is the detector's).
   *
   * @param mode reference (faithful, traces) or fast (shortcuts, no traces)
   * @param realism {@link RealismProfile#sim()} (default) or {@link RealismProfile#data()}
   * @param traces write the (N, side, side, bins) traces; reference mode only
   * @param curvedFront a spherical front centred on the axis instead of a plane
   */
  public record Options(Mode mode, RealismProfile realism, boolean traces, boolean curvedFront) {
    public Options {
      if (mode == null || realism == null) {
        throw new IllegalArgumentException("air-shower simulator: mode and realism must be given");
      }
      if (traces && mode == Mode.FAST) {
        throw new IllegalArgumentException(
            "traces need mode reference; the fast mode does not build traces");
      }
    }

    /** Reference mode, sim profile, no traces, plane front. */
    public static Options defaults() {
      return new Options(Mode.REFERENCE, RealismProfile.sim(), false, false);
    }

    public static Options fast() {
      return new Options(Mode.FAST, RealismProfile.sim(), false, false);
    }

    public Options withMode(Mode m) {
      return new Options(m, realism, traces && m == Mode.REFERENCE, curvedFront);
    }

    public Options withRealism(RealismProfile r) {
      return new Options(mode, r, traces, curvedFront);
    }

    public Options withTraces(boolean t) {
      return new Options(mode, realism, t, curvedFront);
    }

    public Options withCurvedFront(boolean c) {
      return new Options(mode, realism, traces, c);
    }
  }

  private final ArrayConfig array;
  private final Options options;
  private final ShowerModel model;
  private final TankGeometry tank;
  private final boolean[] dead;
  private final double[] stationX;
  private final double[] stationY;

  public AirShowerSimulator(ArrayConfig array, Options options) {
    array.validate();
    this.array = array;
    this.options = options;
    this.model = new ShowerModel(array.altitudeM());
    this.tank = new TankGeometry(array.tankAreaM2(), array.tankHeightM());
    int side = array.stationsPerSide();
    this.dead = options.realism().deadStations(side * side);
    this.stationX = new double[side * side];
    this.stationY = new double[side * side];
    for (int i = 0; i < side * side; i++) {
      stationX[i] = array.stationXm(i);
      stationY[i] = array.stationYm(i);
    }
    // build the pulse tables now, not in the first worker thread
    PulseResponse.of(ShowerModel.DELAY_SIGMA, options.realism().pmtDecayNs(), array.traceBins(),
        array.traceBinNs(), ShowerModel.TRACE_PRE_NS);
  }

  public ArrayConfig array() {
    return array;
  }

  public Options options() {
    return options;
  }

  /** Stations that never report under this realism profile (row-major index). */
  public boolean[] deadStations() {
    return dead.clone();
  }

  @Override
  public DetectorConfig detector() {
    return array;
  }

  @Override
  public String producer() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "showers-airshower-" + options.mode().id());
    m.put("modelVersion", MODEL_VERSION);
    m.put("mode", options.mode().id());
    m.put("realism", options.realism());
    m.put("traces", options.traces());
    m.put("curvedFront", options.curvedFront());
    if (options.mode() == Mode.FAST) {
      m.put("gaussianAbove", FastStationResponse.GAUSSIAN_ABOVE);
    }
    m.put("model", ShowerModel.describe());
    return Json.write(m);
  }

  private StationResponse newResponse() {
    return options.mode() == Mode.REFERENCE
        ? new ReferenceStationResponse(array, options.realism(), tank)
        : new FastStationResponse(array, options.realism(), tank);
  }

  @Override
  public AirShowerEvents generate(AirShowerPrimaries conditions, long seed, long firstEventIndex) {
    int n = conditions.size();
    int side = array.stationsPerSide();
    int stations = side * side;
    int bins = array.traceBins();
    AirShowerEvents ev = AirShowerEvents.allocate(n, side, bins, options.traces());
    StationResponse response = newResponse();
    StationResponse.Station st = new StationResponse.Station(bins);
    double[] timeNs = new double[stations];
    double threshold = array.triggerThresholdVem();
    double jitterNs = options.realism().timeJitterNs();
    double muonScale = options.realism().muonScale();
    double c = ShowerModel.C_M_PER_NS;
    for (int k = 0; k < n; k++) {
      RandomDraws draws = new RandomDraws(Seeds.rng(Seeds.event(seed, firstEventIndex + k)));
      ShowerModel.Shower s = model.shower(conditions, k, draws, muonScale);
      ev.energyEeV()[k] = conditions.energyEeV()[k];
      System.arraycopy(conditions.showerAxis(), 3 * k, ev.showerAxis(), 3 * k, 3);
      System.arraycopy(conditions.showerCoreM(), 2 * k, ev.showerCoreM(), 2 * k, 2);
      ev.massA()[k] = conditions.massA()[k];
      ev.xmaxGcm2()[k] = (float) s.xmax;
      st.cosZenith = s.cosZenith;
      st.sinZenith = s.sinZenith;
      st.zenithRad = s.zenithRad;
      double muonVemPerMuon = tank.meanMuonVem(s.cosZenith, s.sinZenith);
      double earliest = Double.POSITIVE_INFINITY;
      int base = k * stations;
      for (int i = 0; i < stations; i++) {
        timeNs[i] = Double.NaN;
        if (dead[i]) {
          continue;
        }
        double dx = stationX[i] - s.coreX;
        double dy = stationY[i] - s.coreY;
        double along = dx * s.ux + dy * s.uy;
        double r2 = FastMath.max(0, dx * dx + dy * dy - along * along);
        double lnLat = ShowerModel.lnLateral(r2);
        double sMu = s.muonVem1000 * FastMath.exp(-0.5 * s.muonSlope * lnLat);
        double sEm = s.emVem1000 * FastMath.exp(-0.5 * s.emSlope * lnLat);
        st.muonMean = sMu / muonVemPerMuon;
        st.emMean = sEm / ShowerModel.EM_DEPOSIT_VEM;
        double radial = r2 > 0
            ? FastMath.exp(0.5 * ShowerModel.DELAY_RADIAL_INDEX
                * FastMath.log(r2 / (ShowerModel.DELAY_RADIUS_M * ShowerModel.DELAY_RADIUS_M)))
            : 0;
        st.lnMuonMedianNs = FastMath.log(ShowerModel.MUON_DELAY_BASE_NS + s.muonDelayScaleNs * radial);
        st.lnEmMedianNs = FastMath.log(ShowerModel.EM_DELAY_BASE_NS + s.emDelayScaleNs * radial);
        response.simulate(st, draws);
        if (st.particles == 0 || !(st.signalVem >= threshold)) {
          continue;
        }
        double front;
        if (options.curvedFront()) {
          double rc = s.curvatureRadiusM;
          double h = rc - along;
          front = (FastMath.sqrt(r2 + h * h) - rc) / c;
        } else {
          front = -along / c;
        }
        double t = front + st.firstDelayNs + jitterNs * draws.normal();
        timeNs[i] = t;
        earliest = FastMath.min(earliest, t);
        ev.signalVem()[base + i] = (float) st.signalVem;
        if (options.traces()) {
          int off = (base + i) * bins;
          for (int b = 0; b < bins; b++) {
            ev.tracesVem()[off + b] = (float) st.trace[b];
          }
        }
      }
      for (int i = 0; i < stations; i++) {
        if (!Double.isNaN(timeNs[i])) {
          ev.timeUs()[base + i] = (float) ((timeNs[i] - earliest) / 1000.0);
        }
      }
    }
    return ev;
  }
}
