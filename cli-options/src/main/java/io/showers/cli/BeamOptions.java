package io.showers.cli;

import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The beam of a calorimeter production (simulate and generate share it). */
public final class BeamOptions {
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

  public BeamSampler sampler() {
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
    return new BeamSampler(BeamSampler.particle(particle), energies, BeamSpot.parse(beamSpot));
  }
}
