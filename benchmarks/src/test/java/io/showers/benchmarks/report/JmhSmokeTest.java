package io.showers.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.benchmarks.CalorimeterSimulationBenchmark;
import io.showers.benchmarks.ForkMemory;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** One tiny real JMH run (parametrised calorimeter, one 0.3 s iteration, forked JVM). */
class JmhSmokeTest {
  @TempDir Path dir;

  @Test
  void oneShortForkedIterationGivesARowWithMemory() {
    BenchmarkSuite.Trial t = new BenchmarkSuite.Trial(BenchmarkRow.CALORIMETER, "parametrised", "10 GeV", 1,
        CalorimeterSimulationBenchmark.class, "shower", Map.of("mode", "parametrised", "energyGeV", "10"));
    Path rss = dir.resolve("rss.txt");
    var options = new OptionsBuilder()
        .include("^" + Pattern.quote(CalorimeterSimulationBenchmark.class.getName()) + "\\.")
        .param("mode", "parametrised").param("energyGeV", "10")
        .forks(1).warmupIterations(0).measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(300))
        .shouldFailOnError(true)
        .jvmArgsAppend("-D" + ForkMemory.PROPERTY + "=" + rss, "-Xmx512m");
    Path launcher = BenchmarkSuite.launcher(1); // as with --threads 1: the fork starts through the script
    options.jvm(launcher.toString());
    long t0 = System.nanoTime();
    BenchmarkRow row = BenchmarkSuite.runTrial(t, options, rss, dir.resolve("jmh.log"));
    assertTrue(row.available(), row.unavailable());
    assertEquals(1, row.msPerShower().length);
    assertTrue(row.median() > 0 && row.median() < 1000, "ms/shower " + row.median());
    assertTrue(row.peakRssMiB() > 0, "fork reported its memory");
    assertTrue(java.nio.file.Files.isExecutable(launcher));
    System.out.printf("JMH smoke: %.3f ms/shower, fork RSS %.0f MiB, %.1f s%n", row.median(), row.peakRssMiB(),
        (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void missingModelIsAReasonNotACrash() {
    Object r = BenchmarkSuite.loadSpec(dir.resolve("nope"));
    assertTrue(r instanceof String s && s.contains("no model directory"), String.valueOf(r));
    Object r2 = BenchmarkSuite.loadSpec(dir);
    assertTrue(r2 instanceof String s && s.contains("model.json"), String.valueOf(r2));
  }
}
