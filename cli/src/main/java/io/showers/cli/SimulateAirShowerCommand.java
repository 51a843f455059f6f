package io.showers.cli;

import io.showers.detector.airshower.AirShowerSimulator;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.airshower.RealismProfile;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code showers simulate airshower}: cosmic-ray air showers on the ground array. */
@Command(name = "airshower", mixinStandardHelpOptions = true,
    description = {
      "Cosmic-ray air showers on the 14x14 ground array of water-Cherenkov stations (750 m spacing,"
          + " 1400 m a.s.l., 3 VEM trigger).",
      "Writes signal (N,14,14) VEM and time (N,14,14) us (NaN = not triggered), traces (N,14,14,80)"
          + " VEM per 25 ns bin with --traces, and the labels energy (N) EeV, showeraxis (N,3),"
          + " showercore (N,2) m, xmax (N) g/cm^2, mass (N) A."})
final class SimulateAirShowerCommand implements Callable<Integer> {
  /** Events per shard file without traces: about 1.6 kB each, 80 MB per shard. */
  static final int DEFAULT_SHARD_SIZE = 50_000;
  /** Events per shard file with traces: about 64 kB each, 130 MB per shard. */
  static final int DEFAULT_SHARD_SIZE_TRACES = 2_000;

  @Mixin ProductionOptions production;

  @Spec CommandSpec spec;

  @Option(names = "--mode", defaultValue = "reference", paramLabel = "MODE",
      description = "reference (every particle, traces; ~0.4-10 ms per shower per core from 3 to 100 EeV)"
          + " or fast (same model with Gaussian/order-statistics shortcuts, no traces; >1000 showers/s)."
          + " Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = "--realism", defaultValue = "sim", paramLabel = "PROFILE",
      description = "sim (the model as designed) or data (muon excess x1.3, slower PMT pulse, more time"
          + " jitter, -4%% VEM calibration, extra baseline noise, 4 dead stations; the refiners' target)."
          + " Default: ${DEFAULT-VALUE}.")
  String realism;

  @Option(names = "--traces",
      description = "Also write the station traces, 80 bins x 25 ns in VEM per bin (reference mode only).")
  boolean traces;

  @Option(names = "--curved-front",
      description = "Spherical shower front centred on the axis at half the depth of maximum, instead of a plane.")
  boolean curvedFront;

  @Mixin PrimaryOptions primaries;

  @Override
  public Integer call() {
    AirShowerSimulator.Mode m = AirShowerSimulator.Mode.parse(mode);
    if (traces && m == AirShowerSimulator.Mode.FAST) {
      throw new UserException("--traces needs --mode reference; the fast mode does not build traces");
    }
    AirShowerSimulator.Options options = new AirShowerSimulator.Options(
        m, RealismProfile.parse(realism), traces, curvedFront);
    AirShowerSimulator simulator = new AirShowerSimulator(ArrayConfig.defaults(), options);
    PrintWriter out = spec.commandLine().getOut();
    production.run("airshower " + m.id(), primaries.sampler(), simulator,
        traces ? DEFAULT_SHARD_SIZE_TRACES : DEFAULT_SHARD_SIZE, out);
    out.flush();
    return 0;
  }
}
