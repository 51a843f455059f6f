package io.showers.detector.airshower;

import io.showers.detector.Production;
import io.showers.detector.ProgressListener;
import java.util.Arrays;

/**
 * Not a test: measures showers per second of both modes at fixed energies (median of several
 * runs). Run with
 * {@code java -cp toy-detector/target/classes:toy-detector/target/test-classes:<deps> io.showers.detector.airshower.AirShowerThroughput [threads] [runs]}.
 */
public final class AirShowerThroughput {
  private AirShowerThroughput() {}

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ArrayConfig array = ArrayConfig.defaults();
    System.out.printf("threads=%d, runs=%d, cpus=%d, %s %s%n", threads, runs,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
    String only = args.length > 2 ? args[2] : "";
    for (double e : new double[] {3, 10, 100}) {
      PrimarySampler sampler = new PrimarySampler(PrimarySampler.Options.defaults().withEnergyRange(e, e * 1.0000001));
      for (AirShowerSimulator.Options o : new AirShowerSimulator.Options[] {
          AirShowerSimulator.Options.defaults().withTraces(true), AirShowerSimulator.Options.fast()}) {
        if (!only.isEmpty() && !only.equals(o.mode().id())) {
          continue;
        }
        AirShowerSimulator sim = new AirShowerSimulator(array, o);
        int n = o.mode() == AirShowerSimulator.Mode.FAST ? 20000 : (e >= 100 ? 400 : 2000);
        Production.run(sampler, sim, 99, 0, n / 4, 100, threads, b -> {}, ProgressListener.NONE); // warm-up
        double[] rate = new double[runs];
        double[] perCpu = new double[runs];
        for (int r = 0; r < runs; r++) {
          long c0 = cpuNanos();
          long t0 = System.nanoTime();
          Production.run(sampler, sim, 1000 + r, 0, n, 100, threads, b -> {}, ProgressListener.NONE);
          rate[r] = n / ((System.nanoTime() - t0) / 1e9);
          perCpu[r] = n / ((cpuNanos() - c0) / 1e9);
        }
        Arrays.sort(rate);
        Arrays.sort(perCpu);
        System.out.printf("E=%5.0f EeV %-9s traces=%-5s median %9.0f showers/s wall (min %.0f, max %.0f); %9.0f showers per CPU-second%n", e,
            o.mode().id(), o.traces(), rate[runs / 2], rate[0], rate[runs - 1], perCpu[runs / 2]);
      }
    }
  }
}
