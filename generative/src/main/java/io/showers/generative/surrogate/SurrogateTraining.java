package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.AtomicFiles;
import io.showers.datasets.ShowerDataset;
import io.showers.detector.Conditions;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.Json;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.wgan.Constrainer;
import io.showers.generative.wgan.CountingNoise;
import io.showers.generative.wgan.CriticFeatures;
import io.showers.generative.wgan.EnergyShareHead;
import io.showers.generative.wgan.Generator;
import io.showers.generative.wgan.GumbelDensity;
import io.showers.generative.wgan.LateralPrior;
import io.showers.generative.wgan.TransversePrior;
import io.showers.generative.wgan.LearningRateSchedule;
import io.showers.generative.wgan.ProfileDensity;
import io.showers.generative.wgan.TrainingData;
import io.showers.generative.wgan.TotalDensity;
import io.showers.generative.wgan.TrainingListener;
import io.showers.generative.wgan.WganConfig;
import io.showers.generative.wgan.WganTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Trains a conditional WGAN-GP surrogate on a showers dataset: preprocessing fitted to the data,
 * an energy constrainer trained first and frozen (arXiv:1807.01954), then the GAN with
 * checkpoints; writes a complete model directory.
 */
public final class SurrogateTraining {
  /** Reference events on which the constrainer's resolution curve is measured. */
  private static final int RESOLUTION_EVENTS = 8000;
  /** Equal-population energy bins of that curve. */
  private static final int RESOLUTION_BINS = 10;
  private SurrogateTraining() {}

