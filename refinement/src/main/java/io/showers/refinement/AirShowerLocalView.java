package io.showers.refinement;

/**
 * The local critic's view of a station in {@link StationSpace}: its own signal {@code u}, the mean
 * {@code u} of its triggered eight neighbours and the fraction of them that triggered; shown for
 * triggered stations and for untriggered ones next to a triggered station (the footprint's edge,
 * where a muon excess lifts stations over the trigger threshold). Times are left to the event critic.
 */
final class AirShowerLocalView extends LocalView {
  private final Grid grid;

  AirShowerLocalView(Grid grid) {
    super(2 * grid.units);
    this.grid = grid;
  }

  @Override
  int width() {
    return 3;
  }

  @Override
  boolean shown(float[] y, int o, int i) {
    if (i >= grid.units) {
      return false; // times
    }
    if (y[o + i] > 0) {
      return true;
    }
    for (int j : grid.eight[i]) {
      if (y[o + j] > 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  void features(float[] y, int o, int i, double context, float[] f, int at) {
    double sum = 0;
    int on = 0;
    for (int j : grid.eight[i]) {
      if (y[o + j] > 0) {
        sum += y[o + j];
        on++;
      }
    }
    f[at] = Math.max(0f, y[o + i]);
    f[at + 1] = on == 0 ? 0f : (float) (sum / on);
    f[at + 2] = on / 8f;
  }

  @Override
  void backprop(float[] y, int o, int i, float[] d, int at, float[] out) {
    out[o + i] += d[at];
    int on = 0;
    for (int j : grid.eight[i]) {
      on += y[o + j] > 0 ? 1 : 0;
    }
    for (int j : grid.eight[i]) {
      if (y[o + j] > 0) {
        out[o + j] += d[at + 1] / on;
      }
    }
  }
}
