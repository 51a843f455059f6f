package io.showers.detector.calorimeter;

import java.util.Locale;

/**
 * Spread of the impact position around the beam centre (0, 0) on the calorimeter front face.
 *
 * @param shape {@code uniform}: x and y uniform in [−size, size] mm; {@code gaussian}: x and y
 *     Gaussian with σ = size mm
 * @param sizeMm half-width (uniform) or σ (gaussian), millimetres; 0 = a pencil beam
 */
public record BeamSpot(String shape, double sizeMm) {

  public BeamSpot {
    shape = shape == null ? null : shape.trim().toLowerCase(Locale.ROOT);
    if (!"uniform".equals(shape) && !"gaussian".equals(shape)) {
      throw new IllegalArgumentException(
          "unknown beam-spot shape '" + shape + "'; expected uniform or gaussian");
    }
    if (!(sizeMm >= 0 && sizeMm <= 100)) {
      throw new IllegalArgumentException(
          "beam-spot size " + sizeMm + " mm is invalid; expected 0 to 100 mm");
    }
  }

  /** A pencil beam at the centre. */
  public static BeamSpot pencil() {
    return new BeamSpot("uniform", 0);
  }

  /** Parses {@code uniform:5} or {@code gaussian:3} (size in mm). */
  public static BeamSpot parse(String text) {
    String[] p = text.split(":");
    if (p.length != 2) {
      throw new IllegalArgumentException(
          "beam spot '" + text + "' is invalid; expected SHAPE:SIZE_MM, e.g. uniform:5 or gaussian:3");
    }
    try {
      return new BeamSpot(p[0], Double.parseDouble(p[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "beam-spot size '" + p[1] + "' is not a number; expected millimetres, e.g. gaussian:3");
    }
  }
}
