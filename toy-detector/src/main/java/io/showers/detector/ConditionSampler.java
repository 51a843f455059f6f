package io.showers.detector;

/**
 * Draws labels for a production (the primary spectrum, the beam settings). Event {@code k}'s
 * labels depend only on {@code Seeds.labels(seed, firstEventIndex + k)}.
 */
public interface ConditionSampler<C extends Conditions> {

  /** Draws {@code n} conditions for global event indices {@code firstEventIndex ...}. */
  C sample(long seed, long firstEventIndex, int n);

  /** A JSON description of the label distribution for file metadata. */
  String describe();
}
