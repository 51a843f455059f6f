package io.showers.generative.wgan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.datasets.AtomicFiles;
import io.showers.detector.Json;
import io.showers.generative.nn.Adam;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.ModelFormatException;
import io.showers.generative.nn.NamedArrays;
import io.showers.generative.nn.Rng;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hipparchus.linear.RealMatrix;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a conditional WGAN-GP (Gulrajani et al. 2017): per step, {@code criticSteps} critic
 * updates on {@code mean D(G(z,y),y) - mean D(x,y) + lambda mean (||grad_x D(xhat,y)|| - 1)^2}
 * at per-sample interpolates, then one generator update on {@code -mean D(G(z,y),y)} (plus the
 * optional {@link Constrainer} term). Generator and critic have separate parameters and Adam
 * optimisers; all random draws (batches, noise, interpolation weights) come from one seeded
 * {@link Rng} whose state is checkpointed, so a run resumed from a checkpoint produces
 * bit-identical weights to an uninterrupted one.
 *
 * <p>Checkpoint layout: {@code DIR/step-000000100/{trainer.json, state.weights}} and {@code
 * DIR/LATEST} naming the newest complete checkpoint (written last, atomically); the two newest
 * checkpoints are kept.
 */
public final class WganTrainer {
  static final int FORMAT = 1;
  private static final String LATEST = "LATEST";
  /** A checkpoint folder's name, {@code step-} and the step in nine digits. */
  private static final Pattern CHECKPOINT_NAME = Pattern.compile("step-(\\d{9})");
  /**
   * Step of the total density's mean correction per generator step, at the initial learning rate
   * (it falls with the generator's): a time constant of 50 steps, over which 3200 events average
   * the correction's noise.
   */
  static final double TOTAL_SHIFT_RATE = 0.02;

  private final WganConfig config;
  private final DenseNet generator;
  private final Critic critic;
  private final Adam generatorAdam;
  private final Adam criticAdam;
  private final Constrainer constrainer;
  private final DenseNet.Gradient generatorGradient;
  private final DenseNet.Gradient criticGradient;
  private final TrainingHistory history = new TrainingHistory();
  /** The output head; with a {@link TotalDensity} its mean correction changes as training goes on. */
  private EnergyShareHead head;
  /** {@link TotalDensity#inverseMoments} of the training labels, computed at the first step that needs it. */
  private RealMatrix totalShiftPreconditioner;
  /** The same for the total-ratio density's label rows with the amplitude column 0 (see {@link #adjustRatioShift}). */
  private RealMatrix ratioShiftPreconditioner;
  private Rng rng;
  private long step;
  private Path checkpointDir;
  private int checkpointEvery;

  private WganTrainer(WganConfig config, DenseNet generator, DenseNet critic, Constrainer constrainer, Rng rng) {
    this.config = config;
    this.generator = generator;
    this.critic = new Critic(critic, config.eventDim(), config.labelDim(), config.criticFeatures());
    this.constrainer = constrainer;
    this.head = config.outputHead();
    this.generatorAdam = new Adam(generator.parameterCount(), config.beta1(), config.beta2(), config.adamEpsilon());
    this.criticAdam = new Adam(critic.parameterCount(), config.beta1(), config.beta2(), config.adamEpsilon());
    this.rng = rng;
    this.generatorGradient = generator.newGradient();
    this.criticGradient = critic.newGradient();
    if (constrainer != null && constrainer.regressor().spec().inputSize() != config.eventDim()) {
      throw new IllegalArgumentException("constrainer input " + constrainer.regressor().spec().inputSize()
          + " != event size " + config.eventDim());
    }
    if (constrainer != null) {
      for (int c : constrainer.targetColumns()) {
        if (c >= config.labelDim()) {
          throw new IllegalArgumentException("constrainer target column " + c + " outside " + config.labelDim() + " labels");
        }
      }
    }
  }

  /** A fresh trainer: weights initialised from {@code config.seed()}, no constrainer. */
  public static WganTrainer create(WganConfig config) {
    return create(config, null);
  }

  /** A fresh trainer with an optional (already trained, frozen) constrainer weighted by {@code config.constrainerKappa()}. */
  public static WganTrainer create(WganConfig config, Constrainer constrainer) {
    Rng seeds = new Rng(config.seed());
    DenseNet g = DenseNet.initialise(config.generator(), seeds.nextLong());
    DenseNet d = DenseNet.initialise(config.critic(), seeds.nextLong());
    return new WganTrainer(config, g, d, constrainer, seeds.split());
  }

