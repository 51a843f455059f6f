package io.showers.detector.calorimeter;

import io.showers.detector.Detector;
import io.showers.detector.EventBatch;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of calorimeter showers. Arrays are flat and event-major; cells are ordered
 * (layer, row = y index, column = x index) as in the HDF5 schema.
 *
 * @param size number of events N
 * @param layers sensitive layers
 * @param rows cells along y
 * @param cols cells along x
 * @param showersMip (N, layers, rows, cols) cell energies in MIP, zero below threshold
 * @param incidentEnergyGeV (N) beam energy, GeV
 * @param impactMm (N, 2) impact position (x, y) on the front face, millimetres, centre at 0
 * @param particlePdg (N) PDG code of the incident particle (11 = e−, 22 = γ)
 */
public record CalorimeterEvents(
    int size,
    int layers,
    int rows,
    int cols,
    float[] showersMip,
    float[] incidentEnergyGeV,
    float[] impactMm,
    int[] particlePdg)
    implements EventBatch {

  public CalorimeterEvents {
    if (showersMip == null || showersMip.length != size * layers * rows * cols) {
      throw new IllegalArgumentException(
          "calorimeter batch: 'showers' has "
              + (showersMip == null ? "no array" : showersMip.length + " values")
              + ", expected " + size * layers * rows * cols);
    }
    if (incidentEnergyGeV == null || incidentEnergyGeV.length != size
        || impactMm == null || impactMm.length != 2 * size
        || particlePdg == null || particlePdg.length != size) {
      throw new IllegalArgumentException(
          "calorimeter batch: label arrays do not match the event count " + size);
    }
  }

  /** An all-zero batch to be filled in place. */
  public static CalorimeterEvents allocate(int size, int layers, int rows, int cols) {
    return new CalorimeterEvents(
        size, layers, rows, cols,
        new float[size * layers * rows * cols], new float[size], new float[2 * size], new int[size]);
  }

  /** Cells per event. */
  public int cells() {
    return layers * rows * cols;
  }

  @Override
  public Detector detector() {
    return Detector.CALORIMETER;
  }

  @Override
  public CalorimeterEvents slice(int from, int to) {
    int c = cells();
    return new CalorimeterEvents(
        to - from, layers, rows, cols,
        Arrays.copyOfRange(showersMip, from * c, to * c),
        Arrays.copyOfRange(incidentEnergyGeV, from, to),
        Arrays.copyOfRange(impactMm, 2 * from, 2 * to),
        Arrays.copyOfRange(particlePdg, from, to));
  }

  /** Concatenates batches of the same layout, in order. */
  public static CalorimeterEvents concat(List<CalorimeterEvents> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    CalorimeterEvents first = parts.get(0);
    int n = parts.stream().mapToInt(CalorimeterEvents::size).sum();
    CalorimeterEvents out = allocate(n, first.layers, first.rows, first.cols);
    int at = 0;
    int c = first.cells();
    for (CalorimeterEvents p : parts) {
      if (p.layers != first.layers || p.rows != first.rows || p.cols != first.cols) {
        throw new IllegalArgumentException("cannot concatenate calorimeter batches of different layouts");
      }
      System.arraycopy(p.showersMip, 0, out.showersMip, at * c, p.size * c);
      System.arraycopy(p.incidentEnergyGeV, 0, out.incidentEnergyGeV, at, p.size);
      System.arraycopy(p.impactMm, 0, out.impactMm, 2 * at, 2 * p.size);
      System.arraycopy(p.particlePdg, 0, out.particlePdg, at, p.size);
      at += p.size;
    }
    return out;
  }
}
