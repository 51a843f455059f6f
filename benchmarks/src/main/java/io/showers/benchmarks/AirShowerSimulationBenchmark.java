package io.showers.benchmarks;

import io.showers.datasets.nd4j.NativeBinary;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.AirShowerSimulator;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.airshower.PrimarySampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Milliseconds per air shower on one thread: the reference mode (every particle, 80-bin traces)
 * and the fast mode (statistical shortcuts, no traces), at fixed primary energies with the
 * default zenith, core and composition distributions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AirShowerSimulationBenchmark {

  @Param({"3", "10", "100"})
  public double energyEeV;

  @Param({"reference", "fast"})
  public String mode;

  private AirShowerSimulator simulator;
  private PrimarySampler primaries;
  private long event;

  @Setup(Level.Trial)
  public void setUp() {
    NativeBinary.select();
    AirShowerSimulator.Options options = mode.equals("reference")
        ? AirShowerSimulator.Options.defaults().withTraces(true)
        : AirShowerSimulator.Options.fast();
    simulator = new AirShowerSimulator(ArrayConfig.defaults(), options);
    primaries = new PrimarySampler(PrimarySampler.Options.defaults().withEnergyRange(energyEeV, energyEeV * 1.0001));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ForkMemory.record();
  }

  /** One shower per call; a new event index each call so every shower is different. */
  @Benchmark
  public AirShowerEvents shower() {
    long k = event++;
    return simulator.generate(primaries.sample(11L, k, 1), 11L, k);
  }
}