  /**
   * Training settings.
   *
   * @param steps generator updates
   * @param batchSize events per mini-batch
   * @param criticSteps critic updates per generator update
   * @param lambda gradient-penalty weight
   * @param generatorLr initial generator learning rate (falls linearly to a tenth over the run)
   * @param criticLr initial critic learning rate (idem)
   * @param noiseDim latent noise size
   * @param generatorHidden hidden layer sizes of the generator
   * @param criticHidden hidden layer sizes of the critic
   * @param kappa constrainer weight (0 disables it)
   * @param constrainerSteps training steps of the energy regressor
   * @param seed master seed
   * @param checkpointEvery steps between checkpoints
   * @param criticFeatures whether the critic also sees the codec's energy sums ({@link EventCodec#criticFeatures})
   * @param energyShares whether the generator builds events from a total and its shares ({@link
   *     EventCodec#outputHead}), where the codec defines them
   * @param cellSpread whether that head also gives each cell independent log-normal noise with a learned
   *     spread per group ({@link io.showers.generative.wgan.EnergyShareHead#cellSpread()})
   * @param lateralPrior whether that head's cell priors follow each event's labels ({@link
   *     EventCodec#lateralPrior} around the air shower's core, else {@link EventCodec#transversePrior} around the
   *     calorimeter's impact point); refused for a codec that defines neither
   * @param calibratedFeatures whether the critic features are residuals to a fit on the labels
   *     ({@link CriticFeatures#withLabelCalibration})
   * @param normalisedConstrainer whether the constrainer's residuals are divided by its resolution
   *     at each energy ({@link Constrainer.Resolution}); off, a plain MSE as in arXiv:1807.01954
   * @param totalDensity whether the energy-share head draws the log total from a log-normal density
   *     fitted to the training events ({@link TotalDensity}) instead of the network emitting it
   * @param profileDensity whether, with a total density, the head also draws the group shares (calorimeter layer
   *     profile) from a density given the energy and the total ({@link ProfileDensity}); refused for a codec that
   *     defines none
   * @param lateralRings whether the critic also sees the share of the footprint in rings around the labelled core
   *     ({@link CriticFeatures.Rings}); refused for a codec that defines none
   * @param radialShares whether, with the lateral prior, the network corrects the station shares through a function
   *     of the distance from the core (and the early–late asymmetry) instead of station by station ({@link
   *     io.showers.generative.wgan.EnergyShareHead#radialShares()})
   * @param countingSpread whether that head's cell spread also falls with each cell's expected amount as a counting
   *     fluctuation does ({@link io.showers.generative.wgan.EnergyShareHead#countingSpread()}); implies cell spread
   * @param symmetricRadial whether the radial share corrections leave out the early–late asymmetry ({@link
   *     io.showers.generative.wgan.EnergyShareHead#symmetricRadial()}); needs radial shares
   * @param amplitudeDensity whether the head draws the lateral distribution's amplitude at the codec's reference
   *     distance instead of the total ({@link io.showers.generative.wgan.EnergyShareHead#withAnchoredAmplitude})
   * @param totalRatioDensity whether it then draws the total's ratio to that amplitude too
   * @param xmaxFirst whether the generator draws the codec's {@linkplain EventCodec#leadingValue leading value}
   *     (the air shower's Xmax) first, from a generalised-Gumbel density fitted to the training events ({@link
   *     GumbelDensity}), and generates the rest of the event given it (trained on the real events' values)
   * @param fittedCounting whether, with counting spread, the cells' counting coefficient and flat spread are fitted to
   *     the training events ({@link EventCodec#countingNoise}) instead of set by the network for each event; refused
   *     for a codec that defines no such fit
   */
  public record Settings(long steps, int batchSize, int criticSteps, double lambda, double generatorLr,
      double criticLr, int noiseDim, int[] generatorHidden, int[] criticHidden, double kappa,
      int constrainerSteps, long seed, int checkpointEvery, boolean criticFeatures, boolean energyShares,
      boolean cellSpread, boolean lateralPrior, boolean calibratedFeatures, boolean normalisedConstrainer,
      boolean totalDensity, boolean profileDensity, boolean lateralRings,
      boolean radialShares, boolean countingSpread, boolean symmetricRadial, boolean amplitudeDensity,
      boolean totalRatioDensity, boolean xmaxFirst, boolean fittedCounting) {

    public Settings {
      if (steps < 1 || batchSize < 2 || criticSteps < 1 || !(lambda >= 0) || !(generatorLr > 0)
          || !(criticLr > 0) || noiseDim < 1 || !(kappa >= 0) || constrainerSteps < 0 || checkpointEvery < 1) {
        throw new IllegalArgumentException("invalid training settings " + this);
      }
      // options that would otherwise be silently ignored
      if (lateralRings && !criticFeatures || (lateralPrior || radialShares || cellSpread || countingSpread) && !energyShares
          || radialShares && !lateralPrior || symmetricRadial && !radialShares
          || amplitudeDensity && !(totalDensity && radialShares) || totalRatioDensity && !amplitudeDensity
          || fittedCounting && !countingSpread) {
        throw new IllegalArgumentException("--lateral-rings needs the critic features, --lateral-prior, --radial-shares,"
            + " --cell-spread and --counting-spread need the energy-share head, --radial-shares needs --lateral-prior,"
            + " --no-radial-asymmetry needs --radial-shares, --amplitude-density needs --total-density and"
            + " --radial-shares, --total-ratio-density needs --amplitude-density, --fitted-counting needs"
            + " --counting-spread: got " + this);
      }
    }
  }

  /** The folder of a model directory that holds its training checkpoints. */
  private static final String CHECKPOINTS = "checkpoints";
  /** The leading value's density in that folder. */
  private static final String LEADING_DENSITY = "leading-value-density.json";

  /** The step a {@code resume} of the training into {@code out} starts from (0 if it has no checkpoint). */
  public static long resumedStep(Path out) throws IOException {
    return WganTrainer.checkpointStep(out.resolve(CHECKPOINTS));
  }

