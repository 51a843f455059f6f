package io.showers.detector;

/**
 * A batch of events of one detector, stored as flat primitive arrays (struct of arrays) with a
 * leading event axis: the layout HDF5, ND4J and the benchmarks all want.
 */
public interface EventBatch {

  /** Number of events in the batch. */
  int size();

  /** The detector these events belong to. */
  Detector detector();

  /** Events {@code from} (inclusive) to {@code to} (exclusive) as a new batch. */
  EventBatch slice(int from, int to);
}
