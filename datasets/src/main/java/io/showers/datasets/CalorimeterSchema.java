package io.showers.datasets;

import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.util.List;
import java.util.Map;

/** Calorimeter files: keys of the Fast Calorimeter Simulation Challenge 2022. */
public final class CalorimeterSchema extends Schema {
  static final CalorimeterSchema INSTANCE = new CalorimeterSchema();

  private static final List<ArraySpec> ARRAYS = List.of(
      new ArraySpec("showers", false, "MIP", "cell energies (layer, row = y, column = x); 0 below threshold", true),
      new ArraySpec("incident_energies", false, "GeV", "incident particle energy", true),
      new ArraySpec("impact", false, "mm", "impact position (x, y) on the front face, centre at 0", true),
      new ArraySpec("particle", true, "1", "PDG code of the incident particle (11 = e-, 22 = gamma)", true));

  private CalorimeterSchema() {}

  @Override
  public Detector detector() {
    return Detector.CALORIMETER;
  }

  @Override
  public List<ArraySpec> arrays() {
    return ARRAYS;
  }

  @Override
  public int[] eventShape(String array, DetectorConfig config) {
    CalorimeterConfig c = (CalorimeterConfig) config;
    return switch (array) {
      case "showers" -> new int[] {c.layers(), c.rows(), c.cols()};
      case "incident_energies" -> new int[] {1};
      case "impact" -> new int[] {2};
      case "particle" -> new int[] {};
      default -> throw new IllegalArgumentException("no array '" + array + "' in " + attribute());
    };
  }

  @Override
  public List<Column> columns(EventBatch batch) {
    CalorimeterEvents e = (CalorimeterEvents) batch;
    int n = e.size();
    return List.of(
        new Column("showers", e.showersMip(), withEvents(n, e.layers(), e.rows(), e.cols())),
        new Column("incident_energies", e.incidentEnergyGeV(), withEvents(n, 1)),
        new Column("impact", e.impactMm(), withEvents(n, 2)),
        new Column("particle", e.particlePdg(), withEvents(n)));
  }

  @Override
  public EventBatch batch(int size, Map<String, Column> c, DetectorConfig config) {
    CalorimeterConfig cc = (CalorimeterConfig) config;
    return new CalorimeterEvents(
        size, cc.layers(), cc.rows(), cc.cols(),
        floats(c, "showers"), floats(c, "incident_energies"), floats(c, "impact"),
        (int[]) c.get("particle").data());
  }
}
