package io.showers.refinement;

import java.util.Arrays;

/**
 * The critic's view of a footprint in {@link StationSpace}: {@code log10(1 + S_total)}, the
 * {@link #TOP} largest station signals (sorted; the lateral distribution without knowing the core),
 * the number of triggered stations, the sum of their {@code u} (a mean would reward dropping the
 * smallest stations, which data have more of), the rms time step between adjacent stations
 * (front inclination), the mean squared time curvature {@code (t_i − (t_left + t_right)/2)²} of
 * station triplets (delays and jitter: a plane front has none) and the footprint's spread
 * {@code Σ u_i |r_i − c|² / Σ u_i} around its {@code u}-weighted centre {@code c}, in squared
 * station spacings: the lateral distribution's slope without knowing the core (a flatter one, as a
 * muon excess gives, spreads the log signal further out; the largest signals alone do not tell it,
 * and without this summary refiners steepened the slope that data flatten). All are invariant to
 * the time origin.
 *
 * <p>The count's gradient is the straight-through surrogate {@code 1/threshold} for stations whose
 * unprojected signal is below 1.5 thresholds (removed ones included), so a refiner that drops a
 * station below the trigger threshold feels the way back.
 */
final class AirShowerSummary extends EventSummary {
  /** Largest signals the critic sees. */
  static final int TOP = 8;
  private static final double LN10 = Math.log(10);

  private final Grid grid;
  private final int st;
  private final double threshold;

  AirShowerSummary(Grid grid, double threshold) {
    super(2 * grid.units, false);
    this.grid = grid;
    this.st = grid.units;
    this.threshold = threshold;
  }

  // layout: 0 log S_total; [1, TOP] sorted u; TOP+1 count; TOP+2 sum of u; TOP+3 rms step; TOP+4 curvature;
  // TOP+5 spread
  @Override
  int count() {
    return TOP + 6;
  }

  /**
   * {@code {Σu, c_x, c_y, spread}} over the triggered stations (positions in station spacings): the
   * centre {@code c = Σu·r / Σu} and the spread {@code Σu·|r|² / Σu − |c|²}; all 0 without a station.
   */
  private double[] footprintSpread(float[] y, int o) {
    double sum = 0;
    double sx = 0;
    double sy = 0;
    double sq = 0;
    for (int s = 0; s < st; s++) {
      double u = y[o + s];
      if (u > 0) {
        double x = s % grid.cols;
        double yy = s / grid.cols;
        sum += u;
        sx += u * x;
        sy += u * yy;
        sq += u * (x * x + yy * yy);
      }
    }
    if (sum <= 0) {
      return new double[4];
    }
    double cx = sx / sum;
    double cy = sy / sum;
    return new double[] {sum, cx, cy, sq / sum - cx * cx - cy * cy};
  }

  /** Stations of the {@link #TOP} largest signals, largest first (insertion into a short list). */
  private int[] ranked(float[] y, int o) {
    int[] idx = new int[TOP];
    Arrays.fill(idx, -1);
    for (int s = 0; s < st; s++) {
      float v = y[o + s];
      if (v <= 0 || (idx[TOP - 1] >= 0 && v <= y[o + idx[TOP - 1]])) {
        continue;
      }
      int k = TOP - 1;
      while (k > 0 && (idx[k - 1] < 0 || y[o + idx[k - 1]] < v)) {
        idx[k] = idx[k - 1];
        k--;
      }
      idx[k] = s;
    }
    return idx;
  }

  @Override
  double[] values(float[] y, int e) {
    int o = e * 2 * st;
    double[] v = new double[count()];
    double total = 0;
    double sumU = 0;
    int n = 0;
    for (int s = 0; s < st; s++) {
      if (y[o + s] > 0) {
        total += StationSpace.decodeSignal(y[o + s]);
        sumU += y[o + s];
        n++;
      }
    }
    v[0] = Math.log10(1 + total);
    int[] r = ranked(y, o);
    for (int k = 0; k < TOP; k++) {
      v[1 + k] = r[k] < 0 ? 0 : y[o + r[k]];
    }
    v[TOP + 1] = n;
    v[TOP + 2] = sumU;
    v[TOP + 3] = AirShowerRefiner.rmsTimeStep(y, e, grid);
    double[] c = curvature(y, o, null, 0);
    v[TOP + 4] = c[1] == 0 ? 0 : c[0] / c[1];
    v[TOP + 5] = footprintSpread(y, o)[3];
    return v;
  }

