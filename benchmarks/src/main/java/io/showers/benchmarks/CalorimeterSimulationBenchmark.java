package io.showers.benchmarks;

import io.showers.datasets.nd4j.NativeBinary;
import io.showers.detector.ShowerGenerator;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.ParametrisedCalorimeter;
import io.showers.detector.calorimeter.Realism;
import io.showers.detector.calorimeter.ReferenceCalorimeter;
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
 * Milliseconds per electron shower of the calorimeter simulators on one thread: the cascade
 * Monte Carlo reference and the GFlash-style parametrisation, at fixed beam energies.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CalorimeterSimulationBenchmark {

  @Param({"10", "50", "100"})
  public double energyGeV;

  @Param({"reference", "parametrised"})
  public String mode;

  private ShowerGenerator<CalorimeterBeam, CalorimeterEvents> simulator;
  private BeamSampler beam;
  private long event;

  @Setup(Level.Trial)
  public void setUp() {
    NativeBinary.select();
    CalorimeterConfig config = CalorimeterConfig.defaults();
    simulator = mode.equals("reference")
        ? new ReferenceCalorimeter(config, Realism.SIM)
        : new ParametrisedCalorimeter(config, Realism.SIM);
    beam = new BeamSampler(BeamSampler.particle("e-"), BeamEnergies.fixed(energyGeV), BeamSpot.pencil());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ForkMemory.record();
  }

  /** One shower per call; a new event index each call so every shower is different. */
  @Benchmark
  public CalorimeterEvents shower() {
    long k = event++;
    return simulator.generate(beam.sample(7L, k, 1), 7L, k);
  }
}
