package io.showers.datasets.observables;

import java.util.Objects;

/**
 * One named per-event quantity: {@code values[i]} belongs to event i; NaN means "not defined
 * for this event" (e.g. an LDF slope with too few stations) and is left out of histograms.
 *
 * @param name short machine name (snake case), unique within a table
 * @param unit physical unit as text ("MIP", "mm", "VEM", "deg", "" for dimensionless)
 * @param description one line for plots and reports
 * @param kind whether it is a label or an observable, and whether it uses the energy label
 * @param values one value per event
 */
public record Column(String name, String unit, String description, Kind kind, double[] values) {

  /** What a column is, so that metrics choose their inputs (e.g. no energy label in a regressor). */
  public enum Kind {
    /** The energy label (incident energy, primary energy). */
    ENERGY_LABEL,
    /** Another label (impact position, shower axis, core, particle type). */
    LABEL,
    /** Computed from the event alone or with non-energy labels (true core, axis). */
    OBSERVABLE,
    /** An observable normalised by the energy label (e.g. deposited/incident energy). */
    PER_ENERGY;

    /** True for ENERGY_LABEL and LABEL. */
    public boolean isLabel() {
      return this == ENERGY_LABEL || this == LABEL;
    }

    /** True if the column depends on the energy label, so an energy regressor must not see it. */
    public boolean usesEnergy() {
      return this == ENERGY_LABEL || this == PER_ENERGY;
    }
  }

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
    unit = unit == null ? "" : unit;
    description = description == null ? name : description;
    kind = kind == null ? Kind.OBSERVABLE : kind;
  }

  /** "name [unit]" or just the name if dimensionless, for axis titles. */
  public String axisTitle() {
    return unit.isEmpty() ? name : name + " [" + unit + "]";
  }

  /** Number of finite values. */
  public int finiteCount() {
    int n = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        n++;
      }
    }
    return n;
  }
}
