package io.showers.cli;

import io.showers.datasets.ShardPlan;
import io.showers.datasets.ShardedProduction;
import io.showers.detector.ConditionSampler;
import io.showers.detector.Conditions;
import io.showers.detector.EventBatch;
import io.showers.detector.ShowerGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that produces event files (simulate, generate, refine apply). */
public final class ProductionOptions {

  @Option(names = {"-n", "--events"}, required = true, paramLabel = "N",
      description = "Number of events to produce (over all shards).")
  long events;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.h5",
      description = "Output HDF5 file. Large or sharded productions write FILE-00000.h5, FILE-00001.h5, ... beside it.")
  Path output;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
      description = "Master seed; event k depends only on (seed, k). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--threads", paramLabel = "T",
      description = "Worker threads (the output is identical for any value). Default: all cores.")
  Integer threads;

  @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1",
      description = "Write only the shards j with j mod n = i (job i of n of a batch-system array). Default: ${DEFAULT-VALUE}.")
  String shard;

  @Option(names = "--shard-size", paramLabel = "EVENTS",
      description = "Events per shard file (bounds memory: a file is written whole). Default: depends on the detector.")
  Integer shardSize;

  @Option(names = "--batch-size", paramLabel = "EVENTS",
      description = "Events per work unit (any value gives the same events). Default: 64 for simulators,"
          + " 1000 for networks, which parallelise inside each batch, 10240 on the GPU.")
  Integer batchSize;

  @Option(names = "--force", description = "Overwrite existing output files.")
  boolean force;

  int threads() {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1 || t > 1024) {
      throw new UserException("--threads " + t + " is invalid; expected 1..1024");
    }
    return t;
  }

  /**
   * Checks the options (event count, batch and shard sizes, shard job) without producing anything: for callers that
   * must set up something expensive first (a GPU) and should refuse bad input before that.
   */
  public void validate(int defaultShardSize) {
    plan(defaultShardSize);
    threads();
  }

  ShardPlan plan(int defaultShardSize) {
    if (events < 1) {
      throw new UserException("-n " + events + " is invalid; expected a positive number of events");
    }
    if (batchSize != null && batchSize < 1) {
      throw new UserException("--batch-size " + batchSize + " is invalid; expected a positive number");
    }
    int size = shardSize == null ? defaultShardSize : shardSize;
    if (size < 1) {
      throw new UserException("--shard-size " + size + " is invalid; expected a positive number");
    }
    int[] job = ShardPlan.parseJob(shard);
    return new ShardPlan(output, events, size, job[0], job[1]);
  }

  /**
   * Runs a production with a progress bar and prints what was written.
   *
   * @param defaultShardSize events per shard when {@code --shard-size} is not given
   */
  public <C extends Conditions, E extends EventBatch> ShardedProduction.Result run(
      String task, ConditionSampler<C> sampler, ShowerGenerator<C, E> generator,
      int defaultShardSize, PrintWriter out) {
    ShardPlan plan = plan(defaultShardSize);
    long start = System.nanoTime();
    ShardedProduction.Result r;
    try (ProgressBars.Bar bar = ProgressBars.start(task, plan.myEvents(), "events")) {
      int batch = batchSize != null ? batchSize : generator.preferredBatchSize();
      r = ShardedProduction.run(sampler, generator, plan, seed, threads(), batch, force, bar);
    }
    double s = (System.nanoTime() - start) / 1e9;
    for (Path p : r.kept()) {
      out.println("kept    " + p + " (complete, same producer and seed)");
    }
    for (Path p : r.written()) {
      out.println("wrote   " + p);
    }
    out.printf("%d events in %.1f s (%.1f events/s, %d threads)%n",
        r.events(), s, r.events() / Math.max(s, 1e-9), threads());
    return r;
  }
}
