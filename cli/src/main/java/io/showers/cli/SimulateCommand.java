package io.showers.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code showers simulate airshower|calorimeter}: the reference and fast simulators. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate events with a physics-based detector simulator and write them to HDF5.",
    subcommands = {SimulateAirShowerCommand.class, SimulateCalorimeterCommand.class})
final class SimulateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing detector; expected 'showers simulate airshower' or 'showers simulate calorimeter'");
  }
}
