package io.showers.detector;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Per-event random streams derived from one master seed, so results do not depend on how
 * events are split into batches, threads or shards.
 */
public final class Seeds {
  private static final long LABEL_STREAM = 0x4c4142454c53L; // "LABELS"
  private static final long EVENT_STREAM = 0x4556454e5453L; // "EVENTS"
  private static final long SHARD_STREAM = 0x5348415244L; // "SHARD"

  private Seeds() {}

  /** SplitMix64 finaliser: a bijective, well-mixing 64-bit hash. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A seed derived from a parent seed and an index; distinct indices give unrelated seeds. */
  public static long derive(long parent, long index) {
    return mix(mix(parent + 0x9e3779b97f4a7c15L) ^ (index * 0xd1342543de82ef95L + 0x632be59bd9b4e019L));
  }

  /** Seed of the shower randomness of global event {@code index}. */
  public static long event(long seed, long index) {
    return derive(derive(seed, EVENT_STREAM), index);
  }

  /** Seed of the label randomness of global event {@code index}. */
  public static long labels(long seed, long index) {
    return derive(derive(seed, LABEL_STREAM), index);
  }

  /** The seed recorded in shard {@code shard}'s file (the events themselves use global indices). */
  public static long shard(long seed, int shard) {
    return derive(derive(seed, SHARD_STREAM), shard);
  }

  /** A fast, high-quality generator for one event's stream (xoroshiro128++). */
  public static UniformRandomProvider rng(long seed) {
    return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
  }
}
