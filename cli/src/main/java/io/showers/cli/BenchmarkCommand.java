package io.showers.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Reserved: milliseconds per shower, CPU and GPU. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = "Milliseconds per shower, CPU and GPU (reserved; not available in this build yet).")
final class BenchmarkCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw Reserved.unavailable("benchmark", "milliseconds per shower, CPU and GPU");
  }
}
