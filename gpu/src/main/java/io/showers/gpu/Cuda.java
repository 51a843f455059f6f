package io.showers.gpu;

import static org.bytedeco.cuda.global.cudart.*;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The CUDA runtime, driver and cuBLAS through JavaCPP's CUDA 13 presets: loading the host's libraries, turning error
 * codes into exceptions that say which call failed and why, device memory as plain addresses, and kernels of the
 * project's fatbin. The libraries come from the host (system CUDA 13 or an installed PyTorch's nvidia packages on
 * {@code LD_LIBRARY_PATH}); {@code bin/showers-gpu} finds them.
 */
public final class Cuda {
  /** The fatbin resource compiled from {@code src/main/cuda/showers_kernels.cu}. */
  static final String KERNELS = "showers_kernels.fatbin";

  /** Why loading the libraries failed, once it has. */
  private static String loadFailure;

  private Cuda() {}

  /** A CUDA error with the failing call's name. */
  public static final class CudaException extends RuntimeException {
    private final boolean unavailable;

    CudaException(String message) {
      this(message, null, false);
    }

    CudaException(String message, Throwable cause, boolean unavailable) {
      super(message, cause);
      this.unavailable = unavailable;
    }

    /** Whether there is no usable GPU or CUDA library here (rather than a call that failed on one). */
    public boolean unavailable() {
      return unavailable;
    }
  }

  /**
   * Loads the runtime and selects device 0; throws {@link CudaException} with the loader's or the driver's reason
   * (no libraries, no driver, no device) and what to do about it.
   */
  public static synchronized void init() {
    if (loadFailure != null) {
      // later attempts would only see an uninitialised class: repeat the first, informative failure
      throw new CudaException(loadFailure, null, true);
    }
    try {
      Loader.load(org.bytedeco.cuda.global.cudart.class);
      Loader.load(cublas.class);
    } catch (LinkageError | RuntimeException e) {
      String root = Objects.toString(rootMessage(e), e.toString());
      // libcuda.so.1 comes with the GPU's driver, not with CUDA: without it there is no GPU to use here
      loadFailure = root.contains("libcuda.so.1: cannot open")
          ? "no NVIDIA driver found (libcuda.so.1, which the GPU's driver installs, is not on the loader path): " + root
              + ". On a machine with a GPU, add the driver's library folder to LD_LIBRARY_PATH."
          : "cannot load the CUDA 13 libraries (libcudart.so.13, libcublas.so.13, libcuda.so.1): " + root
              + ". Install CUDA 13 or a CUDA 13 PyTorch and run through bin/showers-gpu, which puts their library"
              + " folders on LD_LIBRARY_PATH (or set it yourself).";
      throw new CudaException(loadFailure, e, true);
    }
    int[] count = new int[1];
    int rc = cudaGetDeviceCount(count);
    if (rc != cudaSuccess || count[0] < 1) {
      throw new CudaException("no usable CUDA device: " + (rc != cudaSuccess ? errorString(rc) : "none found"), null,
          true);
    }
    check(cudaSetDevice(0), "cudaSetDevice");
    check(cudaFree(null), "cudaFree (context creation)");
  }

  /** Whether a CUDA device can be used here (for tests that need one). */
  public static boolean available() {
    try {
      init();
      return true;
    } catch (CudaException | LinkageError e) {
      return false;
    }
  }

  /** Device 0 in words: name, compute capability, multiprocessors, memory, driver and runtime versions. */
  public static String describe() {
    cudaDeviceProp p = new cudaDeviceProp();
    check(cudaGetDeviceProperties(p, 0), "cudaGetDeviceProperties");
    int[] driver = new int[1];
    int[] runtime = new int[1];
    cudaDriverGetVersion(driver);
    cudaRuntimeGetVersion(runtime);
    int[] blas = new int[1];
    cublas.cublasGetProperty(0, blas);
    int[] blasMinor = new int[1];
    cublas.cublasGetProperty(1, blasMinor);
    return String.format(java.util.Locale.ROOT, "%s (compute capability %d.%d, %d multiprocessors, %.0f GiB),"
            + " driver CUDA %s, runtime %s, cuBLAS %d.%d", p.name().getString().trim(), p.major(), p.minor(),
        p.multiProcessorCount(), p.totalGlobalMem() / Math.pow(2, 30), version(driver[0]), version(runtime[0]),
        blas[0], blasMinor[0]);
  }

  /** Short device name. */
  public static String deviceName() {
    cudaDeviceProp p = new cudaDeviceProp();
    check(cudaGetDeviceProperties(p, 0), "cudaGetDeviceProperties");
    return p.name().getString().trim();
  }

  private static String version(int v) {
    return v / 1000 + "." + (v % 1000) / 10;
  }

  /** Throws unless a runtime call returned {@code cudaSuccess}. */
  static void check(int rc, String call) {
    if (rc != cudaSuccess) {
      throw new CudaException(call + " failed: " + errorString(rc));
    }
  }

  /** Throws unless a driver call returned {@code CUDA_SUCCESS}. */
  static void checkDriver(int rc, String call) {
    if (rc != CUDA_SUCCESS) {
      PointerPointer<BytePointer> s = new PointerPointer<>(1);
      cuGetErrorString(rc, s);
      BytePointer b = s.get(BytePointer.class, 0);
      throw new CudaException(call + " failed: error " + rc + (b == null || b.isNull() ? "" : " (" + b.getString() + ")"));
    }
  }

