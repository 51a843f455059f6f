package io.showers.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** PLACEHOLDER: wire the calorimeter simulator here (issue 5). */
@Command(name = "calorimeter", mixinStandardHelpOptions = true,
    description = "Electron/photon showers in the sampling calorimeter (not available in this build yet).")
final class SimulateCalorimeterCommand implements Callable<Integer> {
  @Mixin ProductionOptions production;

  @Override
  public Integer call() {
    throw Reserved.unavailable("simulate calorimeter", "the calorimeter simulator");
  }
}
