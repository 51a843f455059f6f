package io.showers.detector;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;

/**
 * The configuration of a detector: geometry and readout, everything that fixes the shape and
 * meaning of an event. Files, models and refiners carry it as JSON and refuse a mismatch.
 *
 * <p>How events were produced (reference or fast mode, realism profile, seed) is not part of
 * the detector: it is the producer's business.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "detector")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ArrayConfig.class, name = "airshower"),
  @JsonSubTypes.Type(value = CalorimeterConfig.class, name = "calorimeter")
})
public interface DetectorConfig {

  /** Which detector this configures. */
  Detector kind();

  /** Throws {@link IllegalArgumentException} with a one-line reason if the values are unusable. */
  void validate();

  /** Canonical JSON (sorted keys), suitable for equality checks between files and models. */
  default String toJson() {
    return Json.write(this);
  }

  /** Parses a configuration written by {@link #toJson()}. */
  static DetectorConfig fromJson(String json) {
    return Json.read(json, DetectorConfig.class);
  }
}
