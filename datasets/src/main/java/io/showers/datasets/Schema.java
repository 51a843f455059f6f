package io.showers.datasets;

import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import java.util.List;
import java.util.Map;

/**
 * The HDF5 layout of one detector's files: which arrays exist, their per-event shapes (fixed
 * by the detector configuration), units, and the conversion to and from event batches.
 */
public abstract sealed class Schema permits AirShowerSchema, CalorimeterSchema {

  /** Version written into new files; readers accept exactly the versions they know. */
  public static final int VERSION = 1;

  /** The schema for a detector. */
  public static Schema of(Detector detector) {
    return switch (detector) {
      case AIRSHOWER -> AirShowerSchema.INSTANCE;
      case CALORIMETER -> CalorimeterSchema.INSTANCE;
    };
  }

  /** Finds the schema named by a file's {@code schema} attribute, e.g. {@code showers.calorimeter/1}. */
  public static Schema forAttribute(String attribute) {
    for (Detector d : Detector.values()) {
      Schema s = of(d);
      if (s.attribute().equals(attribute)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unsupported schema '" + attribute + "'; expected one of: "
            + AirShowerSchema.INSTANCE.attribute() + ", " + CalorimeterSchema.INSTANCE.attribute());
  }

  /** The detector this schema stores. */
  public abstract Detector detector();

  /** Schema name and version as written in the {@code schema} root attribute. */
  public String attribute() {
    return "showers." + detector().id() + "/" + VERSION;
  }

  /** All arrays, required and optional, in writing order. */
  public abstract List<ArraySpec> arrays();

  /** Shape of one event's slice of {@code array} (the shape after the event axis). */
  public abstract int[] eventShape(String array, DetectorConfig config);

  /** The arrays of a batch, in schema order (optional arrays only when present). */
  public abstract List<Column> columns(EventBatch events);

  /** Builds a batch from columns read from a file (all required arrays present). */
  public abstract EventBatch batch(int size, Map<String, Column> columns, DetectorConfig config);

  /** The spec of an array, or null. */
  public ArraySpec spec(String name) {
    for (ArraySpec a : arrays()) {
      if (a.name().equals(name)) {
        return a;
      }
    }
    return null;
  }

  static int[] withEvents(int n, int... eventShape) {
    int[] s = new int[eventShape.length + 1];
    s[0] = n;
    System.arraycopy(eventShape, 0, s, 1, eventShape.length);
    return s;
  }

  static float[] floats(Map<String, Column> columns, String name) {
    Column c = columns.get(name);
    return c == null ? null : (float[]) c.data();
  }
}
