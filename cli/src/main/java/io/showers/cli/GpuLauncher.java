package io.showers.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Hands a command to {@code bin/showers-gpu}, which runs GPU generation in a JVM of its own (its JavaCPP 1.5.14 with
 * the CUDA 13 presets must never share this JVM's classpath with ND4J's JavaCPP 1.5.7): the same subcommand with the
 * options the user gave, except {@code --device}; its output goes straight to the terminal and its exit code is
 * returned.
 */
final class GpuLauncher {
  private GpuLauncher() {}

  /** Runs {@code showers-gpu <command...> <the options of spec's parse, without --device>} and returns its exit code. */
  static int run(CommandLine.Model.CommandSpec spec, String... command) {
    Path launcher = Path.of(System.getProperty("showers.home", "."), "bin", "showers-gpu");
    if (!Files.isExecutable(launcher)) {
      throw new UserException(launcher + " not found: --device gpu needs the showers-gpu launcher of this"
          + " distribution (or run the GPU bundle's bin/showers-gpu directly)");
    }
    List<String> args = new ArrayList<>(List.of(launcher.toString()));
    args.addAll(List.of(command));
    args.addAll(options(spec.commandLine().getParseResult()));
    try {
      return new ProcessBuilder(args).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UserException("cannot run " + launcher + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while " + launcher + " was running");
    }
  }

  /** The options as given (long names, original values), {@code --device} left out. */
  static List<String> options(CommandLine.ParseResult parsed) {
    List<String> out = new ArrayList<>();
    for (OptionSpec o : parsed.matchedOptions()) {
      if (o.longestName().equals("--device")) {
        continue;
      }
      if (o.arity().max() == 0) {
        out.add(o.longestName());
        continue;
      }
      for (String v : o.originalStringValues()) {
        out.add(o.longestName());
        out.add(v);
      }
    }
    return out;
  }
}
