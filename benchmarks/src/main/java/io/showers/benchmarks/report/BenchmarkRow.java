package io.showers.benchmarks.report;

import java.util.Arrays;

/**
 * One line of a benchmark report: a method at one setting, with its per-iteration milliseconds
 * per shower, or the reason it could not be measured.
 *
 * @param group what is benchmarked: {@link #CALORIMETER}, {@link #AIR_SHOWER}, {@link #GAN}, {@link #GAN_NETWORK},
 *     {@link #GAN_GPU}, {@link #AIR_GAN}, {@link #PYTORCH} or {@link #REFINER}
 * @param method reference, parametrised, fast, WGAN, ...
 * @param setting energy or batch, as shown ("50 GeV", "10 EeV", "batch 1000")
 * @param batch showers per call (1 for the simulators)
 * @param msPerShower per-iteration milliseconds per shower (per refined event for {@link #REFINER}); empty when
 *     not available
 * @param peakRssMiB peak resident memory of the JVM (or process) that ran it, -1 if unknown
 * @param unavailable why it was not measured, or null
 */
public record BenchmarkRow(String group, String method, String setting, int batch, double[] msPerShower,
    double peakRssMiB, String unavailable) {

  public static final String CALORIMETER = "calorimeter";
  public static final String AIR_SHOWER = "air shower";
  public static final String GAN = "GAN";
  public static final String GAN_NETWORK = "GAN network";
  public static final String GAN_GPU = "GAN GPU";
  /** The air-shower WGAN end to end (its speed-up is over the air-shower reference at 10 EeV). */
  public static final String AIR_GAN = "air-shower GAN";
  public static final String PYTORCH = "PyTorch";
  /** Applying a calorimeter refiner to simulated events: not a shower generator, so no speed-up. */
  public static final String REFINER = "refiner";

  public BenchmarkRow {
    msPerShower = msPerShower == null ? new double[0] : msPerShower.clone();
    if (unavailable == null && msPerShower.length == 0) {
      throw new IllegalArgumentException("a measured row needs at least one iteration: " + group + " " + setting);
    }
  }

  public static BenchmarkRow measured(String group, String method, String setting, int batch, double[] ms,
      double rss) {
    return new BenchmarkRow(group, method, setting, batch, ms, rss, null);
  }

  public static BenchmarkRow unavailable(String group, String method, String setting, int batch, String reason) {
    return new BenchmarkRow(group, method, setting, batch, null, -1, reason == null ? "unknown reason" : reason);
  }

  public boolean available() {
    return unavailable == null;
  }

  public double median() {
    return Stats.median(msPerShower);
  }

  public double p16() {
    return Stats.percentile(msPerShower, 16);
  }

  public double p84() {
    return Stats.percentile(msPerShower, 84);
  }

  @Override
  public double[] msPerShower() {
    return msPerShower.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BenchmarkRow r && group.equals(r.group) && method.equals(r.method)
        && setting.equals(r.setting) && batch == r.batch && Arrays.equals(msPerShower, r.msPerShower);
  }

  @Override
  public int hashCode() {
    return (group + method + setting).hashCode() * 31 + batch;
  }
}
