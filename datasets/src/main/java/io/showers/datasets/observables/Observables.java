package io.showers.datasets.observables;

import io.showers.detector.Detector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A table of per-event high-level observables: named columns of {@code double[]} with units,
 * all of the same length, plus per-event profiles. Metrics and plots consume it.
 */
public final class Observables {
  private final Detector detector;
  private final int size;
  private final Map<String, Column> columns = new LinkedHashMap<>();
  private final Map<String, Profile> profiles = new LinkedHashMap<>();

  public Observables(Detector detector, int size) {
    this.detector = detector;
    this.size = size;
  }

  public Detector detector() {
    return detector;
  }

  /** Number of events (rows). */
  public int size() {
    return size;
  }

  /** Adds a column; its length must equal {@link #size()} and its name must be new. */
  public Observables add(Column c) {
    if (c.values().length != size) {
      throw new IllegalArgumentException(
          "column " + c.name() + " has " + c.values().length + " values, table has " + size + " events");
    }
    if (columns.putIfAbsent(c.name(), c) != null) {
      throw new IllegalArgumentException("duplicate column " + c.name());
    }
    return this;
  }

  public Observables add(String name, String unit, String description, Column.Kind kind, double[] values) {
    return add(new Column(name, unit, description, kind, values));
  }

  public Observables add(Profile p) {
    if (p.events() != size) {
      throw new IllegalArgumentException("profile " + p.name() + " has " + p.events() + " events, table has " + size);
    }
    profiles.put(p.name(), p);
    return this;
  }

  public List<Column> columns() {
    return Collections.unmodifiableList(new ArrayList<>(columns.values()));
  }

  public List<Column> columns(Predicate<Column> filter) {
    return columns.values().stream().filter(filter).toList();
  }

  public List<String> names() {
    return List.copyOf(columns.keySet());
  }

  public Column column(String name) {
    Column c = columns.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no observable '" + name + "'; have " + columns.keySet());
    }
    return c;
  }

  public boolean has(String name) {
    return columns.containsKey(name);
  }

  public double[] values(String name) {
    return column(name).values();
  }

  public List<Profile> profiles() {
    return List.copyOf(profiles.values());
  }

  public Profile profile(String name) {
    Profile p = profiles.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no profile '" + name + "'; have " + profiles.keySet());
    }
    return p;
  }

  /** The energy-label column (exactly one per detector table). */
  public Column energyLabel() {
    return columns.values().stream()
        .filter(c -> c.kind() == Column.Kind.ENERGY_LABEL)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("table has no energy label column"));
  }

  /**
   * The named columns as an (N, d) row-major matrix; NaN (undefined) values become {@code fill}.
   */
  public double[][] matrix(List<String> names, double fill) {
    double[][] m = new double[size][names.size()];
    for (int j = 0; j < names.size(); j++) {
      double[] v = values(names.get(j));
      for (int i = 0; i < size; i++) {
        m[i][j] = Double.isFinite(v[i]) ? v[i] : fill;
      }
    }
    return m;
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a new table. */
  public Observables slice(int from, int to) {
    Observables o = new Observables(detector, to - from);
    for (Column c : columns.values()) {
      o.add(new Column(c.name(), c.unit(), c.description(), c.kind(),
          java.util.Arrays.copyOfRange(c.values(), from, to)));
    }
    for (Profile p : profiles.values()) {
      int b = p.bins();
      o.add(new Profile(p.name(), p.xTitle(), p.yTitle(), p.x(),
          java.util.Arrays.copyOfRange(p.values(), from * b, to * b), p.logY()));
    }
    return o;
  }

  @Override
  public String toString() {
    return "Observables[" + detector + ", " + size + " events, " + columns.keySet() + "]";
  }
}
