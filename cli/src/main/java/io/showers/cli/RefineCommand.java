package io.showers.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Reserved: train and apply sim-to-data refiners. */
@Command(name = "refine", mixinStandardHelpOptions = true,
    description = "Train and apply sim-to-data refiners (reserved; not available in this build yet).")
final class RefineCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw Reserved.unavailable("refine", "train and apply sim-to-data refiners");
  }
}