  /**
   * Trains (or, with {@code resume}, continues from {@code out/checkpoints}) and writes the model
   * directory {@code out}.
   *
   * @param command the command line, recorded in the model card
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static SurrogateModel<?, ?> train(ShowerDataset dataset, Settings s, Path out, boolean resume,
      TrainingListener listener, String command) throws IOException {
    Instant start = Instant.now();
    if (dataset.size() > Integer.MAX_VALUE / 2000) {
      throw new IllegalArgumentException("training set of " + dataset.size() + " events is too large to hold in memory");
    }
    EventBatch events = dataset.readAll();
    EventCodec codec = switch (dataset.detector().kind()) {
      case CALORIMETER -> CalorimeterCodec.fit((CalorimeterEvents) events);
      case AIRSHOWER -> AirShowerCodec.of((ArrayConfig) dataset.detector());
    };
    Conditions labels = codec.conditionsOf(events);
    // labels first: the calorimeter preprocessing divides cells by the energy label
    float[] y = codec.encodeLabels(labels);
    TrainingData.checkFinite("labels (" + dataset.files().get(0).path() + ")", y, codec.labelDim());
    float[] x = codec.encodeEvents(events);
    TrainingData.checkFinite("events (" + dataset.files().get(0).path() + ")", x, codec.eventDim());
    // with a leading value, the networks see it as a last label (the real event's in training)
    EventCodec.LeadingValue leading = s.xmaxFirst() ? leadingValue(codec) : null;
    Labels trainLabels = leading == null ? new Labels(y, y, codec.labelDim())
        : new Labels(y, appendColumn(y, codec.labelDim(), x, codec.eventDim(), leading.column()), codec.labelDim() + 1);
    TrainingData data = TrainingData.of(x, codec.eventDim(), trainLabels.network(), trainLabels.networkDim());
    Path checkpoints = out.resolve(CHECKPOINTS);
    GumbelDensity leadingDensity = leading == null ? null
        : leadingDensity(checkpoints, resume, column(x, codec.eventDim(), leading.column()), y, codec.labelDim(),
            leading, s.seed() + 5);

    WganTrainer trainer;
    if (resume && Files.isRegularFile(checkpoints.resolve("LATEST"))) {
      trainer = WganTrainer.resume(checkpoints);
    } else {
      WganConfig.Builder builder = WganConfig.builder(codec.eventDim(), trainLabels.networkDim())
          .noiseDim(s.noiseDim())
          .generatorHidden(s.generatorHidden())
          .criticHidden(s.criticHidden())
          .lambda(s.lambda())
          .criticSteps(s.criticSteps())
          .batchSize(s.batchSize())
          .generatorLr(LearningRateSchedule.linear(s.generatorLr(), s.generatorLr() / 10, s.steps()))
          .criticLr(LearningRateSchedule.linear(s.criticLr(), s.criticLr() / 10, s.steps()))
          .betas(0.5, 0.9)
          .constrainerKappa(s.kappa())
          .seed(s.seed())
          .criticFeatures(s.criticFeatures() ? criticFeatures(codec, x, trainLabels, dataset.detector(), s) : null)
          .zeroSuppression(codec.zeroSuppression(dataset.detector()))
          .outputHead(s.energyShares() ? head(codec, x, trainLabels, dataset.detector(), s) : null);
      if (leading != null) {
        builder.labelledColumn(leading.column());
      }
      WganConfig config = builder.build();
      Constrainer constrainer = null;
      if (s.kappa() > 0 && s.constrainerSteps() > 0) {
        DenseSpec spec = DenseSpec.of(codec.eventDim(), 128, 64, 1);
        constrainer = Constrainer.train(data, new int[] {0}, spec, s.constrainerSteps(), 128, 1e-3, s.seed() + 1);
        if (s.normalisedConstrainer()) {
          // residuals in units of the regressor's own resolution at each energy (see Constrainer)
          constrainer = constrainer.withMeasuredResolution(data, Math.min(data.size(), RESOLUTION_EVENTS),
              RESOLUTION_BINS, s.seed() + 2);
        }
      }
      trainer = WganTrainer.create(config, constrainer);
    }
    trainer.checkpointEvery(checkpoints, s.checkpointEvery());
    long earlier = 0;
    if (resume && Files.isRegularFile(out.resolve(SurrogateModel.MODEL_FILE))) {
      // a resumed run reports the time of all its sessions
      earlier = Json.mapper().readTree(Files.readString(out.resolve(SurrogateModel.MODEL_FILE)))
          .path("training").path("seconds").asLong(0);
    }
    LabelRange range = codec.trainedRange(labels);
    // train from checkpoint to checkpoint, refreshing the model directory at each, so a long run
    // can be evaluated (and used) while it goes on
    while (trainer.step() < s.steps()) {
      long next = Math.min(s.steps(), (trainer.step() / s.checkpointEvery() + 1) * s.checkpointEvery());
      trainer.train(data, next - trainer.step(), listener);
      if (trainer.step() < s.steps()) {
        writeModel(out, dataset, codec, range, trainer, leadingDensity, s, command, earlier + seconds(start));
      }
    }
    trainer.saveCheckpoint(checkpoints);
    return writeModel(out, dataset, codec, range, trainer, leadingDensity, s, command, earlier + seconds(start));
  }

  /**
   * The training labels: the codec's ({@code codec}, {@link EventCodec#labelDim()} per event) and the
   * networks' ({@code network}, {@code networkDim} per event: the codec's, then any leading value).
   */
  private record Labels(float[] codec, float[] network, int networkDim) {}

