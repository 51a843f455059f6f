package io.showers.detector.calorimeter;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;

/**
 * A sampling electromagnetic calorimeter: absorber plates, each followed by a silicon sensor
 * layer segmented into rows × columns of square cells (defaults after the CMS HGCAL 2017
 * beam-test prototype used in arXiv:1807.01954).
 *
 * @param absorber absorber material name (see the material table of the simulator)
 * @param absorberBeforeLayerX0 absorber thickness in front of each sensor layer, in radiation
 *     lengths X0; its length is the number of sensitive layers
 * @param sensorThicknessUm silicon sensor thickness, micrometres
 * @param rows cells per layer along y
 * @param cols cells per layer along x
 * @param cellSizeMm cell pitch (square cells), millimetres
 * @param thresholdMip cells below this energy are set to zero, in MIP
 */
public record CalorimeterConfig(
    String absorber,
    double[] absorberBeforeLayerX0,
    double sensorThicknessUm,
    int rows,
    int cols,
    double cellSizeMm,
    double thresholdMip)
    implements DetectorConfig {

  /** Seven tungsten/silicon layers sampling the shower to 19.2 X0, 12×15 cells of 1 cm², 2 MIP. */
  public static CalorimeterConfig defaults() {
    return new CalorimeterConfig(
        "W", new double[] {2.4, 2.4, 2.4, 2.4, 3.2, 3.2, 3.2}, 300.0, 12, 15, 10.0, 2.0);
  }

  @Override
  @JsonIgnore
  public Detector kind() {
    return Detector.CALORIMETER;
  }

  /** Number of sensitive layers. */
  @JsonIgnore
  public int layers() {
    return absorberBeforeLayerX0.length;
  }

  /** Cells per event, layers × rows × cols. */
  @JsonIgnore
  public int cells() {
    return layers() * rows * cols;
  }

  /** x of the centre of cell column {@code col}, mm from the beam axis. */
  public double cellCentreXMm(int col) {
    return (col - (cols - 1) / 2.0) * cellSizeMm;
  }

  /** y of the centre of cell row {@code row}, mm from the beam axis. */
  public double cellCentreYMm(int row) {
    return (row - (rows - 1) / 2.0) * cellSizeMm;
  }

  /** Depth of the back face of the absorber in front of sensor layer {@code layer}, X0. */
  public double layerDepthX0(int layer) {
    double depth = 0;
    for (int i = 0; i <= layer; i++) {
      depth += absorberBeforeLayerX0[i];
    }
    return depth;
  }

  @Override
  public void validate() {
    if (absorber == null || absorber.isBlank()) {
      throw new IllegalArgumentException("calorimeter: absorber material is missing");
    }
    Materials.get(absorber); // unknown material: one-line error naming the known ones
    if (absorberBeforeLayerX0 == null || absorberBeforeLayerX0.length == 0) {
      throw new IllegalArgumentException(
          "calorimeter: the geometry has no sensitive layer; expected at least one entry in"
              + " absorberBeforeLayerX0");
    }
    for (double t : absorberBeforeLayerX0) {
      if (!(t >= 0 && t <= 50)) {
        throw new IllegalArgumentException(
            "calorimeter: absorber thickness " + t + " X0 is invalid; expected [0, 50] X0");
      }
    }
    require(sensorThicknessUm > 0 && sensorThicknessUm <= 5000, "sensorThicknessUm", sensorThicknessUm, "(0, 5000] µm");
    require(rows >= 1 && rows <= 1000, "rows", rows, "1..1000");
    require(cols >= 1 && cols <= 1000, "cols", cols, "1..1000");
    require(cellSizeMm > 0 && cellSizeMm <= 1000, "cellSizeMm", cellSizeMm, "(0, 1000] mm");
    require(thresholdMip >= 0, "thresholdMip", thresholdMip, ">= 0 MIP");
  }

  private static void require(boolean ok, String name, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(
          "calorimeter: " + name + " = " + value + " is invalid; expected " + expected);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CalorimeterConfig c && toJson().equals(c.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "CalorimeterConfig" + toJson();
  }
}
