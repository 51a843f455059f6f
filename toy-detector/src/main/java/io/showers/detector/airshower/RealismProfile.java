package io.showers.detector.airshower;

import io.showers.detector.Seeds;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Detector and physics settings that differ between "simulation" and "measured data". The
 * {@code data} profile is the hidden truth a sim→data refiner has to learn; every value is
 * documented here, in one place.
 *
 * <table>
 *   <caption>profiles</caption>
 *   <tr><th>parameter</th><th>sim</th><th>data</th><th>why</th></tr>
 *   <tr><td>muonScale</td><td>1.0</td><td>1.3</td><td>the "muon puzzle": observatories see 20–40% more muons than
 *       hadronic models predict</td></tr>
 *   <tr><td>pmtDecayNs</td><td>60</td><td>75</td><td>decay time of the photomultiplier pulse (light
 *       absorption in the water, electronics bandwidth)</td></tr>
 *   <tr><td>timeJitterNs</td><td>10</td><td>16</td><td>Gaussian spread of the station time stamp (GPS, trigger)</td></tr>
 *   <tr><td>vemCalibration</td><td>1.0</td><td>0.96</td><td>signal read out per true VEM: the calibration
 *       misjudges the VEM charge by −4%</td></tr>
 *   <tr><td>baselineNoiseVemPerBin</td><td>0.02</td><td>0.08</td><td>Gaussian noise per 25 ns trace bin, VEM</td></tr>
 *   <tr><td>deadStationFraction</td><td>0</td><td>0.02</td><td>fraction of stations that never report
 *       (4 of 196), always the same ones (chosen with a fixed seed)</td></tr>
 * </table>
 *
 * @param name profile name written to files ({@code sim}, {@code data} or a custom name)
 * @param muonScale multiplies the muon number of every shower
 * @param pmtDecayNs exponential decay time of the PMT pulse of one particle, ns
 * @param timeJitterNs standard deviation of the electronic time jitter, ns
 * @param vemCalibration measured signal per true VEM
 * @param baselineNoiseVemPerBin standard deviation of the baseline noise per trace bin, VEM
 * @param deadStationFraction fraction of the stations that are dead, 0 … 0.5
 */
public record RealismProfile(
    String name,
    double muonScale,
    double pmtDecayNs,
    double timeJitterNs,
    double vemCalibration,
    double baselineNoiseVemPerBin,
    double deadStationFraction) {

  /** Seed of the fixed choice of dead stations (the same stations in every file). */
  public static final long DEAD_STATION_SEED = 0x44454144L; // "DEAD"

  public RealismProfile {
    check(muonScale > 0 && muonScale <= 10, "muonScale", muonScale, "(0, 10]");
    check(pmtDecayNs > 0 && pmtDecayNs <= 1000, "pmtDecayNs", pmtDecayNs, "(0, 1000] ns");
    check(timeJitterNs >= 0 && timeJitterNs <= 1000, "timeJitterNs", timeJitterNs, "[0, 1000] ns");
    check(vemCalibration > 0 && vemCalibration <= 10, "vemCalibration", vemCalibration, "(0, 10]");
    check(baselineNoiseVemPerBin >= 0 && baselineNoiseVemPerBin <= 100,
        "baselineNoiseVemPerBin", baselineNoiseVemPerBin, "[0, 100] VEM");
    check(deadStationFraction >= 0 && deadStationFraction <= 0.5,
        "deadStationFraction", deadStationFraction, "[0, 0.5]");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("realism profile needs a name");
    }
  }

  private static void check(boolean ok, String what, double v, String range) {
    if (!ok) {
      throw new IllegalArgumentException(
          "realism profile: " + what + " = " + v + " is invalid; expected " + range);
    }
  }

  /** The simulation as designed. */
  public static RealismProfile sim() {
    return new RealismProfile("sim", 1.0, 60.0, 10.0, 1.0, 0.02, 0.0);
  }

  /** "Measured data": muon excess ×1.3, slower PMT, more jitter, −4% calibration, more noise, 2% dead stations. */
  public static RealismProfile data() {
    return new RealismProfile("data", 1.3, 75.0, 16.0, 0.96, 0.08, 0.02);
  }

  /** Parses {@code sim} or {@code data}. */
  public static RealismProfile parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "sim" -> sim();
      case "data" -> data();
      default -> throw new IllegalArgumentException(
          "unknown realism profile '" + name + "'; expected sim or data");
    };
  }

  /** The same profile with another muon scale (e.g. a muon excess other than 1.3). */
  public RealismProfile withMuonScale(double scale) {
    return new RealismProfile(name, scale, pmtDecayNs, timeJitterNs, vemCalibration,
        baselineNoiseVemPerBin, deadStationFraction);
  }

  /**
   * Which stations of an array with {@code stations} stations are dead: round(fraction ·
   * stations) of them, chosen by a partial Fisher–Yates shuffle with a fixed seed.
   */
  public boolean[] deadStations(int stations) {
    boolean[] dead = new boolean[stations];
    int k = (int) Math.round(deadStationFraction * stations);
    if (k == 0) {
      return dead;
    }
    int[] idx = new int[stations];
    for (int i = 0; i < stations; i++) {
      idx[i] = i;
    }
    UniformRandomProvider rng = io.showers.detector.Seeds.rng(Seeds.derive(DEAD_STATION_SEED, stations));
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(stations - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      dead[idx[i]] = true;
    }
    return dead;
  }
}
