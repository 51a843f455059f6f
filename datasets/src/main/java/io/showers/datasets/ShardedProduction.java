package io.showers.datasets;

import io.showers.detector.ConditionSampler;
import io.showers.detector.Conditions;
import io.showers.detector.EventBatch;
import io.showers.detector.ProgressListener;
import io.showers.detector.Production;
import io.showers.detector.ShowerGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a generator for the shards of a {@link ShardPlan} and writes each shard atomically.
 * Shards that already exist with the same producer, seed and events are kept, so an interrupted
 * production is resumed by running the same command again.
 */
public final class ShardedProduction {
  private ShardedProduction() {}

  /** What a production did. */
  public record Result(List<Path> written, List<Path> kept, long events) {}

  /**
   * Produces this job's shards.
   *
   * @param threads worker threads (output is identical for any value)
   * @param batchSize events per work unit
   * @param overwrite replace existing files that differ (never needed for identical shards)
   */
  public static <C extends Conditions, E extends EventBatch> Result run(
      ConditionSampler<C> sampler,
      ShowerGenerator<C, E> generator,
      ShardPlan plan,
      long seed,
      int threads,
      int batchSize,
      boolean overwrite,
      ProgressListener progress) {
    String producer = generator.producer();
    List<Path> written = new ArrayList<>();
    List<Path> kept = new ArrayList<>();
    List<Integer> todo = new ArrayList<>();
    for (int shard : plan.myShards()) {
      Path file = plan.file(shard);
      if (!overwrite && Files.exists(file) && sameShard(file, producer, seed, plan, shard)) {
        kept.add(file);
        progress.advance(plan.shardEvents(shard));
        continue;
      }
      ShowerFileWriter.prepareTarget(file, overwrite);
      todo.add(shard);
    }
    for (int shard : todo) {
      Path file = plan.file(shard);
      List<E> parts = new ArrayList<>();
      Production.run(sampler, generator, seed, plan.firstEvent(shard), plan.shardEvents(shard),
          batchSize, threads, parts::add, progress);
      EventBatch events = Batches.concat(parts);
      FileMetadata meta = FileMetadata.of(generator.detector(), producer, seed, plan.firstEvent(shard));
      ShowerFileWriter.write(file, events, meta, overwrite);
      written.add(file);
    }
    return new Result(written, kept, plan.myEvents());
  }

  private static boolean sameShard(Path file, String producer, long seed, ShardPlan plan, int shard) {
    try (ShowerFile f = ShowerFile.open(file)) {
      FileMetadata m = f.metadata();
      return m.producer().equals(producer) && m.seed() == seed
          && m.firstEvent() == plan.firstEvent(shard) && f.size() == plan.shardEvents(shard);
    } catch (DatasetException e) {
      return false;
    }
  }
}
