package io.showers.cli;

import io.showers.detector.ShowerGenerator;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.ParametrisedCalorimeter;
import io.showers.detector.calorimeter.Realism;
import io.showers.detector.calorimeter.ReferenceCalorimeter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
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

  @Option(names = "--particle", defaultValue = "e-", paramLabel = "P",
      description = "Beam particle: e- or gamma. Default: ${DEFAULT-VALUE}.")
  String particle;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Energy energy = new Energy();

  static final class Energy {
    @Option(names = "--energy", paramLabel = "GEV",
        description = "One beam energy, GeV (1-500). Default: --energies 20,32,50,80,90.")
    Double single;

    @Option(names = "--energies", paramLabel = "E1,E2,...",
        description = "A list of beam energies in GeV, each event picks one, e.g. 20,32,50,80,90"
            + " (the training energies of arXiv:1807.01954).")
    String list;

    @Option(names = "--energy-range", paramLabel = "MIN:MAX",
        description = "Beam energy uniform in [MIN, MAX] GeV, e.g. 10:100.")
    String range;
  }

  @Option(names = "--beam-spot", defaultValue = "gaussian:5", paramLabel = "SHAPE:MM",
      description = "Impact-position spread around the centre: uniform:H (x, y uniform in [-H, H] mm)"
          + " or gaussian:S (x, y Gaussian, sigma S mm); 0 = pencil beam. Default: ${DEFAULT-VALUE}.")
  String beamSpot;

  @Override
  public Integer call() {
    BeamEnergies energies;
    if (energy.single != null) {
      energies = BeamEnergies.fixed(energy.single);
    } else if (energy.range != null) {
      if (!energy.range.contains(":")) {
        throw new UserException("--energy-range '" + energy.range + "' is invalid; expected MIN:MAX in GeV, e.g. 10:100");
      }
      energies = BeamEnergies.parse(energy.range);
    } else if (energy.list != null) {
      if (energy.list.contains(":")) {
        throw new UserException("--energies '" + energy.list + "' is invalid; expected E1,E2,... in GeV, e.g. 20,32,50,80,90");
      }
      energies = BeamEnergies.parse(energy.list);
    } else {
      energies = BeamEnergies.list(20, 32, 50, 80, 90);
    }
    BeamSampler beam = new BeamSampler(BeamSampler.particle(particle), energies, BeamSpot.parse(beamSpot));
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
