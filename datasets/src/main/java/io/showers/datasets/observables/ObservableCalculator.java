package io.showers.datasets.observables;

import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;

/** Computes the observable table of any event batch with its detector configuration. */
public final class ObservableCalculator {
  private ObservableCalculator() {}

  public static Observables compute(EventBatch batch, DetectorConfig config) {
    if (batch instanceof CalorimeterEvents c && config instanceof CalorimeterConfig cc) {
      return CalorimeterObservables.compute(c, cc);
    }
    if (batch instanceof AirShowerEvents a && config instanceof ArrayConfig ac) {
      return AirShowerObservables.compute(a, ac);
    }
    throw new IllegalArgumentException(
        "events of the " + batch.detector() + " detector do not match a " + config.kind() + " configuration");
  }
}
