package io.showers.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a production of {@code events} events is cut into files: fixed blocks of
 * {@code shardSize} events, shard {@code j} holding global events
 * {@code [j·shardSize, min((j+1)·shardSize, events))} in {@code name-0000j.h5}. Job {@code i}
 * of {@code n} (a batch-system array task) writes the shards with {@code j mod n == i}, so file
 * names and contents do not depend on how many jobs ran, and a lost shard is redone by index.
 * A production that fits in one shard and runs as one job is written to the output name itself.
 *
 * @param output the requested output, e.g. {@code out/calo.h5}
 * @param events total events of the production
 * @param shardSize events per shard file
 * @param job this job's index, 0-based
 * @param jobs number of jobs
 */
public record ShardPlan(Path output, long events, int shardSize, int job, int jobs) {

  public ShardPlan {
    if (events < 1) {
      throw new IllegalArgumentException("number of events must be positive, got " + events);
    }
    if (shardSize < 1) {
      throw new IllegalArgumentException("shard size must be positive, got " + shardSize);
    }
    if (jobs < 1 || job < 0 || job >= jobs) {
      throw new IllegalArgumentException(
          "shard " + job + "/" + jobs + " is invalid; expected i/n with 0 <= i < n");
    }
    String name = output.getFileName().toString();
    if (!name.endsWith(".h5")) {
      throw new IllegalArgumentException("output " + output + " must end in .h5");
    }
  }

  /** Parses {@code "i/n"}. */
  public static int[] parseJob(String spec) {
    String[] p = spec.split("/");
    try {
      if (p.length == 2) {
        int i = Integer.parseInt(p[0].trim());
        int n = Integer.parseInt(p[1].trim());
        if (n >= 1 && i >= 0 && i < n) {
          return new int[] {i, n};
        }
      }
    } catch (NumberFormatException ignored) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--shard '" + spec + "' is invalid; expected i/n with 0 <= i < n, e.g. 3/10");
  }

  public long shardCount() {
    return (events + shardSize - 1) / shardSize;
  }

  /** Whether the output is written as numbered shards rather than the single named file. */
  public boolean sharded() {
    return shardCount() > 1 || jobs > 1;
  }

  /** The shard indices this job writes. */
  public List<Integer> myShards() {
    List<Integer> out = new ArrayList<>();
    for (long j = job; j < shardCount(); j += jobs) {
      out.add((int) j);
    }
    return out;
  }

  public long firstEvent(int shard) {
    return (long) shard * shardSize;
  }

  public int shardEvents(int shard) {
    return (int) Math.min(shardSize, events - firstEvent(shard));
  }

  /** The file of shard {@code j}. */
  public Path file(int shard) {
    if (!sharded()) {
      return output;
    }
    String stem = output.getFileName().toString().replaceFirst("\\.h5$", "");
    return output.resolveSibling(String.format("%s-%05d.h5", stem, shard));
  }

  /** Events this job writes. */
  public long myEvents() {
    return myShards().stream().mapToLong(this::shardEvents).sum();
  }
}
