package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Learning rate as a function of the training step: constant, or decaying from {@code initial}
 * to {@code last} over {@code horizon} steps (linearly or exponentially) and constant at
 * {@code last} after. The horizon is part of the schedule, not of a {@code train} call, so a run
 * split into several calls or resumed from a checkpoint sees the same rates.
 *
 * @param kind shape of the decay
 * @param initial rate at step 0
 * @param last rate at and after {@code horizon}
 * @param horizon steps over which the rate moves from {@code initial} to {@code last}
 */
public record LearningRateSchedule(Kind kind, double initial, double last, long horizon) {

  /** Shape of the schedule. */
  public enum Kind {
    CONSTANT,
    LINEAR,
    EXPONENTIAL
  }

  /** Validates. */
  @JsonCreator
  public LearningRateSchedule(
      @JsonProperty("kind") Kind kind,
      @JsonProperty("initial") double initial,
      @JsonProperty("last") double last,
      @JsonProperty("horizon") long horizon) {
    if (kind == null || !(initial > 0) || !(last > 0) || !Double.isFinite(initial) || !Double.isFinite(last)) {
      throw new IllegalArgumentException("learning rates must be positive and finite: " + initial + ", " + last);
    }
    if (kind != Kind.CONSTANT && horizon <= 0) {
      throw new IllegalArgumentException("a decaying schedule needs a positive horizon, got " + horizon);
    }
    this.kind = kind;
    this.initial = initial;
    this.last = last;
    this.horizon = horizon;
  }

  /** A constant rate. */
  public static LearningRateSchedule constant(double lr) {
    return new LearningRateSchedule(Kind.CONSTANT, lr, lr, 0);
  }

  /** Linear decay from {@code initial} to {@code last} over {@code horizon} steps. */
  public static LearningRateSchedule linear(double initial, double last, long horizon) {
    return new LearningRateSchedule(Kind.LINEAR, initial, last, horizon);
  }

  /** Exponential (geometric) decay from {@code initial} to {@code last} over {@code horizon} steps. */
  public static LearningRateSchedule exponential(double initial, double last, long horizon) {
    return new LearningRateSchedule(Kind.EXPONENTIAL, initial, last, horizon);
  }

  /** The rate at {@code step} (0-based). */
  public double at(long step) {
    if (kind == Kind.CONSTANT) {
      return initial;
    }
    double f = Math.min(1.0, Math.max(0.0, (double) step / horizon));
    return kind == Kind.LINEAR ? initial + (last - initial) * f : initial * Math.pow(last / initial, f);
  }
}
