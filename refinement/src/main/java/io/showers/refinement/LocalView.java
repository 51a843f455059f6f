package io.showers.refinement;

import io.showers.generative.nn.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a <em>local</em> critic sees of model-space events: one row per unit (cell or station) that
 * carries signal or borders it, built from the unit's own value and its neighbourhood (SimGAN's local
 * adversarial loss, Shrivastava et al. 2017). An event critic on per-event summaries says "this layer
 * needs more hits" and so pushes every candidate alike; a local critic compares the joint
 * distribution of (own value, neighbourhood) over units, so its gradient reaches exactly the units
 * whose neighbourhood makes them differ (cross-talk lifts an empty cell next to a bright one, not
 * one next to a faint one).
 */
abstract class LocalView {
  private final int eventDim;

  LocalView(int eventDim) {
    this.eventDim = eventDim;
  }

  /** Features per unit (the local critic's input width). */
  abstract int width();

  /** Whether the unit at {@code i} (index within the event at offset {@code o}) is shown to the critic. */
  abstract boolean shown(float[] y, int o, int i);

  /**
   * An event-level figure the units of the event at offset {@code o} see as context (computed once per
   * event; no gradient flows through it: the event critic owns event-level figures). 0 by default.
   */
  double context(float[] y, int o) {
    return 0;
  }

  /**
   * Writes the features of unit {@code i} of the event at offset {@code o}, whose {@link #context} is
   * {@code context}, into {@code f[at ...]}.
   */
  abstract void features(float[] y, int o, int i, double context, float[] f, int at);

  /**
   * Adds to {@code out} the gradient of {@code sum_k d[at + k] · feature_k} of unit {@code i} of the
   * event at offset {@code o} w.r.t. the values; for a value the projection set to zero it lands on the
   * value before the projection (straight through), so a unit can be lifted over the threshold.
   */
  abstract void backprop(float[] y, int o, int i, float[] d, int at, float[] out);

  /** Flat indices of every shown unit of {@code n} events. */
  final int[] units(float[] y, int n) {
    int[] idx = new int[n * eventDim];
    int k = 0;
    for (int e = 0; e < n; e++) {
      int o = e * eventDim;
      for (int i = 0; i < eventDim; i++) {
        if (shown(y, o, i)) {
          idx[k++] = o + i;
        }
      }
    }
    return java.util.Arrays.copyOf(idx, k);
  }

  /** {@code m} shown units drawn uniformly with replacement (an empty batch gives none). */
  final int[] sample(float[] y, int n, int m, Rng rng) {
    int[] all = units(y, n);
    if (all.length == 0) {
      return all;
    }
    int[] pick = new int[m];
    for (int k = 0; k < m; k++) {
      pick[k] = all[rng.nextInt(all.length)];
    }
    return pick;
  }

  /** The critic input of the given units, {@code units × width}. */
  final INDArray input(float[] y, int[] units) {
    int w = width();
    float[] f = new float[Math.max(1, units.length) * w];
    int event = -1;
    double context = 0;
    for (int k = 0; k < units.length; k++) {
      int o = units[k] - units[k] % eventDim;
      if (o != event) {
        event = o;
        context = context(y, o);
      }
      features(y, o, units[k] - o, context, f, k * w);
    }
    return Nd4j.create(f, new long[] {Math.max(1, units.length), w}, 'c');
  }

  /** The gradient w.r.t. the values of {@code sum} over units of {@code g[unit] · features(unit)}. */
  final float[] gradient(float[] y, int[] units, float[] g) {
    float[] out = new float[y.length];
    int w = width();
    for (int k = 0; k < units.length; k++) {
      int o = units[k] - units[k] % eventDim;
      backprop(y, o, units[k] - o, g, k * w, out);
    }
    return out;
  }
}
