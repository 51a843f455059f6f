package io.showers.generative.nn;

/**
 * A small, fast, splittable pseudo-random generator (SplitMix64) whose whole state is one
 * {@code long}, so a training run can checkpoint and restore it exactly.
 *
 * <p>Not thread-safe; give each thread its own instance (for example {@link #split()}).
 */
public final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  /** A generator seeded with {@code seed}. */
  public Rng(long seed) {
    this.state = mix(seed);
  }

  private Rng(long state, boolean raw) {
    this.state = state;
  }

  /** Recreates a generator from a value returned by {@link #state()}. */
  public static Rng fromState(long state) {
    return new Rng(state, true);
  }

  /** The full generator state, for checkpoints. */
  public long state() {
    return state;
  }

  /** A new independent generator derived from this one (advances this one by one draw). */
  public Rng split() {
    return new Rng(nextLong());
  }

  /**
   * A seed from the bits of {@code values[from .. to)}: the same values, the same seed (a
   * multiply–xorshift hash, so nearby values give unrelated seeds).
   */
  public static long seedOf(float[] values, int from, int to) {
    long h = GOLDEN;
    for (int i = from; i < to; i++) {
      h = (h ^ Float.floatToRawIntBits(values[i])) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    return h;
  }

  /** Next 64 random bits. */
  public long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform integer in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Standard normal deviate (Box-Muller, one value per two uniforms, no cached state). */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1]
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
