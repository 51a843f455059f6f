package io.showers.gpu;

import io.showers.cli.BeamOptions;
import io.showers.cli.ProductionOptions;
import io.showers.cli.UserException;
import io.showers.datasets.DatasetException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code showers-gpu}: generation, verification and benchmarks of exported surrogates on an NVIDIA GPU, in a JVM of
 * its own (no ND4J; JavaCPP 1.5.14 with the CUDA 13 presets).
 */
@Command(name = "showers-gpu", mixinStandardHelpOptions = true,
    versionProvider = GpuMain.Version.class,
    description = {
      "GPU generation of calorimeter showers from a surrogate exported by 'showers export' (cuBLAS and CUDA kernels",
      "through JavaCPP's CUDA 13 presets; the CUDA 13 libraries come from the host)."
    },
    subcommands = {GpuMain.Info.class, GpuMain.Verify.class, GpuMain.Generate.class, GpuBenchmark.class})
public final class GpuMain implements Runnable {
  /** Exit code for invalid input after a one-line message (as the showers CLI). */
  public static final int EXIT_BAD_INPUT = UserException.EXIT_BAD_INPUT;
  /** Exit code when no usable GPU or CUDA library is found. */
  public static final int EXIT_NO_GPU = 4;
  /** Exit code when the GPU disagrees with the CPU implementation. */
  public static final int EXIT_DISAGREES = 5;
  /** Exit code when a CUDA call fails on a usable GPU (out of memory, a kernel fault). */
  public static final int EXIT_GPU_FAILURE = 6;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // JavaCPP measures the process's memory at every native allocation unless told not to: ~10 µs a kernel launch
    System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new GpuMain());
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      PrintWriter err = line.getErr();
      if (ex instanceof Cuda.CudaException c) {
        err.println("showers-gpu: error: " + ex.getMessage());
        return c.unavailable() ? EXIT_NO_GPU : EXIT_GPU_FAILURE;
      }
      if (ex instanceof DatasetException || ex instanceof IllegalArgumentException || ex instanceof UserException) {
        err.println("showers-gpu: error: " + ex.getMessage());
        return ex instanceof UserException u ? u.exitCode() : EXIT_BAD_INPUT;
      }
      err.println("showers-gpu: internal error: " + ex);
      ex.printStackTrace(err);
      return 1;
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("showers-gpu: error: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return EXIT_BAD_INPUT;
    });
    return cl.execute(args);
  }

  /** Where the export is: {@code --model DIR} (its {@value ExportedCalorimeter#FILE_NAME}) or {@code --export FILE}. */
  static final class ModelOption {
    @Option(names = {"--model", "--export"}, paramLabel = "DIR|FILE",
        description = "Model directory holding " + ExportedCalorimeter.FILE_NAME + ", or the export file itself."
            + " Default: the shipped models/calorimeter-wgan-gpu.")
    Path model;

    ExportedCalorimeter read() {
      Path p = model != null ? model
          : Path.of(System.getProperty("showers.home", "."), "models", "calorimeter-wgan-gpu");
      return ExportedCalorimeter.read(p);
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Print the GPU, the CUDA libraries in use and, with --model, the export.")
  static final class Info implements Callable<Integer> {
    @Option(names = {"--model", "--export"}, paramLabel = "DIR|FILE", description = "Also describe this export.")
    Path model;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
      PrintWriter out = spec.commandLine().getOut();
      Cuda.init();
      out.println("device:  " + Cuda.describe());
      out.println("javacpp: " + org.bytedeco.javacpp.Loader.getVersion());
      if (model != null) {
        ExportedCalorimeter m = ExportedCalorimeter.read(model);
        out.println("export:  " + m.file() + ": " + m.detector().layers() + " × " + m.detector().rows() + " × "
            + m.detector().cols() + " cells, " + m.generator().size() + " dense layers, "
            + (m.gflash() ? "GFlash" : "Gaussian") + " transverse prior, trained " + m.energyMinGeV() + "-"
            + m.energyMaxGeV() + " GeV");
      }
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Run the export's check batch on the GPU and compare every stage with the CPU implementation's",
        "outputs stored in it. Exit 0 when they agree within float32 tolerances, 5 when not."})
  static final class Verify implements Callable<Integer> {
    @Mixin ModelOption model;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      ExportedCalorimeter m = model.read();
      try (GpuCalorimeterGenerator g = new GpuCalorimeterGenerator(m, true)) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("device: " + Cuda.describe());
        Agreement a = Agreement.measure(g);
        out.print(a.report());
        out.println();
        return a.passes() ? 0 : EXIT_DISAGREES;
      }
    }
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Showers from an exported surrogate on the GPU, in the showers HDF5 schema.",
      subcommands = {Calorimeter.class})
  static final class Generate implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(name = "calorimeter", mixinStandardHelpOptions = true,
      description = "Calorimeter showers (beam options as in 'showers simulate calorimeter').")
  static final class Calorimeter implements Callable<Integer> {
    /** Events per shard file (as the CPU 'generate calorimeter'). */
    static final int SHARD_SIZE = 100_000;

    @Mixin ProductionOptions production;
    @Mixin ModelOption model;
    @Mixin BeamOptions beam;

    @Option(names = "--allow-extrapolation",
        description = "Generate for labels outside the trained range instead of refusing.")
    boolean allowExtrapolation;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      // bad options and a bad model are refused before the GPU is set up
      production.validate(SHARD_SIZE);
      var sampler = beam.sampler();
      ExportedCalorimeter m = model.read();
      try (GpuCalorimeterGenerator g = new GpuCalorimeterGenerator(m, allowExtrapolation)) {
        production.run("generate calorimeter (gpu)", sampler, g, SHARD_SIZE, spec.commandLine().getOut());
      }
      return 0;
    }
  }

  /** Version from the jar manifest when packaged. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GpuMain.class.getPackage().getImplementationVersion();
      return new String[] {"showers-gpu " + (v == null ? "development build" : v)};
    }
  }
}
