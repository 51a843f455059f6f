package io.showers.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Reserved: compare a candidate dataset with a reference. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Compare a candidate dataset with a reference (reserved; not available in this build yet).")
final class EvaluateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw Reserved.unavailable("evaluate", "compare a candidate dataset with a reference");
  }
}