  /** Writes a checkpoint to {@code dir} every {@code every} steps during {@link #train} (0 disables). */
  public WganTrainer checkpointEvery(Path dir, int every) {
    if (every < 0) {
      throw new IllegalArgumentException("checkpoint interval must be >= 0: " + every);
    }
    this.checkpointDir = dir;
    this.checkpointEvery = every;
    return this;
  }

  public WganConfig config() {
    return config;
  }

  /** Number of completed steps. */
  public long step() {
    return step;
  }

  /** The generator network being trained (live). */
  public DenseNet generatorNet() {
    return generator;
  }

  /** The frozen constrainer, or null. */
  public Constrainer constrainer() {
    return constrainer;
  }

  /** The critic being trained (live). */
  public Critic critic() {
    return critic;
  }

  /** Metrics of all steps so far, including those before a resume. */
  public TrainingHistory history() {
    return history;
  }

  /** An inference copy of the current generator. */
  public Generator generator() {
    return new Generator(generator.copy(), config.noiseDim(), config.labelDim(), config.noise(), head,
        config.labelledColumnOrNone(), null);
  }

  /**
   * Runs {@code steps} more steps on {@code data}, reporting each to {@code listener} (may be
   * null) and checkpointing as configured by {@link #checkpointEvery}.
   *
   * @throws IllegalArgumentException if the data do not fit the configuration
   * @throws IOException if a checkpoint cannot be written
   */
  public void train(TrainingData data, long steps, TrainingListener listener) throws IOException {
    if (data.eventDim() != config.eventDim() || data.labelDim() != config.labelDim()) {
      throw new IllegalArgumentException("data have events of " + data.eventDim() + " and " + data.labelDim()
          + " labels, the model expects " + config.eventDim() + " and " + config.labelDim());
    }
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0: " + steps);
    }
    for (long s = 0; s < steps; s++) {
      StepMetrics m = trainStep(data);
      history.onStep(m);
      if (listener != null) {
        listener.onStep(m);
      }
      if (checkpointDir != null && checkpointEvery > 0 && step % checkpointEvery == 0) {
        saveCheckpoint(checkpointDir);
      }
    }
  }

  private StepMetrics trainStep(TrainingData data) {
    int n = config.batchSize();
    double lrD = config.criticLr().at(step);
    double lrG = config.generatorLr().at(step);
    double sLoss = 0;
    double sW = 0;
    double sGp = 0;
    for (int k = 0; k < config.criticSteps(); k++) {
      int[] rows = data.sampleIndices(n, rng);
      INDArray real = data.events(rows);
      INDArray labels = data.labels(rows);
      float[] input = generatorInput(n, labels);
      INDArray fake = suppress(head(generator.output(asMatrix(input, n)), labels, densityNoise(input, n)), labels);
      INDArray eps = uniform(n);
      Critic.Losses l = critic.lossAndGradient(real, fake, labels, eps, config.lambda(), criticGradient.zero());
      criticAdam.step(critic.net().params(), criticGradient.flat(), lrD);
      sLoss += l.loss();
      sW += l.wasserstein();
      sGp += l.penalty();
    }
    // generator update
    int[] rows = data.sampleIndices(n, rng);
    INDArray labels = data.labels(rows);
    float[] input = generatorInput(n, labels);
    float[] z = densityNoise(input, n);
    DenseNet.Forward fg = generator.forward(asMatrix(input, n));
    // the critic judges the suppressed event; its gradient goes back through the threshold's rule
    // and the output head
    INDArray event = head(fg.output(), labels, z);
    INDArray fake = suppress(event, labels);
    INDArray[] ge = critic.eventGradient(fake, labels, -1.0 / n);
    double genLoss = -ge[1].meanNumber().doubleValue();
    INDArray dFake = ge[0];
    double cLoss = 0;
    boolean drawsTotal = head != null && head.totalDensity() != null;
    boolean constrained = constrainer != null && config.constrainerKappa() > 0;
    INDArray real = constrained || drawsTotal ? data.events(rows) : null;
    if (constrained) {
      Constrainer.Term t = constrainer.term(fake, real, labels, config.constrainerKappa());
      cLoss = t.value();
      dFake = dFake.add(t.fakeGradient());
    }
    if (config.zeroSuppression() != null) {
      dFake = config.zeroSuppression().backward(event, labels, dFake);
    }
    int labelled = config.labelledColumnOrNone();
    if (labelled >= 0) {
      // the column is the label's, not the network's
      dFake = dFake.dup('c');
      dFake.putColumn(labelled, Nd4j.zeros(dFake.dataType(), n, 1));
    }
    if (head != null) {
      dFake = head.backward(fg.output(), dFake, labels, z);
    }
    generator.backward(fg, dFake, null, generatorGradient.zero(), false);
    generatorAdam.step(generator.params(), generatorGradient.flat(), lrG);
    if (drawsTotal) {
      adjustDensityShifts(data, fake, real, labels, lrG / config.generatorLr().at(0));
    }
    step++;
    int c = config.criticSteps();
    return new StepMetrics(step, sLoss / c, genLoss + cLoss, sW / c, sGp / c, cLoss, lrD, lrG);
  }

  /** Events from the generator's raw output; a labelled column is set from the labels. */
  private INDArray head(INDArray raw, INDArray labels, float[] densityNoise) {
    INDArray events = head == null ? raw : head.apply(raw, labels, densityNoise);
    return Generator.withLabelledColumn(events, raw, labels, config.labelledColumnOrNone());
  }

  /** The standard-normal density noise of each input row ({@link EnergyShareHead#densityNoiseDim()}), or null. */
  private float[] densityNoise(float[] input, int n) {
    return head == null || head.densityNoiseDim() == 0 ? null
        : config.noise().leadingAsStandardNormal(input, 0, config.noiseDim() + config.labelDim(), n,
            head.densityNoiseDim());
  }

  /**
   * Moves the densities' mean corrections towards the differences between the generated events
   * (after the threshold) and the reference events at the same labels: the total's in log total,
   * the profile's (if any) in the fractions per group. Each event's group amounts are summed once
   * for both.
   */
  private void adjustDensityShifts(TrainingData data, INDArray fake, INDArray real, INDArray labels,
      double lrFraction) {
    if (totalShiftPreconditioner == null) {
      totalShiftPreconditioner = TotalDensity.inverseMoments(data.allLabels(), config.labelDim());
    }
    float[] fakeRows = fake.dup('c').data().asFloat();
    float[] realRows = real.dup('c').data().asFloat();
    double[] fakeAmounts = head.groupAmounts(fakeRows);
    double[] realAmounts = head.groupAmounts(realRows);
    float[] labelRows = labels.dup('c').data().asFloat();
    // what the total density draws: the log amplitude at the anchor, or the log total
    double[] fakeLog = head.anchored() ? head.logAmplitudes(fakeRows, labelRows, head.anchorDistance())
        : head.logTotalsOfGroupAmounts(fakeAmounts);
    double[] realLog = head.anchored() ? head.logAmplitudes(realRows, labelRows, head.anchorDistance())
        : head.logTotalsOfGroupAmounts(realAmounts);
    double[] d = new double[fakeLog.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = fakeLog[i] - realLog[i];
    }
    double rate = TOTAL_SHIFT_RATE * lrFraction;
    if (head.totalRatioDensity() != null) {
      adjustRatioShift(data, fakeAmounts, fakeLog, realAmounts, realLog, labelRows, rate);
    }
    head = head.withTotalDensity(head.totalDensity().adjustShift(d, labelRows, totalShiftPreconditioner, rate));
    if (head.profileDensity() != null) {
      head = head.withProfileDensity(head.profileDensity().adjustShift(fakeAmounts, realAmounts, labelRows,
          config.labelDim(), rate));
    }
  }

  /**
   * The total-ratio density's mean correction, from the differences of {@code ln(T / S)} between generated and
   * reference events (after the threshold) at the same labels, as a function of the labels alone: the amplitude
   * column of its label rows is set to 0, so the correction's terms in it stay 0. Why: conditioned on the reference
   * events' amplitude estimates too, the correction diverged.
   */
  private void adjustRatioShift(TrainingData data, double[] fakeAmounts, double[] fakeLogAmplitudes,
      double[] realAmounts, double[] realLogAmplitudes, float[] labelRows, double rate) {
    int labelDim = config.labelDim();
    if (ratioShiftPreconditioner == null) {
      float[] all = data.allLabels();
      ratioShiftPreconditioner = TotalDensity.inverseMoments(
          EnergyShareHead.ratioLabels(all, labelDim, new double[all.length / labelDim]), labelDim + 1);
    }
    double[] fakeTotals = head.logTotalsOfGroupAmounts(fakeAmounts);
    double[] realTotals = head.logTotalsOfGroupAmounts(realAmounts);
    double[] d = new double[fakeTotals.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (fakeTotals[i] - fakeLogAmplitudes[i]) - (realTotals[i] - realLogAmplitudes[i]);
    }
    head = head.withTotalRatioDensity(head.totalRatioDensity().adjustShift(d,
        EnergyShareHead.ratioLabels(labelRows, labelDim, new double[d.length]), ratioShiftPreconditioner, rate));
  }

  private INDArray suppress(INDArray events, INDArray labels) {
    return config.zeroSuppression() == null ? events : config.zeroSuppression().apply(events, labels);
  }

  private static INDArray asMatrix(float[] input, int n) {
    return Nd4j.create(input, new long[] {n, input.length / n}, 'c');
  }

  /** Rows of noise then labels. */
  private float[] generatorInput(int n, INDArray labels) {
    int nz = config.noiseDim();
    int k = config.labelDim();
    float[] in = new float[n * (nz + k)];
    float[] lab = k == 0 ? null : labels.data().asFloat();
    for (int i = 0; i < n; i++) {
      config.noise().fill(in, i * (nz + k), nz, rng);
      if (k > 0) {
        System.arraycopy(lab, i * k, in, i * (nz + k) + nz, k);
      }
    }
    return in;
  }

  private INDArray uniform(int n) {
    float[] e = new float[n];
    for (int i = 0; i < n; i++) {
      e[i] = (float) rng.nextDouble();
    }
    return Nd4j.create(e, new long[] {n, 1}, 'c');
  }

  // ---------------------------------------------------------------- checkpoints

  /** Writes a checkpoint of the full training state into {@code dir} (see the class comment). */
  public void saveCheckpoint(Path dir) throws IOException {
    Files.createDirectories(dir);
    String name = String.format("step-%09d", step);
    Path target = dir.resolve(name);
    Path tmp = Files.createTempDirectory(dir, "." + name + "-");
    try {
      Map<String, INDArray> arrays = new LinkedHashMap<>();
      arrays.put("generator", generator.params());
      arrays.put("critic", critic.net().params());
      arrays.put("generator.adam.m", generatorAdam.firstMoment());
      arrays.put("generator.adam.v", generatorAdam.secondMoment());
      arrays.put("critic.adam.m", criticAdam.firstMoment());
      arrays.put("critic.adam.v", criticAdam.secondMoment());
      if (constrainer != null) {
        arrays.put("constrainer", constrainer.regressor().params());
      }
      NamedArrays.write(tmp.resolve("state.weights"), arrays);
      ObjectNode json = Json.mapper().createObjectNode();
      json.put("format", FORMAT);
      json.put("step", step);
      json.put("rngState", rng.state());
      json.put("generatorAdamSteps", generatorAdam.steps());
      json.put("criticAdamSteps", criticAdam.steps());
      json.set("config", Json.mapper().valueToTree(config));
      if (head != null && head.totalDensity() != null) {
        json.set("totalShift", Json.mapper().valueToTree(head.totalDensity().shift()));
      }
      if (head != null && head.profileDensity() != null) {
        json.set("profileShift", Json.mapper().valueToTree(head.profileDensity().shift()));
      }
      if (constrainer != null) {
        ObjectNode c = json.putObject("constrainer");
        c.set("spec", Json.mapper().valueToTree(constrainer.regressor().spec()));
        c.set("targetColumns", Json.mapper().valueToTree(constrainer.targetColumns()));
        if (constrainer.resolution() != null) {
          c.set("resolution", Json.mapper().valueToTree(constrainer.resolution()));
        }
      }
      history.writeCsv(tmp.resolve("history.csv"), true);
      Files.writeString(tmp.resolve("trainer.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
      if (Files.exists(target)) {
        deleteTree(target);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
    AtomicFiles.writeString(dir.resolve(LATEST), name + "\n");
    // keep the two newest
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> old = s.filter(p -> CHECKPOINT_NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparing(Path::toString).reversed()).skip(2).toList();
      for (Path p : old) {
        deleteTree(p);
      }
    }
  }

  /**
   * The step of the newest checkpoint in {@code dir}, 0 if it holds none (a progress display of a resumed run starts
   * there); {@link #resume} checks the checkpoint itself.
   */
  public static long checkpointStep(Path dir) throws IOException {
    String name = latestName(dir);
    Matcher m = name == null ? null : CHECKPOINT_NAME.matcher(name);
    return m != null && m.matches() ? Long.parseLong(m.group(1)) : 0;
  }

  /** What {@code dir}'s LATEST file names, null without one. */
  private static String latestName(Path dir) throws IOException {
    Path latest = dir.resolve(LATEST);
    return Files.isRegularFile(latest) ? Files.readString(latest, StandardCharsets.UTF_8).trim() : null;
  }

  /**
   * Restores the trainer from the newest checkpoint in {@code dir} (the directory given to
   * {@link #checkpointEvery} or {@link #saveCheckpoint}). Checkpointing is not re-enabled; call
   * {@link #checkpointEvery} again to continue it.
   *
   * @throws NoSuchFileException if {@code dir} holds no checkpoint
   * @throws ModelFormatException if the checkpoint is corrupt or inconsistent
   */
  public static WganTrainer resume(Path dir) throws IOException {
    String name = latestName(dir);
    if (name == null) {
      throw new NoSuchFileException(dir.toString(), null, "no checkpoint found (missing " + LATEST + ")");
    }
    if (!CHECKPOINT_NAME.matcher(name).matches()) {
      throw new ModelFormatException(dir.resolve(LATEST) + " does not name a checkpoint: '" + name + "'");
    }
    Path cp = dir.resolve(name);
    Path jsonFile = cp.resolve("trainer.json");
    if (!Files.isRegularFile(jsonFile)) {
      throw new NoSuchFileException(jsonFile.toString(), null, "checkpoint is missing its trainer.json");
    }
    JsonNode json;
    WganConfig config;
    try {
      json = Json.mapper().readTree(Files.readString(jsonFile));
      if (json.path("format").asInt(-1) != FORMAT) {
        throw new ModelFormatException(jsonFile + ": unsupported checkpoint format " + json.path("format"));
      }
      config = Json.mapper().treeToValue(json.get("config"), WganConfig.class);
    } catch (ModelFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ModelFormatException(jsonFile + " is not a valid checkpoint description: " + e.getMessage(), e);
    }
    Path weights = cp.resolve("state.weights");
    Map<String, INDArray> arrays = NamedArrays.read(weights);
    try {
      DenseNet g = DenseNet.wrap(config.generator(), NamedArrays.require(arrays, "generator", weights));
      DenseNet d = DenseNet.wrap(config.critic(), NamedArrays.require(arrays, "critic", weights));
      Constrainer constrainer = null;
      if (json.hasNonNull("constrainer")) {
        DenseSpec spec = Json.mapper().treeToValue(json.get("constrainer").get("spec"), DenseSpec.class);
        int[] cols = Json.mapper().treeToValue(json.get("constrainer").get("targetColumns"), int[].class);
        JsonNode res = json.get("constrainer").get("resolution");
        constrainer = new Constrainer(DenseNet.wrap(spec, NamedArrays.require(arrays, "constrainer", weights)), cols,
            res == null || res.isNull() ? null : Json.mapper().treeToValue(res, Constrainer.Resolution.class));
      }
      WganTrainer t = new WganTrainer(config, g, d, constrainer, Rng.fromState(json.get("rngState").asLong()));
      t.generatorAdam.restore(NamedArrays.require(arrays, "generator.adam.m", weights),
          NamedArrays.require(arrays, "generator.adam.v", weights), json.get("generatorAdamSteps").asLong());
      t.criticAdam.restore(NamedArrays.require(arrays, "critic.adam.m", weights),
          NamedArrays.require(arrays, "critic.adam.v", weights), json.get("criticAdamSteps").asLong());
      t.step = json.get("step").asLong();
      if (t.head != null && t.head.totalDensity() != null && json.hasNonNull("totalShift")) {
        t.head = t.head.withTotalDensity(t.head.totalDensity().withShift(
            Json.mapper().treeToValue(json.get("totalShift"), double[].class)));
      }
      if (t.head != null && t.head.profileDensity() != null && json.hasNonNull("profileShift")) {
        t.head = t.head.withProfileDensity(t.head.profileDensity().withShift(
            Json.mapper().treeToValue(json.get("profileShift"), double[][].class)));
      }
      t.history.restore(TrainingHistory.readCsv(cp.resolve("history.csv")));
      return t;
    } catch (ModelFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelFormatException("checkpoint " + cp + " is inconsistent: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
