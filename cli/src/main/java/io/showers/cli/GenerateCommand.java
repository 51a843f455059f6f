package io.showers.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Reserved: generate events with a trained surrogate. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate events with a trained surrogate (reserved; not available in this build yet).")
final class GenerateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw Reserved.unavailable("generate", "generate events with a trained surrogate");
  }
}
