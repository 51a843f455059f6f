package io.showers.refinement;

import io.showers.generative.nn.Rng;

/**
 * The history buffer of Shrivastava et al. (2017): refined events of earlier steps, so the critic
 * keeps rejecting artefacts the refiner produced before instead of letting it oscillate between them.
 * Half of each fake batch comes from the buffer; half of the current batch replaces random entries.
 */
final class HistoryBuffer {
  private final int eventDim;
  private final int capacity;
  private final float[] events;
  private int size;

  /**
   * @param eventDim values per event
   * @param capacity events held at most
   */
  HistoryBuffer(int eventDim, int capacity) {
    if (eventDim < 1 || capacity < 1) {
      throw new IllegalArgumentException("history buffer needs positive sizes, got " + eventDim + " x " + capacity);
    }
    this.eventDim = eventDim;
    this.capacity = capacity;
    this.events = new float[eventDim * capacity];
  }

  int size() {
    return size;
  }

  /**
   * The critic's fake batch: {@code current} itself until the buffer holds half a batch, then the first
   * half of {@code current} and buffered events in the second half. Afterwards the first half of
   * {@code current} is stored (appended while there is room, else over random entries).
   */
  float[] mix(float[] current, int n, Rng rng) {
    int half = n / 2;
    float[] fake = current;
    if (size >= half) {
      fake = current.clone();
      for (int k = half; k < n; k++) {
        System.arraycopy(events, rng.nextInt(size) * eventDim, fake, k * eventDim, eventDim);
      }
    }
    for (int k = 0; k < half; k++) {
      int slot = size < capacity ? size++ : rng.nextInt(capacity);
      System.arraycopy(current, k * eventDim, events, slot * eventDim, eventDim);
    }
    return fake;
  }
}
