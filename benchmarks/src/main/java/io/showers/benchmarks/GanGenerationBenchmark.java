package io.showers.benchmarks;

import io.showers.datasets.nd4j.NativeBinary;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.surrogate.GanShowerGenerator;
import io.showers.generative.surrogate.SurrogateModel;
import io.showers.generative.wgan.Generator;
import java.nio.file.Path;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Time per batch of the shipped calorimeter WGAN, from labels to physical showers (noise,
 * network, decoding and zero suppression): divide by the batch size for ms per shower. The
 * model directory is {@code -Dshowers.model=DIR} or {@code models/calorimeter-wgan}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0")
public class GanGenerationBenchmark {

  @Param({"1", "10", "100", "1000", "10000"})
  public int batch;

  private GanShowerGenerator<CalorimeterBeam, CalorimeterEvents> generator;
  private CalorimeterBeam beam;
  private long event;
  private Generator network;
  private INDArray input;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    NativeBinary.select();
    Threads.apply();
    Path dir = Path.of(System.getProperty("showers.model", "models/calorimeter-wgan"));
    SurrogateModel<?, ?> model = SurrogateModel.load(dir);
    generator = (GanShowerGenerator<CalorimeterBeam, CalorimeterEvents>) model.asShowerGenerator(false);
    network = model.generator();
    beam = new BeamSampler(BeamSampler.particle("e-"), BeamEnergies.list(20, 32, 50, 80, 90), BeamSpot.pencil())
        .sample(3L, 0, batch);
    input = Nd4j.rand(DataType.FLOAT, batch, network.spec().inputSize());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ForkMemory.record();
  }

  @Benchmark
  public CalorimeterEvents batchOfShowers() {
    long k = event;
    event += batch;
    return generator.generate(beam, 5L, k);
  }

  /**
   * The network's forward pass alone (a fixed input batch already in an INDArray): what the PyTorch
   * peer times, and the part that the GEMM peak bounds.
   */
  @Benchmark
  public INDArray networkOnly() {
    return network.generate(input);
  }
}
