package io.showers.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Reserved: train a conditional WGAN-GP surrogate. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a conditional WGAN-GP surrogate (reserved; not available in this build yet).")
final class TrainCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw Reserved.unavailable("train", "train a conditional WGAN-GP surrogate");
  }
}
