package io.showers.detector;

import java.util.Locale;

/** The two detectors the framework simulates; the name is what files and the CLI use. */
public enum Detector {
  AIRSHOWER("airshower"),
  CALORIMETER("calorimeter");

  private final String id;

  Detector(String id) {
    this.id = id;
  }

  /** The lower-case name used in files, model cards and on the command line. */
  public String id() {
    return id;
  }

  /** Parses {@code airshower} or {@code calorimeter} (case-insensitive). */
  public static Detector fromId(String id) {
    for (Detector d : values()) {
      if (d.id.equals(id.toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown detector '" + id + "'; expected one of: airshower, calorimeter");
  }

  @Override
  public String toString() {
    return id;
  }
}
