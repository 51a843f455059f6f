package io.showers.refinement;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the critic sees of a model-space event: a few physics summaries computed from the (refined)
 * values themselves, standardised on simulation, with their exact gradient w.r.t. the values so the
 * refiner learns through them. Summaries never read labels (data labels are for scoring only).
 * Optionally the raw event values are prepended ({@code withEvent}).
 */
abstract class EventSummary {
  private final int eventDim;
  private final boolean withEvent;
  private double[] mean;
  private double[] inv;

  EventSummary(int eventDim, boolean withEvent) {
    this.eventDim = eventDim;
    this.withEvent = withEvent;
  }

  /** Summaries per event. */
  abstract int count();

  /** The summaries of event {@code e} of the batch {@code y}. */
  abstract double[] values(float[] y, int e);

  /**
   * Adds to {@code out[e * eventDim ...]} the gradient of {@code sum_k dValues[k] · values_k} w.r.t.
   * the values of event {@code e}. {@code z} holds the values before the detector's projection
   * ({@code y} itself where there was none): counts take a straight-through surrogate gradient at
   * values whose unprojected value lies near the threshold, including ones the projection removed,
   * so a refiner that drops a hit or a station feels the way back.
   */
  abstract void backprop(float[] y, float[] z, int e, double[] dValues, float[] out);

  /** The smallest standard deviation used for summary {@code k} of mean {@code mean} (a floor). */
  abstract double floor(int k, double mean);

  /** A physical figure to follow during training (e.g. the mean log total signal). */
  abstract double monitor(float[] y, int n);

  /** Critic input width. */
  final int width() {
    return (withEvent ? eventDim : 0) + count();
  }

  /** Standardises each summary to zero mean and unit variance on {@code n} events. */
  final EventSummary fit(float[] y, int n) {
    int c = count();
    double[] m = new double[c];
    double[] q = new double[c];
    for (int e = 0; e < n; e++) {
      double[] v = values(y, e);
      for (int k = 0; k < c; k++) {
        m[k] += v[k];
        q[k] += v[k] * v[k];
      }
    }
    mean = new double[c];
    inv = new double[c];
    for (int k = 0; k < c; k++) {
      mean[k] = m[k] / n;
      double sd = Math.sqrt(Math.max(0, q[k] / n - mean[k] * mean[k]));
      inv[k] = 1 / Math.max(floor(k, mean[k]), sd);
    }
    return this;
  }

  /** The critic input of {@code n} events, {@code n × width}. */
  final INDArray input(float[] y, int n) {
    int w = width();
    int o = withEvent ? eventDim : 0;
    float[] out = new float[n * w];
    for (int e = 0; e < n; e++) {
      if (withEvent) {
        System.arraycopy(y, e * eventDim, out, e * w, eventDim);
      }
      double[] v = values(y, e);
      for (int k = 0; k < v.length; k++) {
        out[e * w + o + k] = (float) ((v[k] - mean[k]) * inv[k]);
      }
    }
    return Nd4j.create(out, new long[] {n, w}, 'c');
  }

  /**
   * Gradient w.r.t. the model-space values given {@code g} ({@code n × width}) w.r.t. the critic
   * input; {@code z} the values before the projection (see {@link #backprop}).
   */
  final float[] gradient(float[] y, float[] z, int n, float[] g) {
    int w = width();
    int o = withEvent ? eventDim : 0;
    int c = count();
    float[] out = new float[n * eventDim];
    double[] dv = new double[c];
    for (int e = 0; e < n; e++) {
      if (withEvent) {
        System.arraycopy(g, e * w, out, e * eventDim, eventDim);
      }
      for (int k = 0; k < c; k++) {
        dv[k] = g[e * w + o + k] * inv[k];
      }
      backprop(y, z, e, dv, out);
    }
    return out;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + Arrays.toString(mean);
  }
}
