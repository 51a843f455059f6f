package io.showers.datasets;

import io.showers.detector.EventBatch;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.util.List;

/** Operations on event batches of either detector. */
public final class Batches {
  private Batches() {}

  /** Concatenates batches of one detector, in order. */
  public static EventBatch concat(List<? extends EventBatch> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    EventBatch first = parts.get(0);
    if (first instanceof AirShowerEvents) {
      return AirShowerEvents.concat(parts.stream().map(AirShowerEvents.class::cast).toList());
    }
    if (first instanceof CalorimeterEvents) {
      return CalorimeterEvents.concat(parts.stream().map(CalorimeterEvents.class::cast).toList());
    }
    throw new IllegalArgumentException("unknown batch type " + first.getClass().getName());
  }
}
