package io.showers.cli;

import io.showers.datasets.ShowerDataset;
import io.showers.detector.Detector;
import io.showers.generative.surrogate.SurrogateModel;
import io.showers.generative.surrogate.SurrogateTraining;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code showers train}: a conditional WGAN-GP surrogate for the detector of the training files. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {
      "Train a conditional WGAN-GP surrogate on simulated files (the detector is read from them).",
      "Writes a model directory (model.json, generator weights, losses.png/csv, checkpoints/);"
          + " an interrupted run continues with --resume."})
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE",
      description = "Training files, shard directories or shard base names (one detector configuration).")
  List<Path> data;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Model directory to write.")
  Path output;

  @Option(names = "--steps", defaultValue = "3000", description = "Generator updates. Default: ${DEFAULT-VALUE}.")
  long steps;

  @Option(names = "--batch-size", defaultValue = "128", description = "Events per mini-batch. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--critic-steps", defaultValue = "5", description = "Critic updates per generator update (n_critic). Default: ${DEFAULT-VALUE}.")
  int criticSteps;

  @Option(names = "--lambda", defaultValue = "10", description = "Gradient-penalty weight. Default: ${DEFAULT-VALUE}.")
  double lambda;

  @Option(names = "--lr-generator", defaultValue = "1e-4", description = "Initial generator learning rate, falling linearly to a tenth. Default: ${DEFAULT-VALUE}.")
  double lrGenerator;

  @Option(names = "--lr-critic", defaultValue = "1e-4", description = "Initial critic learning rate, falling linearly to a tenth. Default: ${DEFAULT-VALUE}.")
  double lrCritic;

  @Option(names = "--noise-dim", defaultValue = "32", description = "Latent noise size. Default: ${DEFAULT-VALUE}.")
  int noiseDim;

  @Option(names = "--generator-layers", defaultValue = "256,512", split = ",", description = "Generator hidden layer sizes. Default: ${DEFAULT-VALUE}.")
  int[] generatorLayers;

  @Option(names = "--critic-layers", defaultValue = "512,256", split = ",", description = "Critic hidden layer sizes. Default: ${DEFAULT-VALUE}.")
  int[] criticLayers;

  @Option(names = "--kappa", defaultValue = "0.01", description = "Weight of the energy constrainer term (0 = off). Default: ${DEFAULT-VALUE}.")
  double kappa;

  @Option(names = "--constrainer-steps", defaultValue = "1500", description = "Training steps of the energy regressor. Default: ${DEFAULT-VALUE}.")
  int constrainerSteps;

  @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints. Default: ${DEFAULT-VALUE}.")
  int checkpointEvery;

  @Option(names = "--critic-features", negatable = true,
      description = "Let the critic also see energy summaries (air shower: total signal and its centroid; calorimeter:"
          + " per-layer and total energy). Default: on, except for a calorimeter trained with --no-energy-shares,"
          + " where they made the generator spread energy over the whole layer.")
  Boolean criticFeatures;

  @Option(names = "--energy-shares", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Build each event from a total and its shares (calorimeter: total energy, layer profile, lateral"
          + " profile per layer; air shower: total signal, station shares), so the sum an energy estimate rests on"
          + " is one network output instead of a sum of independent cells. Default: ${DEFAULT-VALUE}.")
  boolean energyShares;

  @Option(names = "--cell-spread",
      description = "With --energy-shares: give every cell logit independent Gaussian noise with a learned spread per"
          + " group and event (sampling fluctuations of single cells, which the noise input cannot give 1260 cells)."
          + " For the calorimeter it did not help; the shipped air-shower model uses --counting-spread instead.")
  boolean cellSpread;

  @Option(names = "--lateral-prior",
      description = "With --energy-shares: start each event's cell shares from a profile that follows its labels. Air"
          + " shower: a lateral distribution around the labelled core in the shower plane, slope fitted to the training"
          + " data (footprints centred on the core: 90 m vs 146 m core error). Calorimeter: each layer's transverse"
          + " profile (core and halo of GFlash's radial form R²/(r²+R²)², fitted) integrated over the cells around the"
          + " labelled impact point, so each layer's energy centroid is pulled to the centre of the struck cell as a 1 cm"
          + " cell pulls it."
          + " The shipped calorimeter model uses it; the shipped air-shower model uses it with"
          + " --total-density, --lateral-rings, --radial-shares, --counting-spread, --no-radial-asymmetry and --noise-dim 4"
          + " (see models/airshower-wgan/MODEL_CARD.md).")
  boolean lateralPrior;

  @Option(names = "--calibrated-features",
      description = "Give the critic each energy summary as its residual to a quadratic fit on the labels, in units"
          + " of the fit's rms, instead of standardised over the training set, so it weighs a summary's error at"
          + " fixed labels. Experimental: air shower 3000 steps, resolution 30-41 %% (default 36-51 %%) but held-out bias"
          + " +9 %%; see models/airshower-wgan/MODEL_CARD.md.")
  boolean calibratedFeatures;

  @Option(names = "--normalised-constrainer", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Divide each constrainer residual by the regressor's own resolution on reference events at that"
          + " energy, so every energy counts and the term is of order --kappa (plain, as arXiv:1807.01954: its squared"
          + " error in label units, about 3e-4 of the loss here). Default: ${DEFAULT-VALUE}.")
  boolean normalisedConstrainer;

  @Option(names = "--total-density", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Draw each event's log total from a log-normal density whose mean and width are quadratic in the"
          + " labels, fitted to the training events (its mean corrected during training for what falls below the"
          + " threshold), instead of the generator emitting it: the total's spread at fixed labels, the detector's"
          + " resolution, is then the reference's by construction (both shipped models use it; needs --energy-shares)."
          + " Default: ${DEFAULT-VALUE}.")
  boolean totalDensity;

  @Option(names = "--profile-density",
      description = "Calorimeter, with --total-density: draw each shower's layer profile (fraction of the total per"
          + " layer) from a Gaussian whose mean, slope on the drawn total and covariance are measured on the training"
          + " showers at each beam energy (at least 50 showers each) and interpolated in ln E, its mean corrected in"
          + " training for what falls under the threshold; the generator shares each layer out over its cells."
          + " Keeps the reference's tie between the total and the shower depth. Experimental, see"
          + " models/calorimeter-wgan/MODEL_CARD.md.")
  boolean profileDensity;

  @Option(names = "--lateral-rings",
      description = "Air shower: let the critic also see the share of the footprint's signal in rings of distance"
          + " from the labelled core (0-0.6, 0.6-1, 1-1.5, 1.5-2.2 km and beyond, in the shower plane), the lateral"
          + " distribution that S(1000) and the energy estimate rest on (used by the shipped air-shower model).")
  boolean lateralRings;

  @Option(names = "--radial-shares",
      description = "With --lateral-prior: the network corrects the station shares through a function of the"
          + " shower-plane distance from the labelled core and (unless --no-radial-asymmetry) its early-late asymmetry"
          + " (8 knots in ln(1 + r/150 m)),"
          + " not station by station, so its corrections move with the core. Per-station fluctuations then come"
          + " from --cell-spread or --counting-spread.")
  boolean radialShares;

  @Option(names = "--counting-spread",
      description = "With --energy-shares (implies --cell-spread): each cell's log-normal noise falls with its expected"
          + " amount as a particle count's does, sigma^2 = s^2 + kappa / u (u in VEM for the air shower; s and kappa"
          + " learned per event), keeping the cell's mean. A single spread for all stations was three times the"
          + " simulator's at the 50-200 VEM where S(1000) is measured (used by the shipped air-shower model).")
  boolean countingSpread;

  @Option(names = "--fitted-counting",
      description = "With --counting-spread (air shower): fix kappa and s for every event to the values fitted to the"
          + " training footprints (residuals of each station about its event's lateral fit, Var = kappa S + s^2 S^2)"
          + " instead of letting the network set them. Left to the network, kappa came out a fifth low and s at 4%%"
          + " where the simulator has none, and the footprint's shape varied coherently instead.")
  boolean fittedCounting;

  @Option(names = "--amplitude-density",
      description = "With --total-density and --radial-shares (air shower): draw the lateral distribution's amplitude"
          + " at 1000 m, S(1000), from the density fitted to the training footprints instead of the total signal;"
          + " the stations follow from it through the lateral shape, and the total from the stations. S(1000) is"
          + " what the energy is estimated from: drawn as a share of the total it scattered 1.5x the simulator's."
          + " Not used by the shipped model; measured in models/airshower-wgan/MODEL_CARD.md.")
  boolean amplitudeDensity;

  @Option(names = "--total-ratio-density",
      description = "With --amplitude-density: draw the total signal's ratio to S(1000) too, from a density given the"
          + " labels and S(1000), and tilt the stations inside 1000 m so the footprint adds up to it. With S(1000)"
          + " alone drawn, the total followed from the network's lateral shape and scattered too much. Measured in"
          + " models/airshower-wgan/MODEL_CARD.md (not used by the shipped model).")
  boolean totalRatioDensity;

  @Option(names = "--xmax-first",
      description = "Air shower: draw Xmax first, from a generalised-Gumbel density of the labels fitted to the"
          + " training showers by maximum likelihood (bounded by the deepest vertical depth of a training maximum),"
          + " and generate the footprint given it (the network and the total's density are trained on the real"
          + " showers' Xmax). In the simulator the footprint follows from Xmax; generated alongside it, the"
          + " footprint hardly depended on it. Measured in models/airshower-wgan/MODEL_CARD.md.")
  boolean xmaxFirst;

  @Option(names = "--radial-asymmetry", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "With --radial-shares: let the corrections differ between the early and late side of the core"
          + " (a cos(psi) term per knot). Turn it off (--no-radial-asymmetry) for a simulator whose signal depends on"
          + " the distance from the axis alone, as the toy air shower's: the generator otherwise makes up an early-late"
          + " difference the critic hardly sees (the shipped air-shower model is trained without it)."
          + " Default: ${DEFAULT-VALUE}.")
  boolean radialAsymmetry;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of initial weights and of every draw. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--resume", description = "Continue from DIR/checkpoints (the result equals an uninterrupted run).")
  boolean resume;

  @Option(names = "--force", description = "Overwrite an existing model directory.")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(output.resolve(SurrogateModel.MODEL_FILE)) && !force && !resume) {
      throw new UserException(output + ": already holds a model; use --force to overwrite or --resume to continue");
    }
    PrintWriter out = spec.commandLine().getOut();
    String command = "showers " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    try (ShowerDataset d = ShowerDataset.open(data)) {
      boolean features = criticFeatures != null ? criticFeatures : d.detector().kind() == Detector.AIRSHOWER || energyShares;
      SurrogateTraining.Settings settings = new SurrogateTraining.Settings(steps, batchSize, criticSteps, lambda,
          lrGenerator, lrCritic, noiseDim, generatorLayers, criticLayers, kappa, constrainerSteps, seed,
          checkpointEvery, features, energyShares, cellSpread, lateralPrior, calibratedFeatures, normalisedConstrainer,
          totalDensity, profileDensity, lateralRings, radialShares, countingSpread,
          !radialAsymmetry, amplitudeDensity, totalRatioDensity, xmaxFirst, fittedCounting);
      train(d, settings, command, out);
    }
    return 0;
  }

  private void train(ShowerDataset d, SurrogateTraining.Settings settings, String command, PrintWriter out)
      throws java.io.IOException {
    long done = resume ? SurrogateTraining.resumedStep(output) : 0;
    try (ProgressBars.Bar bar = ProgressBars.start("train " + d.detector().kind(), steps, "steps", done)) {
      long t = System.nanoTime();
      SurrogateModel<?, ?> model = SurrogateTraining.train(d, settings, output, resume, m -> {
        bar.advance(1);
        bar.message(String.format(Locale.ROOT, "W=%.3f GP=%.3f G=%.3f", m.wasserstein(), m.gradientPenalty(), m.generatorLoss()));
      }, command);
      out.printf(Locale.ROOT, "wrote %s (%d events, %.0f s)%n", model.dir(), d.size(), (System.nanoTime() - t) / 1e9);
    }
  }
}
