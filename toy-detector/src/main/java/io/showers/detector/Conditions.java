package io.showers.detector;

/** A batch of labels (the conditions a shower is generated for), flat arrays with N leading. */
public interface Conditions {

  /** Number of events N these conditions describe. */
  int size();

  /** Conditions {@code from} (inclusive) to {@code to} (exclusive). */
  Conditions slice(int from, int to);
}
