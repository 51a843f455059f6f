package io.showers.detector;

/** Receives progress of long work; the CLI turns it into a progress bar. Must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = n -> {};

  /** Called after {@code n} more units (events, steps) are done. */
  void advance(long n);
}