  @SuppressWarnings("rawtypes")
  private static EventCodec.LeadingValue leadingValue(EventCodec codec) {
    EventCodec.LeadingValue v = codec.leadingValue();
    if (v == null) {
      throw new IllegalArgumentException("--xmax-first needs an event value to draw first (the air shower's Xmax); "
          + codec.detector().id() + " events have none");
    }
    return v;
  }

  /**
   * The leading value's density: fitted and kept with the checkpoints, or on a resume read back from
   * them, so a resumed run draws from the density it started with whatever changed since.
   */
  private static GumbelDensity leadingDensity(Path checkpoints, boolean resume, double[] values, float[] labels,
      int labelDim, EventCodec.LeadingValue leading, long seed) throws IOException {
    Path file = checkpoints.resolve(LEADING_DENSITY);
    if (resume && Files.isRegularFile(file)) {
      try {
        return Json.mapper().readValue(Files.readString(file), GumbelDensity.class);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(file + ": corrupt " + leading.name() + " density (" + e.getMessage()
            + "); train again without --resume");
      }
    }
    GumbelDensity d = GumbelDensity.fit(values, labels, labelDim, leading.ceiling(), seed);
    Files.createDirectories(checkpoints);
    AtomicFiles.writeString(file, Json.write(Json.mapper().valueToTree(d)));
    return d;
  }

  /** Column {@code c} of row-major {@code rows} of width {@code w}. */
  private static double[] column(float[] rows, int w, int c) {
    double[] out = new double[rows.length / w];
    for (int k = 0; k < out.length; k++) {
      out[k] = rows[k * w + c];
    }
    return out;
  }

  /** {@code labels} ({@code labelDim} per event) with column {@code c} of {@code events} appended. */
  private static float[] appendColumn(float[] labels, int labelDim, float[] events, int eventDim, int c) {
    int n = labels.length / labelDim;
    float[] out = new float[n * (labelDim + 1)];
    for (int k = 0; k < n; k++) {
      System.arraycopy(labels, k * labelDim, out, k * (labelDim + 1), labelDim);
      out[k * (labelDim + 1) + labelDim] = events[k * eventDim + c];
    }
    return out;
  }

