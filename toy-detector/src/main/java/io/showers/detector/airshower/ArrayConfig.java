package io.showers.detector.airshower;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;

/**
 * A square ground array of water-Cherenkov stations (defaults after the textbook's 14×14 toy
 * array of Auger-like tanks).
 *
 * <p>Coordinates: x east, y north, z up, origin at the array centre on the ground. Station
 * (row i, column j), the index order of the (side, side) arrays, stands at
 * {@code x = (j − (side − 1)/2) · spacing}, {@code y = (i − (side − 1)/2) · spacing}; for the
 * default even side the centre falls between the four central stations. Shower axes point
 * from the ground to the source: (sin θ cos φ, sin θ sin φ, cos θ).
 *
 * @param stationsPerSide stations along each side of the square grid
 * @param spacingM distance between neighbouring stations, metres
 * @param altitudeM array altitude above sea level, metres (1400 m is about 880 g/cm² vertical)
 * @param tankAreaM2 top area of one water tank, m²
 * @param tankHeightM water height of one tank, metres (a vertical muon crosses it: 1 VEM)
 * @param traceBins number of time bins of a station trace
 * @param traceBinNs width of one trace bin, nanoseconds
 * @param triggerThresholdVem a station with integrated signal below this did not trigger, VEM
 * @param saturationVemPerBin the PMT/ADC ceiling of one trace bin, VEM per bin
 */
public record ArrayConfig(
    int stationsPerSide,
    double spacingM,
    double altitudeM,
    double tankAreaM2,
    double tankHeightM,
    int traceBins,
    double traceBinNs,
    double triggerThresholdVem,
    double saturationVemPerBin)
    implements DetectorConfig {

  /** The default 14×14 array, 750 m spacing, 1400 m a.s.l., 80 × 25 ns traces, 3 VEM trigger. */
  public static ArrayConfig defaults() {
    return new ArrayConfig(14, 750.0, 1400.0, 10.0, 1.2, 80, 25.0, 3.0, 400.0);
  }

  @Override
  @JsonIgnore
  public Detector kind() {
    return Detector.AIRSHOWER;
  }

  /** Number of stations, stationsPerSide². */
  @JsonIgnore
  public int stations() {
    return stationsPerSide * stationsPerSide;
  }

  /** Ground x of station {@code i} (row-major: i = row · side + column) in metres from the array centre. */
  public double stationXm(int i) {
    return gridCoordinateM(i % stationsPerSide, stationsPerSide, spacingM);
  }

  /** Ground y of station {@code i} in metres from the array centre. */
  public double stationYm(int i) {
    return gridCoordinateM(i / stationsPerSide, stationsPerSide, spacingM);
  }

  /** Coordinate in metres of grid column (or row) {@code index} of a centred square grid. */
  public static double gridCoordinateM(int index, int side, double spacingM) {
    return (index - (side - 1) / 2.0) * spacingM;
  }

  @Override
  public void validate() {
    require(stationsPerSide >= 2 && stationsPerSide <= 200, "stationsPerSide", stationsPerSide, "2..200");
    require(spacingM > 0 && spacingM <= 10_000, "spacingM", spacingM, "(0, 10000] m");
    require(altitudeM >= 0 && altitudeM <= 6000, "altitudeM", altitudeM, "[0, 6000] m");
    require(tankAreaM2 > 0, "tankAreaM2", tankAreaM2, "> 0 m²");
    require(tankHeightM > 0, "tankHeightM", tankHeightM, "> 0 m");
    require(traceBins >= 1 && traceBins <= 4096, "traceBins", traceBins, "1..4096");
    require(traceBinNs > 0, "traceBinNs", traceBinNs, "> 0 ns");
    require(triggerThresholdVem >= 0, "triggerThresholdVem", triggerThresholdVem, ">= 0 VEM");
    require(saturationVemPerBin > 0, "saturationVemPerBin", saturationVemPerBin, "> 0 VEM");
  }

  private static void require(boolean ok, String name, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(
          "air-shower array: " + name + " = " + value + " is invalid; expected " + expected);
    }
  }
}
