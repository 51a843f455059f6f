package io.showers.refinement;

import io.showers.detector.calorimeter.CalorimeterConfig;

/**
 * The local critic's view of a calorimeter cell in {@link CellSpace} ({@code y = log(1 + E/MIP) / s}):
 * its own value, the log-encoded energy of its four in-layer neighbours {@code log(1 + Σ E_j/MIP) / s},
 * the event's log-encoded total (context, no gradient) and its layer (one-hot); shown for hit cells and
 * for empty cells next to a hit. Cross-talk lifts an empty cell over the threshold with a probability
 * that rises steeply with its neighbours' energy; noise does so anywhere; this pair of numbers is where
 * the two differ.
 */
final class CalorimeterLocalView extends LocalView {
  private final int perLayer;
  private final int layers;
  private final double s;
  private final int[][] neighbours;
  private final int cells;

  CalorimeterLocalView(CalorimeterConfig c, double logScale) {
    super(c.cells());
    this.perLayer = c.rows() * c.cols();
    this.layers = c.layers();
    this.s = logScale;
    this.neighbours = CalorimeterRefiner.neighbours(c, new Grid(c.rows(), c.cols()));
    this.cells = c.cells();
  }

  /** The event's log-encoded total {@code log(1 + E_total/MIP) / s}: cross-talk's share depends on the shower's size. */
  @Override
  double context(float[] y, int o) {
    double total = 0;
    for (int i = 0; i < cells; i++) {
      float v = y[o + i];
      total += v > 0 ? Math.expm1(v * s) : 0;
    }
    return Math.log1p(total) / s;
  }

  @Override
  int width() {
    return 3 + layers;
  }

  @Override
  boolean shown(float[] y, int o, int i) {
    if (y[o + i] > 0) {
      return true;
    }
    for (int j : neighbours[i]) {
      if (y[o + j] > 0) {
        return true;
      }
    }
    return false;
  }

  private double neighbourMip(float[] y, int o, int i) {
    double sum = 0;
    for (int j : neighbours[i]) {
      float v = y[o + j];
      sum += v > 0 ? Math.expm1(v * s) : 0;
    }
    return sum;
  }

  @Override
  void features(float[] y, int o, int i, double context, float[] f, int at) {
    f[at] = Math.max(0f, y[o + i]);
    f[at + 1] = (float) (Math.log1p(neighbourMip(y, o, i)) / s);
    f[at + 2] = (float) context;
    f[at + 3 + i / perLayer] = 1f;
  }

  @Override
  void backprop(float[] y, int o, int i, float[] d, int at, float[] out) {
    out[o + i] += d[at];
    double dNb = d[at + 1] / (1 + neighbourMip(y, o, i));
    for (int j : neighbours[i]) {
      float v = y[o + j];
      if (v > 0) {
        // d/dy_j of log(1 + Σ expm1(y s)) / s
        out[o + j] += (float) (dNb * Math.exp(v * s));
      }
    }
  }
}