  /**
   * Sum of squared triplet curvatures and the number of triplets; with {@code grad} not null, adds
   * {@code scale ·} d(sum)/dt to {@code grad} (event offset {@code o}, time block after the signals).
   */
  private double[] curvature(float[] y, int o, float[] grad, double scale) {
    int side = grid.cols;
    double sum = 0;
    int count = 0;
    for (int s = 0; s < st; s++) {
      if (y[o + s] <= 0) {
        continue;
      }
      int r = s / side;
      int c = s % side;
      for (int dir = 0; dir < 2; dir++) {
        // left/right, then up/down
        boolean inside = dir == 0 ? c > 0 && c < side - 1 : r > 0 && r < side - 1;
        int step = dir == 0 ? 1 : side;
        if (!inside || y[o + s - step] <= 0 || y[o + s + step] <= 0) {
          continue;
        }
        int a = s - step;
        int b = s + step;
        double res = y[o + st + s] - 0.5 * (y[o + st + a] + y[o + st + b]);
        sum += res * res;
        count++;
        if (grad != null) {
          grad[o + st + s] += (float) (scale * 2 * res);
          grad[o + st + a] -= (float) (scale * res);
          grad[o + st + b] -= (float) (scale * res);
        }
      }
    }
    return new double[] {sum, count};
  }

  @Override
  void backprop(float[] y, float[] z, int e, double[] dv, float[] out) {
    int o = e * 2 * st;
    double total = 0;
    for (int s = 0; s < st; s++) {
      if (y[o + s] > 0) {
        total += StationSpace.decodeSignal(y[o + s]);
      }
    }
    int[] r = ranked(y, o);
    for (int k = 0; k < TOP; k++) {
      if (r[k] >= 0) {
        out[o + r[k]] += (float) dv[1 + k];
      }
    }
    for (int s = 0; s < st; s++) {
      double u = y[o + s];
      if (u > 0) {
        // d log10(1 + T) / du_s = (1 + S_s) · 4 ln 10 / ((1 + T) ln 10)
        double dS = (1 + StationSpace.decodeSignal(u)) * StationSpace.LOG_SIGNAL_UNIT;
        out[o + s] += (float) (dv[0] * dS / (1 + total) + dv[TOP + 2]);
      }
      // stations near the trigger threshold before the projection and every station it removed
      double zu = z[o + s];
      if (zu != 0 && zu < 1.5 * threshold) {
        out[o + s] += (float) (dv[TOP + 1] / threshold);
      }
    }
    // rms step: d sqrt(P / m) / dt_a = (t_a − t_b) / (m · rms) per pair
    double rms = AirShowerRefiner.rmsTimeStep(y, e, grid);
    if (rms > 0) {
      int m = 0;
      for (int s = 0; s < st; s++) {
        for (int j : grid.four[s]) {
          m += j > s && y[o + s] > 0 && y[o + j] > 0 ? 1 : 0;
        }
      }
      for (int s = 0; s < st; s++) {
        for (int j : grid.four[s]) {
          if (j > s && y[o + s] > 0 && y[o + j] > 0) {
            double g = dv[TOP + 3] * (y[o + st + s] - y[o + st + j]) / (m * rms);
            out[o + st + s] += (float) g;
            out[o + st + j] -= (float) g;
          }
        }
      }
    }
    double[] c = curvature(y, o, null, 0);
    if (c[1] > 0) {
      curvature(y, o, out, dv[TOP + 4] / c[1]);
    }
    // d spread / du_s = (|r_s − c|² − spread) / Σu (the centre's own derivative cancels: Σ u (r − c) = 0)
    double[] f = footprintSpread(y, o);
    if (f[0] > 0) {
      for (int s = 0; s < st; s++) {
        if (y[o + s] > 0) {
          double dx = s % grid.cols - f[1];
          double dy = s / grid.cols - f[2];
          out[o + s] += (float) (dv[TOP + 5] * (dx * dx + dy * dy - f[3]) / f[0]);
        }
      }
    }
  }

  @Override
  double floor(int k, double mean) {
    if (k == 0) {
      return 0.04; // a 10% signal change is at most one unit
    }
    if (k == TOP + 1) {
      return Math.max(1, 0.05 * mean);
    }
    return Math.max(1e-8, 0.05 * Math.abs(mean));
  }

  @Override
  double monitor(float[] y, int n) {
    double t = 0;
    for (int e = 0; e < n; e++) {
      t += values(y, e)[0];
    }
    return t / n;
  }
}
