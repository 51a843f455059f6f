package io.showers.datasets;

import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Air-shower files: keys of the textbook's air-shower tutorial data. */
public final class AirShowerSchema extends Schema {
  static final AirShowerSchema INSTANCE = new AirShowerSchema();

  private static final List<ArraySpec> ARRAYS = List.of(
      new ArraySpec("signal", false, "VEM", "integrated station signal S; NaN = not triggered", true),
      new ArraySpec("time", false, "us", "first-particle arrival time T relative to the earliest triggered station; NaN = not triggered", true),
      new ArraySpec("traces", false, "VEM", "signal per time bin", false),
      new ArraySpec("energy", false, "EeV", "primary energy", true),
      new ArraySpec("showeraxis", false, "1", "unit vector from the ground towards the source", true),
      new ArraySpec("showercore", false, "m", "core position (x, y) on the ground, array centre at 0", true),
      new ArraySpec("xmax", false, "g/cm2", "depth of shower maximum", true),
      new ArraySpec("mass", false, "1", "primary mass number A", true));

  private AirShowerSchema() {}

  @Override
  public Detector detector() {
    return Detector.AIRSHOWER;
  }

  @Override
  public List<ArraySpec> arrays() {
    return ARRAYS;
  }

  @Override
  public int[] eventShape(String array, DetectorConfig config) {
    ArrayConfig a = (ArrayConfig) config;
    int side = a.stationsPerSide();
    return switch (array) {
      case "signal", "time" -> new int[] {side, side};
      case "traces" -> new int[] {side, side, a.traceBins()};
      case "energy", "xmax", "mass" -> new int[] {};
      case "showeraxis" -> new int[] {3};
      case "showercore" -> new int[] {2};
      default -> throw new IllegalArgumentException("no array '" + array + "' in " + attribute());
    };
  }

  @Override
  public List<Column> columns(EventBatch batch) {
    AirShowerEvents e = (AirShowerEvents) batch;
    int n = e.size();
    int side = e.side();
    List<Column> cols = new ArrayList<>();
    cols.add(new Column("signal", e.signalVem(), withEvents(n, side, side)));
    cols.add(new Column("time", e.timeUs(), withEvents(n, side, side)));
    if (e.hasTraces()) {
      cols.add(new Column("traces", e.tracesVem(), withEvents(n, side, side, e.traceBins())));
    }
    cols.add(new Column("energy", e.energyEeV(), withEvents(n)));
    cols.add(new Column("showeraxis", e.showerAxis(), withEvents(n, 3)));
    cols.add(new Column("showercore", e.showerCoreM(), withEvents(n, 2)));
    cols.add(new Column("xmax", e.xmaxGcm2(), withEvents(n)));
    cols.add(new Column("mass", e.massA(), withEvents(n)));
    return cols;
  }

  @Override
  public EventBatch batch(int size, Map<String, Column> c, DetectorConfig config) {
    ArrayConfig a = (ArrayConfig) config;
    return new AirShowerEvents(
        size, a.stationsPerSide(), a.traceBins(),
        floats(c, "signal"), floats(c, "time"), floats(c, "traces"), floats(c, "energy"),
        floats(c, "showeraxis"), floats(c, "showercore"), floats(c, "xmax"), floats(c, "mass"));
  }
}
