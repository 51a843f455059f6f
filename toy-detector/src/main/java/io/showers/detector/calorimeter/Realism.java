package io.showers.detector.calorimeter;

import java.util.Locale;

/**
 * Detector-response profile of the sensor readout. {@code SIM} is the ideal response the
 * simulation assumes; {@code DATA} is the "measured data" stand-in a refiner must learn to reach:
 * <ul>
 *   <li>sensor response 4% lower (a miscalibrated MIP scale: {@link #responseScale});
 *   <li>cell-to-cell cross-talk: each cell passes 2.5% of its signal to each of its four
 *       neighbours in the same layer ({@link #crossTalkPerNeighbour});
 *   <li>extra electronic noise, Gaussian σ = 0.5 MIP on every cell before the threshold
 *       ({@link #noiseMip});
 *   <li>a few dead cells (0.5% of the channels, a fixed pattern drawn from a fixed seed) that
 *       always read 0 ({@link #deadCellFraction}).
 * </ul>
 */
public enum Realism {
  SIM("sim", 1.0, 0.0, 0.0, 0.0),
  DATA("data", 0.96, 0.025, 0.5, 0.005);

  private final String id;
  private final double responseScale;
  private final double crossTalkPerNeighbour;
  private final double noiseMip;
  private final double deadCellFraction;

  Realism(String id, double responseScale, double crossTalkPerNeighbour, double noiseMip, double deadCellFraction) {
    this.id = id;
    this.responseScale = responseScale;
    this.crossTalkPerNeighbour = crossTalkPerNeighbour;
    this.noiseMip = noiseMip;
    this.deadCellFraction = deadCellFraction;
  }

  public String id() {
    return id;
  }

  /** Multiplies the sensor signal (1 = nominal). */
  public double responseScale() {
    return responseScale;
  }

  /** Fraction of a cell's signal that appears in each of its four in-layer neighbours. */
  public double crossTalkPerNeighbour() {
    return crossTalkPerNeighbour;
  }

  /** Gaussian noise added to every cell before the threshold, MIP. */
  public double noiseMip() {
    return noiseMip;
  }

  /** Fraction of cells that are dead (read 0). */
  public double deadCellFraction() {
    return deadCellFraction;
  }

  /** Parses {@code sim} or {@code data} (case-insensitive). */
  public static Realism fromId(String id) {
    for (Realism r : values()) {
      if (r.id.equals(id == null ? null : id.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown realism profile '" + id + "'; expected sim or data");
  }

  @Override
  public String toString() {
    return id;
  }
}
