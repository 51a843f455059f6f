package io.showers.refinement;

/**
 * Neighbourhoods of the square station grid (row-major, {@code side × side}): the four
 * edge neighbours and the eight neighbours of every station.
 */
final class StationGrid {
  final int side;
  final int stations;
  /** Edge neighbours (up, down, left, right where they exist). */
  final int[][] four;
  /** Edge and corner neighbours. */
  final int[][] eight;

  StationGrid(int side) {
    this.side = side;
    this.stations = side * side;
    this.four = new int[stations][];
    this.eight = new int[stations][];
    for (int r = 0; r < side; r++) {
      for (int c = 0; c < side; c++) {
        int[] f = new int[4];
        int[] e = new int[8];
        int nf = 0;
        int ne = 0;
        for (int dr = -1; dr <= 1; dr++) {
          for (int dc = -1; dc <= 1; dc++) {
            int rr = r + dr;
            int cc = c + dc;
            if ((dr == 0 && dc == 0) || rr < 0 || cc < 0 || rr >= side || cc >= side) {
              continue;
            }
            e[ne++] = rr * side + cc;
            if (dr == 0 || dc == 0) {
              f[nf++] = rr * side + cc;
            }
          }
        }
        four[r * side + c] = java.util.Arrays.copyOf(f, nf);
        eight[r * side + c] = java.util.Arrays.copyOf(e, ne);
      }
    }
  }

  /** The station one step beyond neighbour {@code j} on the line from {@code s} through {@code j}, or -1 off the grid. */
  int beyond(int s, int j) {
    int r = 2 * (j / side) - s / side;
    int c = 2 * (j % side) - s % side;
    return r < 0 || c < 0 || r >= side || c >= side ? -1 : r * side + c;
  }
}
