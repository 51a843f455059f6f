package io.showers.refinement;

import io.showers.detector.calorimeter.CalorimeterConfig;

/**
 * The critic's view of a calorimeter event in {@link CellSpace} ({@code y = log(1 + E/MIP) / s}):
 * per layer {@code log(1 + E_layer)}, the sum of model values, the hit count and the
 * energy-weighted transverse variance (cells²); then {@code log(1 + E_total)}, the count of low
 * hits (below {@link #LOW_MIP}) and the Fourier features of the log total ({@link #WAVE_NUMBERS}).
 * These carry the response scale (energies, and the positions of the beam energies' peaks),
 * cross-talk (widths, hit counts) and noise (low hits) the data profile changes.
 *
 * <p>Counts are step functions of the refined cells; their gradient is the usual straight-through
 * surrogate: {@code 1/threshold} for cells within half a threshold of it, including empty cells, so the
 * refiner can learn to create a hit (cross-talk or noise crossing the threshold) or remove one.
 */
final class CalorimeterSummary extends EventSummary {
  /** Upper energy of a "low" hit, MIP (as the observables' {@code n_hits_low}). */
  static final double LOW_MIP = 10.0;

  private final int cells;
  private final int layers;
  private final int rows;
  private final int cols;
  private final double s;
  private final double threshold;
  private final double lowEdge;

  /**
   * @param logScale the cell space's log scale {@code s}
   * @param withCells whether the critic also sees every cell
   */
  CalorimeterSummary(CalorimeterConfig c, double logScale, boolean withCells) {
    super(c.cells(), withCells);
    this.cells = c.cells();
    this.layers = c.layers();
    this.rows = c.rows();
    this.cols = c.cols();
    this.s = logScale;
    this.threshold = Math.log1p(c.thresholdMip()) / logScale;
    this.lowEdge = Math.log1p(LOW_MIP) / logScale;
  }

  /**
   * Wave numbers of the Fourier features of {@code ln(1 + E_total)}. Without labels the absolute
   * energy scale shows only in where the beam energies' peaks of the total lie; a 3 % shift moves a
   * peak by 0.03 in the log, a twentieth of the mixture's spread, which a small critic on the log
   * itself hardly resolves (spectral bias), while {@code sin(k ln E)} at k = 10 turns it by 0.3 rad.
   */
  static final double[] WAVE_NUMBERS = {5, 10, 20};

  // layout: [0, L) log E_layer; L log E_total; [L+1, 2L+1) sum y; [2L+1, 3L+1) hits; 3L+1 low hits; [3L+2, 4L+2) variance;
  // then sin, cos of k log E_total per wave number
  @Override
  int count() {
    return 4 * layers + 2 + 2 * WAVE_NUMBERS.length;
  }

  private int fourier() {
    return 4 * layers + 2;
  }

  private int perLayer() {
    return rows * cols;
  }

  /** Layer sums per event: E, E·x, E·y, E·(x²+y²) in cell units, sum y, hits; plus low hits. */
  private double[][] moments(float[] y, int e) {
    double[][] m = new double[6][layers];
    double low = 0;
    for (int i = 0; i < cells; i++) {
      double v = y[e * cells + i];
      if (v <= 0) {
        continue;
      }
      int l = i / perLayer();
      int q = i % perLayer();
      double r = q / cols;
      double c = q % cols;
      double en = Math.expm1(v * s);
      m[0][l] += en;
      m[1][l] += en * c;
      m[2][l] += en * r;
      m[3][l] += en * (c * c + r * r);
      m[4][l] += v;
      m[5][l] += 1;
      low += v < lowEdge ? 1 : 0;
    }
    return new double[][] {m[0], m[1], m[2], m[3], m[4], m[5], {low}};
  }

  private static double variance(double[][] m, int l) {
    double en = m[0][l];
    if (en <= 0) {
      return 0;
    }
    double xc = m[1][l] / en;
    double yc = m[2][l] / en;
    return Math.max(0, m[3][l] / en - xc * xc - yc * yc);
  }

  @Override
  double[] values(float[] y, int e) {
    double[][] m = moments(y, e);
    double[] v = new double[count()];
    double total = 0;
    for (int l = 0; l < layers; l++) {
      v[l] = Math.log1p(m[0][l]);
      total += m[0][l];
      v[layers + 1 + l] = m[4][l];
      v[2 * layers + 1 + l] = m[5][l];
      v[3 * layers + 2 + l] = variance(m, l);
    }
    v[layers] = Math.log1p(total);
    v[3 * layers + 1] = m[6][0];
    for (int w = 0; w < WAVE_NUMBERS.length; w++) {
      v[fourier() + 2 * w] = Math.sin(WAVE_NUMBERS[w] * v[layers]);
      v[fourier() + 2 * w + 1] = Math.cos(WAVE_NUMBERS[w] * v[layers]);
    }
    return v;
  }

  @Override
  void backprop(float[] y, float[] z, int e, double[] dv, float[] out) {
    double[][] m = moments(y, e);
    double total = 0;
    for (int l = 0; l < layers; l++) {
      total += m[0][l];
    }
    double dLogTotal = dv[layers];
    double logTotal = Math.log1p(total);
    for (int w = 0; w < WAVE_NUMBERS.length; w++) {
      double k = WAVE_NUMBERS[w];
      dLogTotal += k * (dv[fourier() + 2 * w] * Math.cos(k * logTotal) - dv[fourier() + 2 * w + 1] * Math.sin(k * logTotal));
    }
    double gTotal = dLogTotal / (1 + total);
    for (int i = 0; i < cells; i++) {
      // empty cells (v = 0) take the gradient of the curve at 0: straight through the threshold
      double v = Math.max(0, y[e * cells + i]);
      int l = i / perLayer();
      int q = i % perLayer();
      double r = q / cols;
      double c = q % cols;
      double en = m[0][l];
      double dVar = 0;
      if (en > 0) {
        double xc = m[1][l] / en;
        double yc = m[2][l] / en;
        dVar = ((c - xc) * (c - xc) + (r - yc) * (r - yc) - variance(m, l)) / en;
      }
      double dEnergy = dv[l] / (1 + en) + gTotal + dv[3 * layers + 2 + l] * dVar;
      double g = dEnergy * s * Math.exp(v * s) + dv[layers + 1 + l];
      // empty cells and cells near the threshold, before the projection
      if (z[e * cells + i] < 1.5 * threshold) {
        g += (dv[2 * layers + 1 + l] + dv[3 * layers + 1]) / threshold;
      }
      if (v > 0 && Math.abs(v - lowEdge) < 0.5 * threshold) {
        g -= dv[3 * layers + 1] / threshold;
      }
      out[e * cells + i] += (float) g;
    }
  }

  @Override
  double floor(int k, double mean) {
    if (k <= layers) {
      return 0.1; // a 10% energy change is at most one unit
    }
    if (k > 2 * layers && k <= 3 * layers + 1) {
      return Math.max(1, 0.05 * Math.abs(mean)); // counts
    }
    return Math.max(0.05, 0.05 * Math.abs(mean));
  }

  @Override
  double monitor(float[] y, int n) {
    double t = 0;
    for (int e = 0; e < n; e++) {
      t += values(y, e)[layers];
    }
    return t / n;
  }
}
