package io.showers.cli;

import io.showers.detector.ShowerGenerator;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.ParametrisedCalorimeter;
import io.showers.detector.calorimeter.Realism;
import io.showers.detector.calorimeter.ReferenceCalorimeter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code showers simulate calorimeter}: e−/γ showers in the W/Si sampling calorimeter. */
@Command(name = "calorimeter", mixinStandardHelpOptions = true,
    description = {
      "Electron/photon showers in the tungsten/silicon sampling calorimeter (7 layers x 12 x 15 cells"
          + " of 1 cm^2, cells in MIP, < 2 MIP set to 0).",
      "Writes showers (N,7,12,15) MIP, incident_energies (N,1) GeV, impact (N,2) mm, particle (N) PDG."})
final class SimulateCalorimeterCommand implements Callable<Integer> {
  /** Events per shard file: 10 000 showers are about 50 MB of cells. */
  static final int DEFAULT_SHARD_SIZE = 10_000;

  @Mixin ProductionOptions production;

  @Spec CommandSpec spec;

  @Option(names = "--mode", defaultValue = "reference", paramLabel = "MODE",
      description = "reference (cascade Monte Carlo, ~1-2 ms per GeV of beam energy per core) or"
          + " parametrised (GFlash-style fast simulation tuned to the reference). Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = "--realism", defaultValue = "sim", paramLabel = "PROFILE",
      description = "Detector response: sim (ideal) or data (4%% lower response, cross-talk, extra"
          + " noise, dead cells; the refiners' target). Default: ${DEFAULT-VALUE}.")
  String realism;

  @Mixin BeamOptions beamOptions;

  @Override
  public Integer call() {
    BeamSampler beam = beamOptions.sampler();
    Realism profile = Realism.fromId(realism);
    CalorimeterConfig config = CalorimeterConfig.defaults();
    ShowerGenerator<CalorimeterBeam, CalorimeterEvents> generator = switch (mode.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "reference" -> new ReferenceCalorimeter(config, profile);
      case "parametrised", "parametrized" -> new ParametrisedCalorimeter(config, profile);
      default -> throw new UserException(
          "--mode '" + mode + "' is unknown; expected reference or parametrised");
    };
    PrintWriter out = spec.commandLine().getOut();
    production.run("calorimeter " + mode, beam, generator, DEFAULT_SHARD_SIZE, out);
    out.flush();
    return 0;
  }
}
