package io.showers.cli;

import io.showers.detector.airshower.Composition;
import io.showers.detector.airshower.EnergySpectrum;
import io.showers.detector.airshower.PrimarySampler;
import picocli.CommandLine.Option;

/** The primary cosmic rays of an air-shower production (simulate and generate share them). */
final class PrimaryOptions {
  @Option(names = "--energy-range", defaultValue = "3:100", paramLabel = "MIN:MAX",
      description = "Primary energy range in EeV, within 0.1:1000. Default: ${DEFAULT-VALUE}.")
  String energyRange;

  @Option(names = "--spectrum", defaultValue = "log-uniform", paramLabel = "SPECTRUM",
      description = "log-uniform (equal numbers per decade) or power:G (dN/dE ~ E^-G, 0 <= G <= 5,"
          + " e.g. power:2.7). Default: ${DEFAULT-VALUE}.")
  String spectrum;

  @Option(names = "--zenith-max", defaultValue = "60", paramLabel = "DEG",
      description = "Largest zenith angle in degrees (pdf ~ sin(theta) cos(theta)), at most 90;"
          + " the model is made for <= 60. Default: ${DEFAULT-VALUE}.")
  double zenithMax;

  @Option(names = "--composition", defaultValue = "p:0.25,He:0.25,N:0.25,Fe:0.25", paramLabel = "MIX",
      description = "Primary mass mixture, species p, He, N, Fe with relative fractions (normalised)."
          + " Default: ${DEFAULT-VALUE}.")
  String composition;

  @Option(names = "--core-radius", defaultValue = "750", paramLabel = "M",
      description = "Shower cores uniform in a disk of this radius around the array centre, m."
          + " Default: ${DEFAULT-VALUE}.")
  double coreRadius;

  PrimarySampler sampler() {
    double[] range = PrimarySampler.Options.parseEnergyRange(energyRange);
    return new PrimarySampler(new PrimarySampler.Options(range[0], range[1],
        EnergySpectrum.parse(spectrum), zenithMax, coreRadius, Composition.parse(composition)));
  }
}
