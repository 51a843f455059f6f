package io.showers.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** PLACEHOLDER: wire the air-shower simulator here (issue 4). */
@Command(name = "airshower", mixinStandardHelpOptions = true,
    description = "Cosmic-ray air showers on the 14x14 ground array (not available in this build yet).")
final class SimulateAirShowerCommand implements Callable<Integer> {
  @Mixin ProductionOptions production;

  @Override
  public Integer call() {
    throw Reserved.unavailable("simulate airshower", "the air-shower simulator");
  }
}
