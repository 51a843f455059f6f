package io.showers.cli;

import io.showers.datasets.DatasetException;
import io.showers.datasets.nd4j.NativeBinary;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code showers} command: the only entry point of the framework. */
@Command(
    name = "showers",
    mixinStandardHelpOptions = true,
    versionProvider = Showers.Version.class,
    description = {
      "Toy detector simulators, HDF5 datasets, WGAN surrogates, refiners and benchmarks for",
      "cosmic-ray air showers (14x14 ground array) and electromagnetic calorimeter showers."
    },
    subcommands = {
      SimulateCommand.class,
      TrainCommand.class,
      GenerateCommand.class,
      EvaluateCommand.class,
      RefineCommand.class,
      BenchmarkCommand.class,
      QuickstartCommand.class,
      InspectCommand.class,
      ExportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Showers implements Runnable {

  /** Exit code for invalid input (bad file, bad option value) after a one-line message. */
  public static final int EXIT_BAD_INPUT = UserException.EXIT_BAD_INPUT;

  /** Exit code for a reserved sub-command that this build does not provide yet. */
  public static final int EXIT_UNAVAILABLE = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    try {
      // before any ND4J class loads: pick the fastest libnd4j build this CPU can run
      NativeBinary.select();
    } catch (IllegalArgumentException e) {
      System.err.println("showers: error: " + e.getMessage());
      System.exit(EXIT_BAD_INPUT);
    }
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured picocli command line (one-line errors, non-zero exits). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Showers());
    cl.setExecutionExceptionHandler(Showers::handle);
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("showers: error: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return EXIT_BAD_INPUT;
    });
    return cl;
  }

  private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (ex instanceof DatasetException || ex instanceof IllegalArgumentException
        || ex instanceof UserException) {
      err.println("showers: error: " + ex.getMessage());
      return ex instanceof UserException u ? u.exitCode() : EXIT_BAD_INPUT;
    }
    err.println("showers: internal error: " + ex);
    ex.printStackTrace(err);
    return 1;
  }

  /** Version from the jar manifest when packaged. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Showers.class.getPackage().getImplementationVersion();
      return new String[] {"showers " + (v == null ? "development build" : v)};
    }
  }
}