  /** Throws unless a cuBLAS call returned {@code CUBLAS_STATUS_SUCCESS}. */
  static void checkBlas(int rc, String call) {
    if (rc != cublas.CUBLAS_STATUS_SUCCESS) {
      throw new CudaException(call + " failed: " + cublas.cublasGetStatusString(rc).getString());
    }
  }

  private static String errorString(int rc) {
    return cudaGetErrorName(rc).getString() + " (" + cudaGetErrorString(rc).getString() + ")";
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }

  /** A float32 array of device memory at {@code address} (a view: freeing is the owner's job). */
  static FloatPointer floats(long address) {
    return new DeviceFloats(address);
  }

  /** Device memory of {@code bytes} bytes (its address); zeroed so that padding rows are finite. */
  static long malloc(long bytes) {
    Pointer p = new Pointer();
    check(cudaMalloc(p, Math.max(bytes, 4)), "cudaMalloc(" + bytes + " bytes)");
    check(cudaMemset(p, 0, Math.max(bytes, 4)), "cudaMemset");
    return p.address();
  }

  /** Frees device memory from {@link #malloc} (0: nothing). */
  static void free(long address) {
    if (address != 0) {
      cudaFree(new DeviceFloats(address));
    }
  }

  /** Copies {@code bytes} of host memory at {@code host} to device memory at {@code device}. */
  static void upload(long device, Pointer host, long bytes) {
    check(cudaMemcpy(new DeviceFloats(device), host, bytes, cudaMemcpyHostToDevice), "cudaMemcpy to the device");
  }

  /** Copies {@code bytes} of device memory at {@code device} to host memory at {@code host}. */
  static void download(Pointer host, long device, long bytes) {
    check(cudaMemcpy(host, new DeviceFloats(device), bytes, cudaMemcpyDeviceToHost), "cudaMemcpy to the host");
  }

  /** Uploads a float array into new device memory. */
  static long upload(float[] values) {
    long d = malloc(4L * values.length);
    try (FloatPointer h = new FloatPointer(values)) {
      upload(d, h, 4L * values.length);
    }
    return d;
  }

  /** Uploads an int array into new device memory. */
  static long upload(int[] values) {
    long d = malloc(4L * values.length);
    try (IntPointer h = new IntPointer(values)) {
      upload(d, h, 4L * values.length);
    }
    return d;
  }

  /** Uploads a double array into new device memory. */
  static long upload(double[] values) {
    long d = malloc(8L * values.length);
    try (DoublePointer h = new DoublePointer(values)) {
      upload(d, h, 8L * values.length);
    }
    return d;
  }

  /** Waits for the device to finish and reports an error raised by any kernel. */
  static void synchronize(String after) {
    check(cudaDeviceSynchronize(), "kernels (" + after + ")");
  }

  /** The project's kernels, loaded once per context from the fatbin resource. */
  static final class Kernels {
    private final CUmod_st module = new CUmod_st();

    Kernels() {
      byte[] image;
      try (InputStream in = Cuda.class.getResourceAsStream(KERNELS)) {
        if (in == null) {
          throw new CudaException("the kernel resource " + KERNELS + " is missing from the jar");
        }
        image = in.readAllBytes();
      } catch (IOException e) {
        throw new CudaException("cannot read the kernel resource: " + e, e, false);
      }
      try (BytePointer p = new BytePointer(image.length)) {
        p.put(image);
        checkDriver(cuModuleLoadData(module, p), "cuModuleLoadData (the fatbin has sm_80 and sm_90 code and"
            + " compute_90 PTX; older GPUs are not supported)");
      }
    }

    /** Unloads the module. */
    void close() {
      cuModuleUnload(module);
    }

    /** The kernel named {@code name}. */
    CUfunc_st function(String name) {
      CUfunc_st f = new CUfunc_st();
      checkDriver(cuModuleGetFunction(f, module, name), "cuModuleGetFunction(" + name + ")");
      return f;
    }
  }

  /** The arguments of one kernel launch, each held in native memory as the driver API expects. */
  static final class Args implements AutoCloseable {
    private final List<Pointer> values = new ArrayList<>();

    Args address(long v) {
      return add(new LongPointer(1).put(0, v));
    }

    Args i32(int v) {
      return add(new IntPointer(1).put(0, v));
    }

    Args i64(long v) {
      return add(new LongPointer(1).put(0, v));
    }

    Args f32(float v) {
      return add(new FloatPointer(1).put(0, v));
    }

    Args f64(double v) {
      return add(new DoublePointer(1).put(0, v));
    }

    private Args add(Pointer p) {
      values.add(p);
      return this;
    }

    /** Launches {@code f} on the default stream with these arguments. */
    void launch(CUfunc_st f, String name, int blocks, int threads, int sharedBytes) {
      launch(f, name, blocks, threads, sharedBytes, null);
    }

    /** Launches {@code f} on {@code stream} (null: the default stream) with these arguments. */
    void launch(CUfunc_st f, String name, int blocks, int threads, int sharedBytes, CUstream_st stream) {
      try (PointerPointer<Pointer> params = new PointerPointer<>(values.size())) {
        for (int i = 0; i < values.size(); i++) {
          params.put(i, values.get(i));
        }
        checkDriver(cuLaunchKernel(f, blocks, 1, 1, threads, 1, 1, sharedBytes, stream, params, null),
            "cuLaunchKernel(" + name + ")");
      }
    }

    @Override
    public void close() {
      values.forEach(Pointer::close);
    }
  }

  /** A device address as a JavaCPP pointer (not owned). */
  private static final class DeviceFloats extends FloatPointer {
    DeviceFloats(long address) {
      this.address = address;
    }
  }
}
