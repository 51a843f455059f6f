package io.showers.detector;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a generator over a range of global event indices on several threads and hands the
 * batches to a consumer in event order. Because every event draws from its own derived stream,
 * the output is identical for any thread count or batch size.
 */
public final class Production {

  private Production() {}

  /**
   * Produces events {@code [firstEvent, firstEvent + count)}.
   *
   * @param sampler draws the labels
   * @param generator turns labels into events
   * @param seed master seed of the production
   * @param firstEvent global index of the first event (non-zero for shards)
   * @param count number of events
   * @param batchSize events per work unit (any value gives the same events)
   * @param threads worker threads (1 runs in the calling thread)
   * @param sink receives batches in order, on the calling thread
   * @param progress told after each finished batch
   */
  public static <C extends Conditions, E extends EventBatch> void run(
      ConditionSampler<C> sampler,
      ShowerGenerator<C, E> generator,
      long seed,
      long firstEvent,
      long count,
      int batchSize,
      int threads,
      Consumer<? super E> sink,
      ProgressListener progress) {
    if (count < 0 || batchSize < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "invalid production: count=" + count + ", batchSize=" + batchSize + ", threads=" + threads);
    }
    if (threads == 1 || !generator.isThreadSafe()) {
      for (long start = firstEvent; start < firstEvent + count; start += batchSize) {
        int n = (int) Math.min(batchSize, firstEvent + count - start);
        E batch = generator.generate(sampler.sample(seed, start, n), seed, start);
        sink.accept(batch);
        progress.advance(n);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "showers-production");
      t.setDaemon(true);
      return t;
    });
    try {
      Deque<Future<E>> inFlight = new ArrayDeque<>();
      int window = 4 * threads; // bounded memory: at most this many finished batches wait
      long next = firstEvent;
      long end = firstEvent + count;
      while (next < end || !inFlight.isEmpty()) {
        while (next < end && inFlight.size() < window) {
          final long start = next;
          final int n = (int) Math.min(batchSize, end - start);
          inFlight.add(pool.submit(() -> {
            E batch = generator.generate(sampler.sample(seed, start, n), seed, start);
            progress.advance(n);
            return batch;
          }));
          next += n;
        }
        sink.accept(inFlight.poll().get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("production interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("production failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
  }
}
