package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;

/**
 * Per-event prior cell logits of an {@link EnergyShareHead} from the labels: a lateral fall-off
 * around the labelled core,
 * <pre>
 *   c0_i = −β · ln(1 + r_i / coreRadius),   β = slope + slopePerSecant · (sec θ − 1) + slopePerEnergy · label[energy],
 * </pre>
 * where {@code r_i} is the distance of cell {@code i} from the labelled core (ground position
 * {@code (label[coreX], label[coreY])}) measured in the plane perpendicular to the labelled axis
 * {@code (label[axis], label[axis + 1], label[axis + 2])}, all in the unit of the cell
 * coordinates, and θ the labelled axis' zenith angle. This is the shape of a lateral distribution
 * function (an NKG-like power law outside the core region) whose slope changes with the shower's
 * age at the ground: an inclined shower has crossed more atmosphere (flatter, muon-rich), a more
 * energetic one develops deeper (steeper).
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
 * @param slope the fall-off's slope at vertical incidence and energy label 0 (fitted to the training events)
 * @param slopePerSecant change of the slope per unit of {@code sec θ − 1}
 * @param energy label column of the energy term, or -1 for none
 * @param slopePerEnergy change of the slope per unit of {@code label[energy]}
 */
public record LateralPrior(double[] cellX, double[] cellY, int coreX, int coreY, int axis, double coreRadius,
    double slope, double slopePerSecant, int energy, double slopePerEnergy) {

  /** Validates the settings. */
  @JsonCreator
  public LateralPrior(@JsonProperty("cellX") double[] cellX, @JsonProperty("cellY") double[] cellY,
      @JsonProperty("coreX") int coreX, @JsonProperty("coreY") int coreY, @JsonProperty("axis") int axis,
      @JsonProperty("coreRadius") double coreRadius, @JsonProperty("slope") double slope,
      @JsonProperty("slopePerSecant") double slopePerSecant, @JsonProperty("energy") int energy,
      @JsonProperty("slopePerEnergy") double slopePerEnergy) {
    if (cellX == null || cellY == null || cellX.length == 0 || cellX.length != cellY.length
        || coreX < 0 || coreY < 0 || axis < 0 || energy < -1 || !(coreRadius > 0) || !Double.isFinite(slope)
        || !Double.isFinite(slopePerSecant) || !Double.isFinite(slopePerEnergy)) {
      throw new IllegalArgumentException("invalid lateral prior: " + (cellX == null ? 0 : cellX.length)
          + " cells, label columns " + coreX + ", " + coreY + ", " + axis + ", " + energy + ", core radius "
          + coreRadius + ", slope " + slope + " + " + slopePerSecant + " (sec θ − 1) + " + slopePerEnergy + " E");
    }
    this.cellX = cellX.clone();
    this.cellY = cellY.clone();
    this.coreX = coreX;
    this.coreY = coreY;
    this.axis = axis;
    this.coreRadius = coreRadius;
    this.slope = slope;
    this.slopePerSecant = slopePerSecant;
    this.energy = energy;
    this.slopePerEnergy = slopePerEnergy;
  }

  /** A prior with one slope for every event. */
  public LateralPrior(double[] cellX, double[] cellY, int coreX, int coreY, int axis, double coreRadius, double slope) {
    this(cellX, cellY, coreX, coreY, axis, coreRadius, slope, 0, -1, 0);
  }

  /** The slope β of the event whose labels start at {@code labels[o]}. */
  public double slopeOf(float[] labels, int o) {
    return slope + slopePerSecant * secantMinusOne(labels, o)
        + (energy < 0 ? 0 : slopePerEnergy * labels[o + energy]);
  }

  private double secantMinusOne(float[] labels, int o) {
    double ux = labels[o + axis];
    double uy = labels[o + axis + 1];
    double uz = Math.abs(labels[o + axis + 2]);
    double norm = Math.sqrt(ux * ux + uy * uy + uz * uz);
    return uz > 0 ? norm / uz - 1 : 0;
  }

  /** Cells covered (the first {@code cells()} columns of the event). */
  public int cells() {
    return cellX.length;
  }

  /** The highest label column read, plus one. */
  public int labelsRead() {
    return Math.max(Math.max(Math.max(coreX, coreY), axis + 2), energy) + 1;
  }

  /**
   * The distance {@code r_i} of every cell from the core of the event whose labels start at
   * {@code labels[o]}, perpendicular to its axis, written to {@code r}.
   */
  public void distances(float[] labels, int o, double[] r) {
    showerPlaneDistances(cellX, cellY, labels, o, coreX, coreY, axis, r);
  }

  /**
   * The distance of every cell {@code (cellX[i], cellY[i])} on the ground from the core {@code
   * (labels[o + coreX], labels[o + coreY])}, perpendicular to the axis {@code (labels[o + axis ..
   * o + axis + 2])}, written to {@code r}.
   */
  public static void showerPlaneDistances(double[] cellX, double[] cellY, float[] labels, int o, int coreX, int coreY,
      int axis, double[] r) {
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

  /**
   * Knots of the radial share correction (see {@link EnergyShareHead#radialShares()}), evenly spaced in {@code ρ};
   * with {@link #MAX_RHO} part of a saved model's meaning (not written to its JSON): changing either changes every
   * model trained with radial shares.
   */
  public static final int RADIAL_KNOTS = 8;
  /** The last knot's {@code ρ = ln(1 + r / coreRadius)}; beyond it the correction is constant. */
  static final double MAX_RHO = 4.0;

  /**
   * For the cells at {@code distance} (from {@link #distances}) of the event whose labels start at
   * {@code labels[o]}: the lower knot of each cell's {@code ρ = ln(1 + r / coreRadius)} in {@code
   * knot}, the linear weight of the knot above in {@code weight}, and in {@code cosPsi} the cosine
   * of the cell's azimuth about the core on the ground relative to the axis' ground projection
   * (0 for a vertical axis or a cell on the core): the early–late asymmetry of an inclined shower.
   */
  void radialCoordinates(float[] labels, int o, double[] distance, int[] knot, double[] weight, double[] cosPsi) {
    double ux = labels[o + axis];
    double uy = labels[o + axis + 1];
    double horizontal = Math.hypot(ux, uy);
    double cx = labels[o + coreX];
    double cy = labels[o + coreY];
    for (int i = 0; i < cellX.length; i++) {
      double position = knotPosition(distance[i]);
      knot[i] = lowerKnot(position);
      weight[i] = position - knot[i];
      double dx = cellX[i] - cx;
      double dy = cellY[i] - cy;
      double ground = Math.hypot(dx, dy);
      cosPsi[i] = horizontal > 1e-9 && ground > 1e-9 ? (dx * ux + dy * uy) / (horizontal * ground) : 0;
    }
  }

  /** The position of {@code distance} on the radial knots' scale: knot {@code k} sits at {@code k}, the last beyond. */
  double knotPosition(double distance) {
    return Math.min(Math.log1p(distance / coreRadius), MAX_RHO) / (MAX_RHO / (RADIAL_KNOTS - 1));
  }

  /** The knot below a {@link #knotPosition} (the last interval's lower knot at or beyond the last knot). */
  static int lowerKnot(double position) {
    return Math.min((int) position, RADIAL_KNOTS - 2);
  }

  /** The prior's {@code c0} at shower-plane distance {@code distance} for the event whose labels start at {@code labels[o]}. */
  double logitAt(float[] labels, int o, double distance) {
    return -slopeOf(labels, o) * Math.log1p(distance / coreRadius);
  }

  /**
   * The log amplitude of one event's lateral distribution at shower-plane distance {@code distance}, {@code ln S(r)},
   * estimated from its occupied cells with the prior's slope: the weighted mean of {@code ln u_i − c0_i}, plus {@code
   * c0(distance)}. The weights favour cells near {@code distance} (a Gaussian of width {@value #AMPLITUDE_WINDOW} in
   * {@code ln r}, where the fixed slope matters least) and with more signal (a counting fluctuation, {@code 1/u}, and
   * 10 % beyond). Why not a free-slope fit: the slope's own error would enter every amplitude.
   *
   * @param amounts the event's physical amounts, 0 where empty ({@code cells()} values from {@code amounts[a]})
   * @param scratch {@code cells()} values of work space
   * @return {@code −∞} without an occupied cell
   */
  public double logAmplitudeAt(double[] amounts, int a, float[] labels, int o, double distance, double[] scratch) {
    distances(labels, o, scratch);
    double beta = slopeOf(labels, o);
    double sum = 0;
    double weights = 0;
    for (int i = 0; i < cellX.length; i++) {
      double u = amounts[a + i];
      if (u > 0) {
        double window = Math.log(Math.max(scratch[i], 1e-3 * distance) / distance) / AMPLITUDE_WINDOW;
        double w = Math.exp(-0.5 * window * window) * u / (1 + 0.01 * u);
        sum += w * (Math.log(u) + beta * Math.log1p(scratch[i] / coreRadius));
        weights += w;
      }
    }
    return weights > 0 ? sum / weights - beta * Math.log1p(distance / coreRadius) : Double.NEGATIVE_INFINITY;
  }

  /** Width in {@code ln r} of {@link #logAmplitudeAt}'s window about its reference distance. */
  static final double AMPLITUDE_WINDOW = 0.5;

  /**
   * Writes {@code c0_i} of the event whose labels start at {@code labels[o]} to {@code logits[i]}, and
   * the cells' distances ({@link #distances}) to {@code scratch}, which {@link #radialCoordinates} reads.
   */
  void logits(float[] labels, int o, double[] logits, double[] scratch) {
    distances(labels, o, scratch);
    double beta = slopeOf(labels, o);
    for (int i = 0; i < cellX.length; i++) {
      logits[i] = -beta * Math.log1p(scratch[i] / coreRadius);
    }
  }

  /**
   * The slope model fitted to training events: least squares of {@code ln u} of the occupied cells
   * on {@code −β ln(1 + r/coreRadius)}, with {@code β} linear in {@code sec θ − 1} and {@code
   * label[energy]} (skipped for {@code energy < 0}), within each event (each event its own
   * intercept, which the softmax removes anyway).
   *
   * @param amounts per event and cell the physical amount, 0 where empty ({@code n × cells})
   * @param labels encoded labels ({@code n × labelDim})
   * @throws IllegalArgumentException if the events cannot determine the slopes
   */
  public static LateralPrior fit(double[] amounts, float[] labels, int labelDim, double[] cellX, double[] cellY,
      int coreX, int coreY, int axis, double coreRadius, int energy) {
    int cells = cellX.length;
    int n = amounts.length / cells;
    LateralPrior shape = new LateralPrior(cellX, cellY, coreX, coreY, axis, coreRadius, 0, 0, energy, 0);
    int terms = energy < 0 ? 2 : 3;
    double[][] a = new double[terms][terms];
    double[] b = new double[terms];
    double[] r = new double[cells];
    double[] lx = new double[cells];
    double[] ly = new double[cells];
    double[] z = new double[terms];
    for (int k = 0; k < n; k++) {
      int o = k * labelDim;
      shape.distances(labels, o, r);
      int m = 0;
      double mx = 0;
      double my = 0;
      for (int i = 0; i < cells; i++) {
        double u = amounts[k * cells + i];
        if (u > 0) {
          lx[m] = -Math.log1p(r[i] / coreRadius);
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
      double sec = shape.secantMinusOne(labels, o);
      double e = energy < 0 ? 0 : labels[o + energy];
      for (int j = 0; j < m; j++) {
        double dx = lx[j] - mx;
        z[0] = dx;
        z[1] = dx * sec;
        if (terms == 3) {
          z[2] = dx * e;
        }
        for (int p = 0; p < terms; p++) {
          b[p] += z[p] * (ly[j] - my);
          for (int q = 0; q < terms; q++) {
            a[p][q] += z[p] * z[q];
          }
        }
      }
    }
    DecompositionSolver solver = new QRDecomposition(MatrixUtils.createRealMatrix(a)).getSolver();
    if (!solver.isNonSingular()) {
      throw new IllegalArgumentException("the training events (three occupied cells at different distances, "
          + "several zenith angles and energies) cannot determine the lateral prior's slope");
    }
    double[] beta = solver.solve(MatrixUtils.createRealVector(b)).toArray();
    return new LateralPrior(cellX, cellY, coreX, coreY, axis, coreRadius, beta[0], beta[1], energy,
        terms == 3 ? beta[2] : 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LateralPrior p && Arrays.equals(cellX, p.cellX) && Arrays.equals(cellY, p.cellY)
        && coreX == p.coreX && coreY == p.coreY && axis == p.axis && coreRadius == p.coreRadius && slope == p.slope
        && slopePerSecant == p.slopePerSecant && energy == p.energy && slopePerEnergy == p.slopePerEnergy;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cellX) * 31 + Double.hashCode(slope);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "LateralPrior[%d cells, slope %.3f %+.3f (sec θ − 1) %+.3f label[%d], core radius %.3g]",
        cellX.length, slope, slopePerSecant, slopePerEnergy, energy, coreRadius);
  }
}
