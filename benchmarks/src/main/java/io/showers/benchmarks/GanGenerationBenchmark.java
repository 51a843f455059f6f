package io.showers.benchmarks;

import io.showers.datasets.nd4j.NativeBinary;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.surrogate.GanShowerGenerator;
import io.showers.generative.surrogate.SurrogateModel;
import io.showers.detector.Seeds;
import io.showers.generative.nn.DenseInference;
import io.showers.generative.nn.Rng;
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

/**
 * Time per batch of the shipped calorimeter WGAN, from labels to physical showers (noise,
 * network, decoding and zero suppression): divide by the batch size for ms per shower; the
 * stages alone ({@link #noiseOnly}, {@link #networkOnly}, {@link #decodeOnly}) show where the
 * time goes. The model directory is {@code -Dshowers.model=DIR} or {@code models/calorimeter-wgan}.
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
  private SurrogateModel<CalorimeterBeam, CalorimeterEvents> model;
  private DenseInference network;
  private float[] modelSpace;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    NativeBinary.select();
    Threads.apply();
    Path dir = Path.of(System.getProperty("showers.model", "models/calorimeter-wgan"));
    model = (SurrogateModel<CalorimeterBeam, CalorimeterEvents>) SurrogateModel.load(dir);
    generator = (GanShowerGenerator<CalorimeterBeam, CalorimeterEvents>) model.asShowerGenerator(false);
    network = model.generator().inference(batch);
    beam = new BeamSampler(BeamSampler.particle("e-"), BeamEnergies.list(20, 32, 50, 80, 90), BeamSpot.pencil())
        .sample(3L, 0, batch);
    float[] in = network.input();
    Rng rng = new Rng(11L);
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) rng.nextGaussian();
    }
    modelSpace = network.run().clone();
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
   * The network's forward pass alone on a fixed input batch, through the generator's own reusable
   * buffers: what the PyTorch peer times, and the part that the GEMM peak bounds.
   */
  @Benchmark
  public float[] networkOnly() {
    return network.run();
  }

  /** Stage of {@link #batchOfShowers}: each event's noise drawn from its own stream into the input buffer. */
  @Benchmark
  public float[] noiseOnly() {
    float[] in = network.input();
    int w = model.generator().noiseDim() + model.generator().labelDim();
    for (int k = 0; k < batch; k++) {
      model.generator().noise().fill(in, k * w, model.generator().noiseDim(), new Rng(Seeds.event(5L, event + k)));
    }
    event += batch;
    return in;
  }

  /** Stage of {@link #batchOfShowers}: model space to physical cells (exponential, clip, threshold). */
  @Benchmark
  public CalorimeterEvents decodeOnly() {
    return model.codec().decode(modelSpace, beam, model.detector());
  }
}
