package io.showers.refinement;

/**
 * Neighbourhoods of a rectangular grid of units, row-major {@code rows × cols}: the ground
 * array's stations, or the cells of one calorimeter layer. Gives the four edge neighbours and the
 * eight neighbours of every unit, and the extrapolation of a value to a unit from the lines
 * through it.
 */
final class Grid {
  final int rows;
  final int cols;
  /** Units on the grid. */
  final int units;
  /** Edge neighbours (up, down, left, right where they exist). */
  final int[][] four;
  /** Edge and corner neighbours. */
  final int[][] eight;

  /** A square grid of {@code side × side} units (the station array). */
  Grid(int side) {
    this(side, side);
  }

  Grid(int rows, int cols) {
    this.rows = rows;
    this.cols = cols;
    this.units = rows * cols;
    this.four = new int[units][];
    this.eight = new int[units][];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int[] f = new int[4];
        int[] e = new int[8];
        int nf = 0;
        int ne = 0;
        for (int dr = -1; dr <= 1; dr++) {
          for (int dc = -1; dc <= 1; dc++) {
            int rr = r + dr;
            int cc = c + dc;
            if ((dr == 0 && dc == 0) || rr < 0 || cc < 0 || rr >= rows || cc >= cols) {
              continue;
            }
            e[ne++] = rr * cols + cc;
            if (dr == 0 || dc == 0) {
              f[nf++] = rr * cols + cc;
            }
          }
        }
        four[r * cols + c] = java.util.Arrays.copyOf(f, nf);
        eight[r * cols + c] = java.util.Arrays.copyOf(e, ne);
      }
    }
  }

  /** The unit one step beyond neighbour {@code j} on the line from {@code s} through {@code j}, or -1 off the grid. */
  int beyond(int s, int j) {
    int r = 2 * (j / cols) - s / cols;
    int c = 2 * (j % cols) - s % cols;
    return r < 0 || c < 0 || r >= rows || c >= cols ? -1 : r * cols + c;
  }

  /**
   * The mean over occupied neighbours {@code j} of unit {@code s} of {@code 2 v_j − v_j'}, where
   * {@code j'} is the occupied unit beyond {@code j} on the line from {@code s} and {@code v} the
   * values at {@code x[o + shift + ·]} (occupied: {@code x[o + ·] > 0}); NaN without such a pair.
   * A linear extrapolation over two steps: exact for a plane front's times, and for a log-encoded
   * amount that falls as a power law or an exponential with distance.
   */
  double extrapolated(float[] x, int o, int s, int shift) {
    double sum = 0;
    int k = 0;
    for (int j : eight[s]) {
      int beyond = beyond(s, j);
      if (x[o + j] > 0 && beyond >= 0 && x[o + beyond] > 0) {
        sum += 2.0 * x[o + shift + j] - x[o + shift + beyond];
        k++;
      }
    }
    return k == 0 ? Double.NaN : sum / k;
  }

  /**
   * The amount an empty unit {@code s} held before a threshold removed it, as its occupied
   * neighbours' profile predicts ({@link #extrapolated} at shift 0): at least 0 and at most just
   * under {@code threshold} (the unit stayed under it); 0 without a pair in line.
   */
  float estimateUnder(float[] x, int o, int s, float threshold) {
    double u = extrapolated(x, o, s, 0);
    return Double.isNaN(u) ? 0f : (float) Math.min(Math.max(u, 0), Math.nextDown(threshold));
  }
}
