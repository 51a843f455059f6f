package io.showers.gpu;

import static org.bytedeco.cuda.global.cublas.*;
import static org.bytedeco.cuda.global.cudart.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES;
import static org.bytedeco.cuda.global.cudart.cuFuncSetAttribute;
import static org.bytedeco.cuda.global.cudart.cudaDevAttrMaxSharedMemoryPerBlockOptin;
import static org.bytedeco.cuda.global.cudart.cudaDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.detector.Seeds;
import io.showers.detector.ShowerGenerator;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * An exported calorimeter surrogate generating on the GPU: noise, labels, both networks (cuBLAS SGEMM, FP32, no
 * reduced-precision tensor-core modes), the total density, the transverse prior, the energy shares and the decoding
 * run on the device; only the per-event seeds and labels go up and the showers in MIP come down. The same
 * {@link ShowerGenerator} as the simulators and the CPU surrogate, so {@code showers-gpu generate} writes the same
 * schema.
 *
 * <p>Reproducible: event {@code k}'s noise comes from {@code Seeds.event(seed, firstEventIndex + k)} as on the CPU,
 * and rows go through the matrix products in fixed blocks of {@link #BLOCK} rows, so that cuBLAS picks the same
 * kernels for every block and an event's result does not depend on the batch it is generated in. Results agree with
 * the CPU implementation to float32 rounding (see {@code showers-gpu verify}), not bit for bit.
 *
 * <p>Not thread-safe (one device, default stream); {@link #close} frees the device memory.
 */
public final class GpuCalorimeterGenerator implements ShowerGenerator<CalorimeterBeam, CalorimeterEvents>,
    AutoCloseable {
  /**
   * Rows per matrix product: every call has the same shape, so rows never depend on the batch size. 2048 rows give
   * the largest product enough tiles to fill an H200's 132 multiprocessors (1024 filled 80).
   */
  public static final int BLOCK = 2048;
  private static final int THREADS = 256;
  /** Threads copying showers into the heap. */
  private static final int COPY_THREADS = Math.min(8, Runtime.getRuntime().availableProcessors());
  /** Widest layer of the total density's fused kernel (its per-thread arrays). */
  private static final int MAX_DENSITY_WIDTH = 128;

  private final ExportedCalorimeter model;
  private final boolean allowExtrapolation;
  private String producer;
  /**
   * Streams for the row blocks, each with its own cuBLAS handle (and so its own workspace, which keeps cuBLAS
   * reproducible): the blocks' products run side by side and fill the device as one large product would, while each
   * stays the same fixed-shape call. They are blocking streams, so work on the default stream (noise, total density,
   * head, copies) waits for them and they for it.
   */
  private static final int STREAMS = 4;
  private final CUstream_st[] streams = new CUstream_st[STREAMS];
  private final cublasContext[] blas = new cublasContext[STREAMS];
  private Cuda.Kernels kernels;
  private CUfunc_st noiseKernel;
  private CUfunc_st biasKernel;
  private CUfunc_st densityKernel;
  private CUfunc_st headKernel;
  private long[][] generatorParams;
  private long densityParams;
  private long densityLayout;
  private long baseline;
  private long shift;
  private long groupPrior;
  private long cellPrior;
  private long coreWidth;
  private long haloWidth;
  private long haloFraction;
  private final int headSharedBytes;
  private Buffers buffers;
  /** Device memory of the model's parameters. */
  private final List<Long> parameters = new ArrayList<>();
  private boolean closed;
  /** Rows (a multiple of {@link #BLOCK}) of the last {@link #run}. */
  private int lastRows;
  /** Events of the last {@link #run}. */
  private int lastEvents;

  /** Device buffers for up to {@code rows} events (a multiple of {@link #BLOCK}). */
  private final class Buffers {
    final int rows;
    long seeds;
    long labels;
    long energy;
    long input;
    long[] generatorOut;
    long logTotal;
    long cells;
    FloatPointer hostCells;

    /** Every device allocation of these buffers, freed together. */
    private final List<Long> memory = new ArrayList<>();
    private FloatPointer pinned;

    Buffers(int rows) {
      this.rows = rows;
      try {
        seeds = alloc(8L * rows);
        labels = alloc(4L * rows * model.labelDim());
        energy = alloc(4L * rows);
        input = alloc(4L * rows * (model.noiseDim() + model.labelDim()));
        generatorOut = new long[model.generator().size()];
        for (int l = 0; l < generatorOut.length; l++) {
          generatorOut[l] = alloc(4L * rows * model.generator().get(l).out());
        }
        logTotal = alloc(8L * rows);
        cells = alloc(4L * rows * model.cells());
        // page-locked, so the showers come down at the bus's speed
        Pointer host = new Pointer();
        Cuda.check(org.bytedeco.cuda.global.cudart.cudaMallocHost(host, 4L * rows * model.cells()),
            "cudaMallocHost(" + 4L * rows * model.cells() + " bytes)");
        pinned = new FloatPointer(host).capacity((long) rows * model.cells());
        hostCells = pinned;
      } catch (RuntimeException e) {
        free();
        throw e;
      }
    }

    private long alloc(long bytes) {
      long a = Cuda.malloc(bytes);
      memory.add(a);
      return a;
    }

    /** Frees what was allocated (once). */
    void free() {
      memory.forEach(Cuda::free);
      memory.clear();
      if (pinned != null) {
        org.bytedeco.cuda.global.cudart.cudaFreeHost(pinned);
        pinned = null;
      }
    }
  }

  /**
   * Puts {@code model} on device 0.
   *
   * @param allowExtrapolation generate for labels outside the trained range instead of refusing
   * @throws Cuda.CudaException if CUDA is unusable here (the message says why)
   */
  public GpuCalorimeterGenerator(ExportedCalorimeter model, boolean allowExtrapolation) {
    this.model = model;
    this.allowExtrapolation = allowExtrapolation;
    // limits of the kernels, before anything is allocated
    for (ExportedCalorimeter.Dense d : model.totalDensity()) {
      if (d.out() > MAX_DENSITY_WIDTH) {
        throw new IllegalArgumentException(model.file() + ": a total-density layer of " + d.out() + " outputs; the"
            + " fused kernel takes at most " + MAX_DENSITY_WIDTH);
      }
    }
    if (32 * model.detector().layers() > 1024) {
      throw new IllegalArgumentException(model.file() + ": " + model.detector().layers() + " layers; the head kernel"
          + " runs one warp per layer, at most 32");
    }
    int layerCells = model.detector().rows() * model.detector().cols();
    int corners = (model.detector().rows() + 1) * (model.detector().cols() + 1);
    headSharedBytes = 8 * model.detector().layers() * (corners + 2 * layerCells);
    Cuda.init();
    try {
      int[] optIn = new int[1];
      Cuda.check(cudaDeviceGetAttribute(optIn, cudaDevAttrMaxSharedMemoryPerBlockOptin, 0), "cudaDeviceGetAttribute");
      if (headSharedBytes > optIn[0]) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: a detector of %d layers of %d × %d cells"
            + " needs %.1f KiB of shared memory per shower in the head kernel; this GPU offers %.1f KiB",
            model.file(), model.detector().layers(), model.detector().rows(), model.detector().cols(),
            headSharedBytes / 1024.0, optIn[0] / 1024.0));
      }
      for (int i = 0; i < STREAMS; i++) {
        streams[i] = new CUstream_st();
        Cuda.check(cudaStreamCreate(streams[i]), "cudaStreamCreate");
        blas[i] = new cublasContext();
        Cuda.checkBlas(cublasCreate_v2(blas[i]), "cublasCreate");
        Cuda.checkBlas(cublasSetStream_v2(blas[i], streams[i]), "cublasSetStream");
        // plain FP32 products: the TF32 tensor-core path would cost 3 decimal digits the check batch would notice
        Cuda.checkBlas(cublasSetMathMode(blas[i], CUBLAS_PEDANTIC_MATH), "cublasSetMathMode");
      }
      kernels = new Cuda.Kernels();
      noiseKernel = kernels.function("noise_and_labels");
      biasKernel = kernels.function("bias_activation");
      densityKernel = kernels.function("total_density");
      headKernel = kernels.function("calorimeter_head");
      generatorParams = new long[model.generator().size()][];
      for (int l = 0; l < generatorParams.length; l++) {
        generatorParams[l] = new long[] {keep(Cuda.upload(model.generator().get(l).weight())),
            keep(Cuda.upload(model.generator().get(l).bias()))};
      }
      densityParams = keep(Cuda.upload(packed(model.totalDensity())));
      densityLayout = keep(Cuda.upload(layout(model.totalDensity())));
      baseline = keep(Cuda.upload(model.baseline()));
      shift = keep(Cuda.upload(model.shift()));
      groupPrior = keep(Cuda.upload(model.groupPrior()));
      cellPrior = keep(Cuda.upload(model.cellPrior()));
      coreWidth = keep(Cuda.upload(model.coreWidth()));
      haloWidth = keep(Cuda.upload(model.haloWidth()));
      haloFraction = keep(Cuda.upload(model.haloFraction()));
      if (headSharedBytes > 48 * 1024) {
        Cuda.checkDriver(cuFuncSetAttribute(headKernel, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
            headSharedBytes), "cuFuncSetAttribute (" + headSharedBytes + " bytes of shared memory per shower)");
      }
      ObjectNode p = Json.read(model.producer(), ObjectNode.class);
      p.put("backend", "gpu");
      p.put("device", Cuda.deviceName());
      p.put("export", model.file().getFileName().toString());
      this.producer = Json.write(p);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Records a device allocation of the model's parameters, freed by {@link #close}. */
  private long keep(long address) {
    parameters.add(address);
    return address;
  }

  /** The model this generator runs. */
  public ExportedCalorimeter model() {
    return model;
  }

  @Override
  public DetectorConfig detector() {
    return model.detector();
  }

  @Override
  public String producer() {
    return producer;
  }

  @Override
  public boolean isThreadSafe() {
    return false;
  }

  /** Five row blocks: a smaller batch pays for a whole block (1000 showers cost 2.4× the 10 240's per shower). */
  @Override
  public int preferredBatchSize() {
    return 5 * BLOCK;
  }

  @Override
  public CalorimeterEvents generate(CalorimeterBeam beam, long seed, long firstEventIndex) {
    if (!allowExtrapolation) {
      checkInside(beam);
    }
    int n = beam.size();
    CalorimeterConfig c = model.detector();
    CalorimeterEvents out = CalorimeterEvents.allocate(n, c.layers(), c.rows(), c.cols());
    if (n == 0) {
      return out;
    }
    run(beam, seed, firstEventIndex);
    Cuda.download(buffers.hostCells, buffers.cells, 4L * n * model.cells());
    copyToHeap(buffers.hostCells, out.showersMip(), n * model.cells());
    System.arraycopy(beam.energyGeV(), 0, out.incidentEnergyGeV(), 0, n);
    System.arraycopy(beam.impactMm(), 0, out.impactMm(), 0, 2 * n);
    System.arraycopy(beam.particlePdg(), 0, out.particlePdg(), 0, n);
    return out;
  }

  /**
   * Runs every stage for {@code beam} and leaves the results on the device (the showers in MIP in the cell buffer):
   * what {@link #generate} does before the download, for timing the device's work alone.
   */
  void run(CalorimeterBeam beam, long seed, long firstEventIndex) {
    int n = beam.size();
    int rows = Math.multiplyExact((n + BLOCK - 1) / BLOCK, BLOCK);
    if (buffers == null || buffers.rows < rows) {
      Buffers old = buffers;
      buffers = null;
      if (old != null) {
        old.free();
      }
      buffers = new Buffers(rows);
    }
    lastRows = rows;
    lastEvents = n;
    uploadLabels(beam, seed, firstEventIndex);
    int w = model.noiseDim() + model.labelDim();
    try (Cuda.Args a = new Cuda.Args()) {
      a.address(buffers.seeds).address(buffers.labels).address(buffers.input).i32(n).i32(model.noiseDim())
          .i32(model.labelDim()).launch(noiseKernel, "noise_and_labels", blocks(n), THREADS, 0);
    }
    dense(model.generator(), generatorParams, buffers.input, buffers.generatorOut, rows);
    totalDensity(n);
    long raw = buffers.generatorOut[buffers.generatorOut.length - 1];
    CalorimeterConfig c = model.detector();
    try (Cuda.Args a = new Cuda.Args()) {
      a.address(raw).i32(model.rawDim()).address(buffers.labels).i32(model.labelDim()).address(buffers.logTotal)
          .address(buffers.energy).address(groupPrior).address(cellPrior).address(coreWidth).address(haloWidth)
          .address(haloFraction).i32(model.gflash() ? 1 : 0).i32(model.impactX()).i32(model.impactY())
          .i32(c.layers()).i32(c.rows()).i32(c.cols()).f64(model.maxLogTotal()).f64(model.shareFloor())
          .f64(model.energyPivotGeV()).f64(Math.expm1(model.maxModelValue() * model.logScale()))
          .f32((float) c.thresholdMip()).address(buffers.cells).i32(n)
          .launch(headKernel, "calorimeter_head", n, 32 * c.layers(), headSharedBytes);
    }
  }

  /** The two networks alone on the buffers of the last {@link #run} (for timing them apart from the rest). */
  void networksOnly() {
    dense(model.generator(), generatorParams, buffers.input, buffers.generatorOut, lastRows);
    totalDensity(lastEvents);
  }

  /** Floating-point operations of both networks per event (two per multiply-add). */
  long networkFlopsPerEvent() {
    long f = 0;
    for (List<ExportedCalorimeter.Dense> net : List.of(model.generator(), model.totalDensity())) {
      for (ExportedCalorimeter.Dense d : net) {
        f += 2L * d.in() * d.out();
      }
    }
    return f;
  }

  /** The total density's network and log totals of {@code n} events, one fused kernel (one thread per event). */
  private void totalDensity(int n) {
    int w = model.noiseDim() + model.labelDim();
    try (Cuda.Args a = new Cuda.Args()) {
      a.address(buffers.labels).i32(model.labelDim()).address(densityParams).address(densityLayout)
          .i32(model.totalDensity().size()).f32(model.totalDensity().get(0).alpha()).address(buffers.input).i32(w)
          .address(baseline).address(shift).f64(model.logTotalStd()).f64(model.minLogSpread())
          .f64(model.maxLogSpread()).address(buffers.logTotal).i32(n)
          .launch(densityKernel, "total_density", blocks(n), THREADS, 0);
    }
  }

  /** The weights and biases of {@code layers}, one after another (offsets in {@link #layout}). */
  private static float[] packed(List<ExportedCalorimeter.Dense> layers) {
    int size = 0;
    for (ExportedCalorimeter.Dense d : layers) {
      size += d.weight().length + d.bias().length;
    }
    float[] out = new float[size];
    int o = 0;
    for (ExportedCalorimeter.Dense d : layers) {
      System.arraycopy(d.weight(), 0, out, o, d.weight().length);
      o += d.weight().length;
      System.arraycopy(d.bias(), 0, out, o, d.bias().length);
      o += d.bias().length;
    }
    return out;
  }

  /** Per layer: inputs, outputs, weight offset, bias offset, activation code (as the kernel reads them). */
  private static int[] layout(List<ExportedCalorimeter.Dense> layers) {
    int[] out = new int[5 * layers.size()];
    int o = 0;
    for (int l = 0; l < layers.size(); l++) {
      ExportedCalorimeter.Dense d = layers.get(l);
      out[5 * l] = d.in();
      out[5 * l + 1] = d.out();
      out[5 * l + 2] = o;
      out[5 * l + 3] = o + d.weight().length;
      out[5 * l + 4] = d.activationCode();
      o += d.weight().length + d.bias().length;
    }
    return out;
  }

  /**
   * Copies {@code count} floats from page-locked memory into {@code heap} with several threads: a 10 000-shower
   * batch is 50 MB, and one thread's copy (with the first touch of the heap array's pages) took longer than all
   * the device's work.
   */
  private static void copyToHeap(FloatPointer pinned, float[] heap, int count) {
    int parts = Math.max(1, Math.min(COPY_THREADS, count / (1 << 18)));
    int step = (count + parts - 1) / parts;
    java.util.stream.IntStream.range(0, parts).parallel().forEach(p -> {
      int from = p * step;
      int len = Math.min(step, count - from);
      if (len > 0) {
        // a view of the page-locked buffer (it owns nothing: the buffer is freed with cudaFreeHost)
        new FloatPointer(pinned).position(from).get(heap, from, len);
      }
    });
  }

  /** Per-event seeds, labels (encoded as the CPU codec does) and energies, to the device. */
  private void uploadLabels(CalorimeterBeam beam, long seed, long first) {
    int n = beam.size();
    int d = model.labelDim();
    long[] seeds = new long[n];
    float[] labels = new float[n * d];
    for (int k = 0; k < n; k++) {
      seeds[k] = Seeds.event(seed, first + k);
      labels[k * d] = (float) Math.log(beam.energyGeV()[k] / model.energyPivotGeV());
      labels[k * d + model.impactX()] = (float) (beam.impactMm()[2 * k] / model.impactUnitMm());
      labels[k * d + model.impactY()] = (float) (beam.impactMm()[2 * k + 1] / model.impactUnitMm());
    }
    try (LongPointer s = new LongPointer(seeds); FloatPointer l = new FloatPointer(labels);
        FloatPointer e = new FloatPointer(beam.energyGeV())) {
      Cuda.upload(buffers.seeds, s, 8L * n);
      Cuda.upload(buffers.labels, l, 4L * n * d);
      Cuda.upload(buffers.energy, e, 4L * n);
    }
  }

  /**
   * The layers of one network on {@code rows} rows, block by block: each block's chain of SGEMMs and bias-activation
   * passes on its own stream.
   */
  private void dense(List<ExportedCalorimeter.Dense> layers, long[][] params, long input, long[] out, int rows) {
    try (FloatPointer one = new FloatPointer(1).put(0, 1f); FloatPointer zero = new FloatPointer(1).put(0, 0f)) {
      for (int r0 = 0, b = 0; r0 < rows; r0 += BLOCK, b++) {
        int s = b % STREAMS;
        long x = input + 4L * r0 * layers.get(0).in();
        for (int l = 0; l < layers.size(); l++) {
          ExportedCalorimeter.Dense d = layers.get(l);
          long y = out[l] + 4L * r0 * d.out();
          // row-major Y[rows × out] = X · W is column-major Yᵀ = Wᵀ · Xᵀ: no transposes, leading dimensions out, in
          Cuda.checkBlas(cublasSgemm_v2(blas[s], CUBLAS_OP_N, CUBLAS_OP_N, d.out(), BLOCK, d.in(), one,
              Cuda.floats(params[l][0]), d.out(), Cuda.floats(x), d.in(), zero, Cuda.floats(y), d.out()), "cublasSgemm");
          try (Cuda.Args a = new Cuda.Args()) {
            long total = (long) BLOCK * d.out();
            a.address(y).address(params[l][1]).i64(total).i32(d.out()).i32(d.activationCode()).f32(d.alpha())
                .launch(biasKernel, "bias_activation", (int) ((total + THREADS - 1) / THREADS), THREADS, 0,
                    streams[s]);
          }
          x = y;
        }
      }
    }
  }

  private static int blocks(int n) {
    return (n + THREADS - 1) / THREADS;
  }

  /**
   * The network outputs, log totals and showers of the last {@link #run} for its first {@code n} events (for the
   * stage-by-stage comparison with the CPU).
   */
  Stages stages(int n) {
    float[] raw = new float[n * model.rawDim()];
    double[] logTotal = new double[n];
    float[] cells = new float[n * model.cells()];
    try (FloatPointer r = new FloatPointer(raw.length);
        org.bytedeco.javacpp.DoublePointer t = new org.bytedeco.javacpp.DoublePointer(n);
        FloatPointer c = new FloatPointer(cells.length)) {
      Cuda.download(r, buffers.generatorOut[buffers.generatorOut.length - 1], 4L * raw.length);
      Cuda.download(t, buffers.logTotal, 8L * n);
      Cuda.download(c, buffers.cells, 4L * cells.length);
      r.get(raw);
      t.get(logTotal);
      c.get(cells);
    }
    return new Stages(raw, logTotal, cells);
  }

  /** What {@link #stages} returns. */
  record Stages(float[] raw, double[] logTotal, float[] cellsMip) {}

  /** Refuses labels outside the trained range, as the CPU surrogate does. */
  private void checkInside(CalorimeterBeam b) {
    for (int k = 0; k < b.size(); k++) {
      double e = b.energyGeV()[k];
      if (!(e >= model.energyMinGeV() * 0.999 && e <= model.energyMaxGeV() * 1.001)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "energy %.4g GeV is outside the trained range"
            + " %.4g-%.4g GeV; use --allow-extrapolation to generate anyway", e, model.energyMinGeV(),
            model.energyMaxGeV()));
      }
      double r = Math.hypot(b.impactMm()[2 * k], b.impactMm()[2 * k + 1]);
      // a Gaussian beam spot's largest radius grows with the sample size: half as much again is allowed
      if (!(r <= model.radialMaxMm() * 1.5 + 1e-6)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "impact radius %.3g mm is outside the trained"
            + " %.3g mm; use --allow-extrapolation to generate anyway", r, model.radialMaxMm()));
      }
      if (b.particlePdg()[k] != model.particlePdg()) {
        throw new IllegalArgumentException("particle " + b.particlePdg()[k] + " differs from the trained "
            + model.particlePdg());
      }
    }
  }

  /** Frees the device memory, streams, cuBLAS handles and kernels (once; safe after a failed construction). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (buffers != null) {
      buffers.free();
      buffers = null;
    }
    parameters.forEach(Cuda::free);
    parameters.clear();
    for (int i = 0; i < STREAMS; i++) {
      if (blas[i] != null) {
        cublasDestroy_v2(blas[i]);
      }
      if (streams[i] != null) {
        cudaStreamDestroy(streams[i]);
      }
    }
    if (kernels != null) {
      kernels.close();
    }
  }
}
