package io.showers.detector;

/**
 * Anything that turns a batch of conditions (labels) into a batch of events of one detector:
 * the reference simulators, the parametrised fast simulation and trained generators all
 * implement it, so one can replace another without touching downstream code.
 *
 * <p>Reproducibility contract: event {@code k} of a call depends only on its conditions and on
 * {@code Seeds.event(seed, firstEventIndex + k)}, never on the batch size or on the thread that
 * runs it. A production split into batches, threads or shards therefore gives the same events
 * as one call.
 *
 * @param <C> the conditions type of the detector
 * @param <E> the event batch type of the detector
 */
public interface ShowerGenerator<C extends Conditions, E extends EventBatch> {

  /** The detector configuration the events are produced for. */
  DetectorConfig detector();

  /** A JSON description of this producer (name, version, mode, settings) for file metadata. */
  String producer();

  /**
   * Generates one event per condition.
   *
   * @param conditions labels of the events to produce
   * @param seed the production's master seed
   * @param firstEventIndex global index of the first event of this batch within the production
   */
  E generate(C conditions, long seed, long firstEventIndex);

  /** Generates a batch whose first event has global index 0. */
  default E generate(C conditions, long seed) {
    return generate(conditions, seed, 0);
  }

  /** Whether instances may be called concurrently from several threads. */
  default boolean isThreadSafe() {
    return true;
  }

  /**
   * Events per call when the user does not choose (any value gives the same events): 64 for generators called from
   * several threads at once, 1000 for those that parallelise inside a batch.
   */
  default int preferredBatchSize() {
    return isThreadSafe() ? 64 : 1000;
  }
}
