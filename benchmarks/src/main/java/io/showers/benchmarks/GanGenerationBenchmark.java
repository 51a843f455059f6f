package io.showers.benchmarks;

import io.showers.datasets.nd4j.NativeBinary;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.generative.surrogate.GanShowerGenerator;
import io.showers.generative.surrogate.SurrogateModel;
import io.showers.detector.ConditionSampler;
import io.showers.detector.Conditions;
import io.showers.detector.Detector;
import io.showers.detector.EventBatch;
import io.showers.detector.Seeds;
import io.showers.detector.airshower.PrimarySampler;
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
 * Time per batch of a shipped WGAN, from labels to physical showers (noise, network, output head, decoding and zero
 * suppression): divide by the batch size for ms per shower; the stages alone ({@link #noiseOnly}, {@link
 * #networkOnly}, {@link #decodeOnly}) show where the time goes. The model directory is the {@code model} parameter,
 * else {@code -Dshowers.model=DIR}, else {@code models/calorimeter-wgan}; a calorimeter model gets electrons of 20–90
 * GeV on a pencil beam, an air-shower model the primaries of {@code showers generate airshower}'s defaults (3–100 EeV
 * log-uniform, zenith ≤ 60°, p/He/N/Fe, cores within 750 m).
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

  /** Model directory; empty: {@code -Dshowers.model}, else the shipped calorimeter model. */
  @Param({""})
  public String model;

  private Workload<?, ?> work;
  private long event;

  @Setup(Level.Trial)
  public void setUp() {
    NativeBinary.select();
    Threads.apply();
    Path dir = Path.of(!model.isEmpty() ? model : System.getProperty("showers.model", "models/calorimeter-wgan"));
    work = Workload.of(SurrogateModel.load(dir), batch);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ForkMemory.record();
  }

  @Benchmark
  public EventBatch batchOfShowers() {
    long k = event;
    event += batch;
    return work.showers(5L, k);
  }

  /**
   * The network's forward pass alone on a fixed input batch, through the generator's own reusable
   * buffers: what the PyTorch peer times, and the part that the GEMM peak bounds.
   */
  @Benchmark
  public float[] networkOnly() {
    return work.network.run();
  }

  /** Stage of {@link #batchOfShowers}: each event's noise drawn from its own stream into the input buffer. */
  @Benchmark
  public float[] noiseOnly() {
    float[] in = work.network.input();
    var g = work.surrogate.generator();
    int w = g.noiseDim() + g.networkLabelDim();
    for (int k = 0; k < batch; k++) {
      g.noise().fill(in, k * w, g.noiseDim(), new Rng(Seeds.event(5L, event + k)));
    }
    event += batch;
    return in;
  }

  /** Stage of {@link #batchOfShowers}: model space to physical showers (exponential, clip, threshold). */
  @Benchmark
  public EventBatch decodeOnly() {
    return work.decode();
  }

  /** A model with its labels and buffers for one batch size (typed, so that its conditions fit its generator). */
  private static final class Workload<C extends Conditions, E extends EventBatch> {
    final SurrogateModel<C, E> surrogate;
    final GanShowerGenerator<C, E> generator;
    final C conditions;
    final DenseInference network;
    /** One batch of generated events in model space (head applied), for {@link #decode}. */
    final float[] modelSpace;

    @SuppressWarnings("unchecked")
    private Workload(SurrogateModel<C, E> surrogate, C conditions, int batch) {
      this.surrogate = surrogate;
      this.generator = (GanShowerGenerator<C, E>) surrogate.asShowerGenerator(false);
      this.conditions = conditions;
      this.network = surrogate.generator().inference(batch);
      float[] in = network.input();
      Rng rng = new Rng(11L);
      for (int i = 0; i < in.length; i++) {
        in[i] = (float) rng.nextGaussian();
      }
      this.modelSpace = surrogate.generator().generate(surrogate.codec().encodeLabels(conditions), batch, new Rng(13L));
    }

    @SuppressWarnings("unchecked")
    static Workload<?, ?> of(SurrogateModel<?, ?> surrogate, int batch) {
      ConditionSampler<?> labels = surrogate.detector().kind() == Detector.CALORIMETER
          ? new BeamSampler(BeamSampler.particle("e-"), BeamEnergies.list(20, 32, 50, 80, 90), BeamSpot.pencil())
          : new PrimarySampler(PrimarySampler.Options.defaults());
      return new Workload<>((SurrogateModel<Conditions, EventBatch>) surrogate, labels.sample(3L, 0, batch), batch);
    }

    E showers(long seed, long firstEvent) {
      return generator.generate(conditions, seed, firstEvent);
    }

    E decode() {
      return surrogate.codec().decode(modelSpace, conditions, surrogate.detector());
    }
  }
}
