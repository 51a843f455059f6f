package io.showers.benchmarks;

import io.showers.datasets.nd4j.NativeBinary;

/**
 * Entry point of {@code benchmarks.jar}: selects the libnd4j binary for this CPU (forked JMH
 * JVMs do the same in their setup), then hands over to JMH's own command line.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    NativeBinary.select();
    org.openjdk.jmh.Main.main(args);
  }
}
