package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

/**
 * Per-event prior cell logits of an {@link EnergyShareHead} from the labels: a lateral fall-off
 * around the labelled core,
 * <pre>
 *   c0_i = −slope · ln(1 + r_i / coreRadius),
 * </pre>
 * where {@code r_i} is the distance of cell {@code i} from the labelled core (ground position
 * {@code (label[coreX], label[coreY])}) measured in the plane perpendicular to the labelled axis
 * {@code (label[axis], label[axis + 1], label[axis + 2])}, all in the unit of the cell
 * coordinates. This is the shape of a lateral distribution function (an NKG-like power law
 * outside the core region).
 *
 * <p>Why: with one fixed prior (the mean footprint over all cores) a dense generator must learn to
 * translate a 196-station bump with the core label, and did so loosely: generated footprints sat
 * 146 m from their labelled core on average against the simulator's 75 m, which shifted S(1000)
 * and the energy estimate. With the prior centred on each event's core and axis, the network
 * only corrects the shape.
 *
 * @param cellX ground x of each cell (station), in the core label's unit
 * @param cellY ground y of each cell
 * @param coreX label column of the core's x
 * @param coreY label column of the core's y
 * @param axis label column of the axis' x component (y and z follow)
 * @param coreRadius the fall-off's core radius, in the same unit
 * @param slope the fall-off's slope (fitted to the training events)
 */
public record LateralPrior(double[] cellX, double[] cellY, int coreX, int coreY, int axis, double coreRadius,
    double slope) {

  /** Validates the settings. */
  @JsonCreator
  public LateralPrior(@JsonProperty("cellX") double[] cellX, @JsonProperty("cellY") double[] cellY,
      @JsonProperty("coreX") int coreX, @JsonProperty("coreY") int coreY, @JsonProperty("axis") int axis,
      @JsonProperty("coreRadius") double coreRadius, @JsonProperty("slope") double slope) {
    if (cellX == null || cellY == null || cellX.length == 0 || cellX.length != cellY.length
        || coreX < 0 || coreY < 0 || axis < 0 || !(coreRadius > 0) || !Double.isFinite(slope)) {
      throw new IllegalArgumentException("invalid lateral prior: " + (cellX == null ? 0 : cellX.length)
          + " cells, label columns " + coreX + ", " + coreY + ", " + axis + ", core radius " + coreRadius
          + ", slope " + slope);
    }
    this.cellX = cellX.clone();
    this.cellY = cellY.clone();
    this.coreX = coreX;
    this.coreY = coreY;
    this.axis = axis;
    this.coreRadius = coreRadius;
    this.slope = slope;
  }

  /** Cells covered (the first {@code cells()} columns of the event). */
  public int cells() {
    return cellX.length;
  }

  /** The highest label column read, plus one. */
  public int labelsRead() {
    return Math.max(Math.max(coreX, coreY), axis + 2) + 1;
  }

  /**
   * The distance {@code r_i} of every cell from the core of the event whose labels start at
   * {@code labels[o]}, perpendicular to its axis, written to {@code r}.
   */
  public void distances(float[] labels, int o, double[] r) {
    double ux = labels[o + axis];
    double uy = labels[o + axis + 1];
    double uz = labels[o + axis + 2];
    double norm2 = ux * ux + uy * uy + uz * uz;
    double cx = labels[o + coreX];
    double cy = labels[o + coreY];
    for (int i = 0; i < cellX.length; i++) {
      double dx = cellX[i] - cx;
      double dy = cellY[i] - cy;
      double along = dx * ux + dy * uy;
      r[i] = Math.sqrt(Math.max(0, dx * dx + dy * dy - (norm2 > 0 ? along * along / norm2 : 0)));
    }
  }

  /** Adds {@code c0_i} of the event whose labels start at {@code labels[o]} to {@code logits[i]}. */
  void addTo(float[] labels, int o, double[] logits, double[] scratch) {
    distances(labels, o, scratch);
    for (int i = 0; i < cellX.length; i++) {
      logits[i] -= slope * Math.log1p(scratch[i] / coreRadius);
    }
  }

  /**
   * The slope fitted to training events: least squares of {@code ln u} of the occupied cells on
   * {@code ln(1 + r/coreRadius)} within each event (each event its own intercept, which the
   * softmax removes anyway), sign-flipped so a falling profile has a positive slope.
   *
   * @param amounts per event and cell the physical amount, 0 where empty ({@code n × cells})
   * @param labels encoded labels ({@code n × labelDim})
   */
  public static LateralPrior fit(double[] amounts, float[] labels, int labelDim, double[] cellX, double[] cellY,
      int coreX, int coreY, int axis, double coreRadius) {
    int cells = cellX.length;
    int n = amounts.length / cells;
    LateralPrior shape = new LateralPrior(cellX, cellY, coreX, coreY, axis, coreRadius, 0);
    double[] r = new double[cells];
    double sxy = 0;
    double sxx = 0;
    double[] lx = new double[cells];
    double[] ly = new double[cells];
    for (int k = 0; k < n; k++) {
      shape.distances(labels, k * labelDim, r);
      int m = 0;
      double mx = 0;
      double my = 0;
      for (int i = 0; i < cells; i++) {
        double u = amounts[k * cells + i];
        if (u > 0) {
          lx[m] = Math.log1p(r[i] / coreRadius);
          ly[m] = Math.log(u);
          mx += lx[m];
          my += ly[m];
          m++;
        }
      }
      if (m < 3) {
        continue;
      }
      mx /= m;
      my /= m;
      for (int j = 0; j < m; j++) {
        sxy += (lx[j] - mx) * (ly[j] - my);
        sxx += (lx[j] - mx) * (lx[j] - mx);
      }
    }
    if (!(sxx > 0)) {
      throw new IllegalArgumentException("no training event has three occupied cells at different distances;"
          + " cannot fit the lateral prior");
    }
    return new LateralPrior(cellX, cellY, coreX, coreY, axis, coreRadius, -sxy / sxx);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LateralPrior p && Arrays.equals(cellX, p.cellX) && Arrays.equals(cellY, p.cellY)
        && coreX == p.coreX && coreY == p.coreY && axis == p.axis && coreRadius == p.coreRadius && slope == p.slope;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cellX) * 31 + Double.hashCode(slope);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "LateralPrior[%d cells, slope %.3f, core radius %.3g]",
        cellX.length, slope, coreRadius);
  }
}
