package io.showers.cli;

import io.showers.generative.surrogate.GpuExport;
import io.showers.generative.surrogate.SurrogateModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code showers export}: a trained surrogate as the GPU module's plain HDF5 file. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {
      "Write a trained calorimeter surrogate as one HDF5 file of float32 weights and a JSON stage list that",
      "the GPU module (bin/showers-gpu, its own JVM, no ND4J) runs with cuBLAS and CUDA kernels; it holds a",
      "check batch of this CPU implementation's outputs for 'showers-gpu verify'."
    })
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "DIR",
      description = "Model directory. Default: the shipped models/calorimeter-wgan-gpu (the GPU path's model).")
  Path model;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE.h5",
      description = "Output file. Default: DIR/" + GpuExport.FILE_NAME + ".")
  Path output;

  @Option(names = "--force", description = "Overwrite an existing output file.")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Path dir = model != null ? model : Path.of(System.getProperty("showers.home", "."), "models", "calorimeter-wgan-gpu");
    SurrogateModel<?, ?> m = SurrogateModel.load(dir);
    Path out = output != null ? output : dir.resolve(GpuExport.FILE_NAME);
    GpuExport.write(m, out, force);
    spec.commandLine().getOut().println("wrote   " + out + " (" + GpuExport.CHECK_EVENTS + " check events)");
    return 0;
  }
}
