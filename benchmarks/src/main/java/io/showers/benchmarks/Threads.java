package io.showers.benchmarks;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The number of threads ND4J uses in a benchmark JVM: {@code -Dshowers.threads=N} (set by
 * {@code showers benchmark --threads N}) caps libnd4j's op threads and the BLAS threads; without
 * it ND4J's defaults (OMP_NUM_THREADS or all cores) apply.
 */
public final class Threads {
  public static final String PROPERTY = "showers.threads";

  private Threads() {}

  /** The requested thread count, or 0 for ND4J's default. */
  public static int requested() {
    String v = System.getProperty(PROPERTY, "");
    try {
      return v.isEmpty() ? 0 : Math.max(0, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Applies the requested cap (call after {@code NativeBinary.select()}, before timing). */
  public static void apply() {
    int n = requested();
    if (n > 0) {
      Nd4j.getEnvironment().setMaxThreads(n);
      Nd4j.getEnvironment().setMaxMasterThreads(n);
      Nd4j.factory().blas().setMaxThreads(n);
    }
  }
}
