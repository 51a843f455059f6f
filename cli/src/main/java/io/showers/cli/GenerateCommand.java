package io.showers.cli;

import io.showers.detector.Detector;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.AirShowerPrimaries;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.surrogate.GanShowerGenerator;
import io.showers.generative.surrogate.SurrogateModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code showers generate calorimeter|airshower}: events from a trained surrogate. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate events with a trained surrogate; writes the same schema as the simulators.",
    subcommands = {GenerateCommand.Calorimeter.class, GenerateCommand.AirShower.class})
final class GenerateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing detector; expected 'showers generate calorimeter' or 'showers generate airshower'");
  }

  /** Options of both detectors. */
  static final class ModelOptions {
    @Option(names = "--model", paramLabel = "DIR",
        description = "Model directory (from 'showers train'). Default: the shipped models/<detector>-wgan.")
    Path model;

    @Option(names = "--allow-extrapolation",
        description = "Generate for labels outside the trained range instead of refusing.")
    boolean allowExtrapolation;

    @SuppressWarnings("unchecked")
    <C extends io.showers.detector.Conditions, E extends io.showers.detector.EventBatch> GanShowerGenerator<C, E> load(Detector kind) {
      Path dir = model != null ? model : Path.of(System.getProperty("showers.home", "."), "models", kind.id() + "-wgan");
      SurrogateModel<?, ?> m = SurrogateModel.load(dir);
      m.requireDetector(kind, null);
      return (GanShowerGenerator<C, E>) m.asShowerGenerator(allowExtrapolation);
    }
  }

  @Command(name = "calorimeter", mixinStandardHelpOptions = true,
      description = "Calorimeter showers from a trained surrogate (beam options as in 'simulate calorimeter').")
  static final class Calorimeter implements Callable<Integer> {
    @Mixin ProductionOptions production;
    @Mixin ModelOptions model;
    @Mixin BeamOptions beam;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      GanShowerGenerator<CalorimeterBeam, CalorimeterEvents> g = model.load(Detector.CALORIMETER);
      production.run("generate calorimeter", beam.sampler(), g, 100_000, spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(name = "airshower", mixinStandardHelpOptions = true,
      description = "Air showers from a trained surrogate (primary options as in 'simulate airshower').")
  static final class AirShower implements Callable<Integer> {
    @Mixin ProductionOptions production;
    @Mixin ModelOptions model;
    @Mixin PrimaryOptions primaries;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      GanShowerGenerator<AirShowerPrimaries, AirShowerEvents> g = model.load(Detector.AIRSHOWER);
      production.run("generate airshower", primaries.sampler(), g, 100_000, spec.commandLine().getOut());
      return 0;
    }
  }
}
