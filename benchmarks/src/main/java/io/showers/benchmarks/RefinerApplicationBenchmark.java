package io.showers.benchmarks;

import io.showers.datasets.nd4j.NativeBinary;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.ParametrisedCalorimeter;
import io.showers.detector.calorimeter.Realism;
import io.showers.refinement.CalorimeterRefiner;
import io.showers.refinement.RefinerTraining;
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
 * Time per batch of applying a calorimeter refiner to simulated events (encode, feature
 * assembly, per-cell network, projection, decode): divide by the batch size for ms per event.
 *
 * <p>The refiner is trained in {@code @Setup} for a few steps on parametrised simulation against
 * the "data" realism profile, so the benchmark needs no files: its cost depends on the network
 * size and on the number of hit cells, not on how well it is trained. Same default architecture
 * as {@code showers refine train}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0")
public class RefinerApplicationBenchmark {
  /** Training events per realism profile (dead channels are only learned from ≥ 200 data events). */
  static final int TRAINING_EVENTS = 400;

  @Param({"1", "100", "1000"})
  public int batch;

  private CalorimeterRefiner refiner;
  private CalorimeterEvents events;

  @Setup(Level.Trial)
  public void setUp() {
    NativeBinary.select();
    Threads.apply();
    refiner = tinyRefiner(1L);
    events = simulate(Realism.SIM, batch, 3L);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ForkMemory.record();
  }

  /** A refiner with the default architecture after a few deterministic training steps. */
  public static CalorimeterRefiner tinyRefiner(long seed) {
    CalorimeterConfig config = CalorimeterConfig.defaults();
    RefinerTraining.Settings d = RefinerTraining.Settings.defaults();
    // few steps, no critic pre-training: enough to move the last layer away from its 1e-3 start
    RefinerTraining.Settings s = new RefinerTraining.Settings(10, 32, 1, d.lambda(), d.alpha(), d.lrRefiner(),
        d.lrCritic(), d.refinerHidden(), d.criticHidden(), 64, 0, d.criticSeesCells(), d.refineEmptyCells(), seed);
    return RefinerTraining.train(config, simulate(Realism.SIM, TRAINING_EVENTS, seed),
        simulate(Realism.DATA, TRAINING_EVENTS, seed + 1), s, step -> { });
  }

  /** Electron showers of the parametrised simulator at the energies the refiner examples use. */
  static CalorimeterEvents simulate(Realism realism, int n, long seed) {
    CalorimeterBeam beam = new BeamSampler(CalorimeterBeam.ELECTRON, BeamEnergies.list(10, 20, 30, 50, 70, 90),
        BeamSpot.pencil()).sample(seed, 0, n);
    return new ParametrisedCalorimeter(CalorimeterConfig.defaults(), realism).generate(beam, seed);
  }

  @Benchmark
  public CalorimeterEvents refineBatch() {
    return refiner.apply(events);
  }
}
