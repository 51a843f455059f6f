package io.showers.datasets;

import java.util.Arrays;

/**
 * A named flat array with its full shape (event axis first): the unit in which batches travel
 * between the event records and HDF5.
 *
 * @param name dataset name
 * @param data {@code float[]} or {@code int[]}, row-major
 * @param shape full shape, {@code shape[0]} = number of events
 */
public record Column(String name, Object data, int[] shape) {

  public Column {
    long expected = 1;
    for (int d : shape) {
      expected *= d;
    }
    int length = data instanceof float[] f ? f.length : data instanceof int[] i ? i.length : -1;
    if (length < 0) {
      throw new IllegalArgumentException("column '" + name + "' must hold float[] or int[]");
    }
    if (length != expected) {
      throw new IllegalArgumentException(
          "column '" + name + "' has " + length + " values but shape " + Arrays.toString(shape));
    }
  }

  public boolean isInteger() {
    return data instanceof int[];
  }

  /** Values per event (product of the shape after the event axis). */
  public int perEvent() {
    int n = 1;
    for (int i = 1; i < shape.length; i++) {
      n *= shape[i];
    }
    return n;
  }
}