  @SuppressWarnings("rawtypes")
  private static CriticFeatures criticFeatures(EventCodec codec, float[] x, Labels labels, DetectorConfig detector,
      Settings s) {
    CriticFeatures f = codec.criticFeatures(x, detector);
    if (s.lateralRings()) {
      CriticFeatures.Rings rings = codec.lateralRings();
      if (f == null || rings == null) {
        throw new IllegalArgumentException("lateral rings need critic features and a core label (the air shower),"
            + " not " + codec.detector().id() + (f == null ? " without critic features" : ""));
      }
      f = f.withRings(rings, x, codec.eventDim(), labels.network(), labels.networkDim());
    }
    if (f != null && s.calibratedFeatures()) {
      f = f.withLabelCalibration(x, codec.eventDim(), labels.network(), labels.networkDim());
    }
    return f;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static EnergyShareHead head(EventCodec codec, float[] x, Labels labels, DetectorConfig detector,
      Settings s) {
    // the codec's own fits read its labels; the densities, which the head evaluates on the network's, read all
    float[] y = labels.codec();
    float[] yn = labels.network();
    int labelDim = labels.networkDim();
    EnergyShareHead head = codec.outputHead(x, detector);
    if (head == null) {
      return null;
    }
    if (s.profileDensity() && (!s.totalDensity() || head.groups() < 2)) {
      throw new IllegalArgumentException("a profile density needs --total-density and a detector with layers (the"
          + " calorimeter), not " + codec.detector().id() + (s.totalDensity() ? "" : " without a total density"));
    }
    head = head.withCellSpread(s.cellSpread()).withCountingSpread(s.countingSpread());
    // one fit serves the head's shares and the density's footprint input
    LateralPrior prior = s.lateralPrior() || s.totalDensity() ? codec.lateralPrior(x, y, detector) : null;
    if (s.lateralPrior() && prior != null) {
      head = head.withLateralPrior(prior).withRadialShares(s.radialShares()).withSymmetricRadial(s.symmetricRadial());
    } else if (s.lateralPrior()) {
      // a layered detector's cells follow the impact point instead of a core
      TransversePrior transverse = codec.transversePrior(x, y, detector);
      if (transverse == null) {
        throw new IllegalArgumentException("a label-following cell prior is defined for air-shower footprints and"
            + " calorimeter showers, not for " + codec.detector().id() + " events");
      }
      if (s.radialShares()) {
        throw new IllegalArgumentException("radial share corrections need the air shower's lateral prior (a core and"
            + " an axis), not the calorimeter's transverse one");
      }
      head = head.withTransversePrior(transverse);
    } else if (s.radialShares()) {
      throw new IllegalArgumentException("radial share corrections need --lateral-prior");
    }
    if (s.amplitudeDensity()) {
      double anchor = codec.anchorDistance();
      if (!(anchor > 0)) {
        throw new IllegalArgumentException("--amplitude-density needs a reference distance of the lateral distribution"
            + " (the air shower's S(1000)); " + codec.detector().id() + " defines none");
      }
      double[] amplitudes = head.logAmplitudes(x, yn, anchor);
      head = head.withAnchoredAmplitude(TotalDensity.fit(amplitudes, yn, labelDim, prior, s.seed() + 3), anchor);
      if (s.totalRatioDensity()) {
        double[] ratios = head.logTotals(x);
        for (int k = 0; k < ratios.length; k++) {
          ratios[k] -= amplitudes[k];
        }
        head = head.withTotalRatioDensity(TotalDensity.fit(ratios, EnergyShareHead.ratioLabels(yn, labelDim,
            amplitudes), labelDim + 1, prior, s.seed() + 4));
      }
    } else if (s.totalDensity()) {
      // the footprint's geometry, where the codec has one, is an input of the density (see TotalDensity)
      head = head.withTotalDensity(TotalDensity.fit(head.logTotals(x), yn, labelDim, prior, s.seed() + 3));
    }
    if (s.fittedCounting()) {
      CountingNoise noise = codec.countingNoise(x, y, detector);
      if (noise == null) {
        throw new IllegalArgumentException("the " + codec.detector().id() + " codec defines no fit of its cells'"
            + " counting noise (--fitted-counting is for the air shower's stations)");
      }
      head = head.withFixedCounting(noise);
    }
    if (s.profileDensity()) {
      ProfileDensity profile = codec.profileDensity(head, x, y);
      if (profile == null) {
        throw new IllegalArgumentException("the " + codec.detector().id() + " codec defines no profile density");
      }
      head = head.withProfileDensity(profile);
    }
    return head;
  }

  private static long seconds(Instant start) {
    return Duration.between(start, Instant.now()).toSeconds();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static SurrogateModel<?, ?> writeModel(Path out, ShowerDataset dataset, EventCodec codec, LabelRange range,
      WganTrainer trainer, GumbelDensity leadingDensity, Settings s, String command, long seconds) throws IOException {
    ObjectNode training = Json.mapper().createObjectNode();
    training.put("data", dataset.files().stream().map(f -> f.path().getFileName().toString()).toList().toString());
    training.put("events", dataset.size());
    training.put("dataProducer", dataset.metadata().producer());
    training.put("dataSeed", dataset.metadata().seed());
    training.put("seed", s.seed());
    training.put("steps", trainer.step());
    training.put("plannedSteps", s.steps());
    training.set("settings", Json.mapper().valueToTree(s));
    training.put("command", command);
    training.put("seconds", seconds);
    training.put("created", Instant.now().toString());
    Generator generator = leadingDensity == null ? trainer.generator() : trainer.generator().withDrawnValue(leadingDensity);
    SurrogateModel<?, ?> model = new SurrogateModel(out, dataset.detector(), codec, range, generator, training);
    model.save();
    ModelCard.write(model);
    trainer.history().writePng(out.resolve("losses.png"));
    trainer.history().writeCsv(out.resolve("losses.csv"));
    return model;
  }
}
