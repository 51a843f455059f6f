package io.showers.datasets.metrics;

import io.showers.datasets.observables.Column;
import io.showers.datasets.observables.Observables;
import java.util.List;

/**
 * FPD and KPD on the high-level observables (labels left out; undefined values set to 0).
 *
 * @param features the observable names used
 * @param fpd Fréchet physics distance
 * @param kpd kernel physics distance
 */
public record PhysicsDistances(List<String> features, FrechetDistance.Result fpd, KernelDistance.Result kpd) {

  /** The columns FPD/KPD use: observables, not labels. */
  public static List<String> featureNames(Observables o) {
    return o.columns(c -> !c.kind().isLabel()).stream().map(Column::name).toList();
  }

  public static PhysicsDistances compute(Observables reference, Observables candidate,
      FrechetDistance.Options fo, KernelDistance.Options ko) {
    List<String> names = featureNames(reference);
    double[][] x = reference.matrix(names, 0);
    double[][] y = candidate.matrix(names, 0);
    return new PhysicsDistances(names, FrechetDistance.fpd(x, y, fo), KernelDistance.kpd(x, y, ko));
  }
}
