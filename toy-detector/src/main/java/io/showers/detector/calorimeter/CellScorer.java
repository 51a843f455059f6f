package io.showers.detector.calorimeter;

/**
 * Scores sensor deposits into the cells of one event. Cell (row r, column c) of a layer covers
 * x ∈ [(c − cols/2)·pitch, (c + 1 − cols/2)·pitch) and likewise y with rows, so its centre is
 * x = (c − (cols − 1)/2)·pitch, y = (r − (rows − 1)/2)·pitch; (0, 0) is the middle of the layer.
 * Deposits outside the grid are counted in {@link #outsideMeV}.
 */
final class CellScorer implements DepositSink {
  private final int[] layerOfSlab;
  private final int rows;
  private final int cols;
  private final double invPitch;
  final double[] cellsMeV;
  double outsideMeV;

  CellScorer(SlabGeometry geometry, CalorimeterConfig config) {
    this.layerOfSlab = geometry.layer;
    this.rows = config.rows();
    this.cols = config.cols();
    this.invPitch = 1.0 / config.cellSizeMm();
    this.cellsMeV = new double[config.cells()];
  }

  void clear() {
    java.util.Arrays.fill(cellsMeV, 0);
    outsideMeV = 0;
  }

  @Override
  public void deposit(int slab, double xMm, double yMm, double zMm, double energyMeV) {
    int layer = layerOfSlab[slab];
    if (layer < 0) {
      return;
    }
    add(layer, xMm, yMm, energyMeV);
  }

  /** Adds energy to the cell of sensor layer {@code layer} containing (x, y). */
  void add(int layer, double xMm, double yMm, double energyMeV) {
    double fc = xMm * invPitch + 0.5 * cols;
    double fr = yMm * invPitch + 0.5 * rows;
    if (fc < 0 || fr < 0 || fc >= cols || fr >= rows) {
      outsideMeV += energyMeV;
      return;
    }
    cellsMeV[(layer * rows + (int) fr) * cols + (int) fc] += energyMeV;
  }

  /** Column of the cell containing x, or −1 outside the grid. */
  static int column(double xMm, double pitchMm, int cols) {
    double f = xMm / pitchMm + 0.5 * cols;
    return f < 0 || f >= cols ? -1 : (int) f;
  }
}
