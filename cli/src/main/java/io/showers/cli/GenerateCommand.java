package io.showers.cli;

import io.showers.detector.ConditionSampler;
import io.showers.detector.Conditions;
import io.showers.detector.Detector;
import io.showers.detector.EventBatch;
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
  /** Events per shard file (generated events carry no traces). */
  static final int SHARD_SIZE = 100_000;

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

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu",
        description = "cpu (ND4J, this JVM) or gpu: the model's GPU export (showers export) run by bin/showers-gpu in"
            + " a JVM of its own, with the same options (calorimeter models). Default: ${DEFAULT-VALUE}.")
    String device;

    /** Whether {@code --device} asks for the GPU (and is one of the two known values). */
    boolean gpu() {
      if (!device.equals("cpu") && !device.equals("gpu")) {
        throw new UserException("--device " + device + " is invalid; expected cpu or gpu");
      }
      return device.equals("gpu");
    }

    /** Loads the model, checks its detector and writes the production with the given labels. */
    @SuppressWarnings("unchecked")
    <C extends Conditions, E extends EventBatch> Integer produce(Detector kind, ConditionSampler<C> labels,
        ProductionOptions production, CommandLine.Model.CommandSpec spec) {
      Path dir = model != null ? model : Path.of(System.getProperty("showers.home", "."), "models", kind.id() + "-wgan");
      SurrogateModel<?, ?> m = SurrogateModel.load(dir);
      m.requireDetector(kind, null);
      GanShowerGenerator<C, E> g = (GanShowerGenerator<C, E>) m.asShowerGenerator(allowExtrapolation);
      production.run("generate " + kind.id(), labels, g, SHARD_SIZE, spec.commandLine().getOut());
      return 0;
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
      if (model.gpu()) {
        return GpuLauncher.run(spec, "generate", "calorimeter");
      }
      return model.<CalorimeterBeam, CalorimeterEvents>produce(Detector.CALORIMETER, beam.sampler(), production, spec);
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
      if (model.gpu()) {
        throw new UserException("the GPU path runs calorimeter surrogates; generate air showers with --device cpu");
      }
      return model.<AirShowerPrimaries, AirShowerEvents>produce(Detector.AIRSHOWER, primaries.sampler(), production, spec);
    }
  }
}
