package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.showers.generative.nn.Activation;
import io.showers.generative.nn.DenseSpec;
import java.util.Arrays;

/**
 * Everything that defines a conditional WGAN-GP training run; serialised into checkpoints.
 * Build with {@link #builder(int, int)}.
 *
 * @param eventDim width of an event vector in model space
 * @param labelDim number of labels (0 for an unconditional GAN)
 * @param noiseDim width of the latent noise
 * @param generator generator architecture, input {@code noiseDim + labelDim} (noise first), output {@code eventDim}
 * @param critic critic architecture, input {@code eventDim + features + labelDim} (event first), one linear output
 * @param lambda gradient-penalty weight (10 in Gulrajani et al.)
 * @param criticSteps critic updates per generator update (n_critic, 5)
 * @param batchSize mini-batch size for both updates
 * @param generatorLr generator learning-rate schedule
 * @param criticLr critic learning-rate schedule
 * @param beta1 Adam beta1 (0 or 0.5 customary for WGAN-GP)
 * @param beta2 Adam beta2 (0.9)
 * @param adamEpsilon Adam epsilon
 * @param noise latent noise distribution
 * @param constrainerKappa weight of the constrainer term when a constrainer is attached
 * @param seed master seed: initial weights and every random draw of training
 * @param criticFeatures event summaries the critic sees beside the event (null for none)
 * @param zeroSuppression the detector's threshold applied to generated events before the critic sees them (null for none)
 * @param outputHead layer the generator's raw output goes through to become an event (null for none); the
 *     generator then emits {@link EnergyShareHead#rawDim()} values
 * @param labelledColumn null, or the event column that is given as the last label: the generator is
 *     conditioned on the real event's value, which replaces its own output for the column (see {@link
 *     Generator#withDrawnValue})
 */
public record WganConfig(
    int eventDim,
    int labelDim,
    int noiseDim,
    DenseSpec generator,
    DenseSpec critic,
    double lambda,
    int criticSteps,
    int batchSize,
    LearningRateSchedule generatorLr,
    LearningRateSchedule criticLr,
    double beta1,
    double beta2,
    double adamEpsilon,
    NoiseDistribution noise,
    double constrainerKappa,
    long seed,
    CriticFeatures criticFeatures,
    ZeroSuppression zeroSuppression,
    EnergyShareHead outputHead,
    Integer labelledColumn) {

  /** Validates the combination. */
  @JsonCreator
  public WganConfig(
      @JsonProperty("eventDim") int eventDim,
      @JsonProperty("labelDim") int labelDim,
      @JsonProperty("noiseDim") int noiseDim,
      @JsonProperty("generator") DenseSpec generator,
      @JsonProperty("critic") DenseSpec critic,
      @JsonProperty("lambda") double lambda,
      @JsonProperty("criticSteps") int criticSteps,
      @JsonProperty("batchSize") int batchSize,
      @JsonProperty("generatorLr") LearningRateSchedule generatorLr,
      @JsonProperty("criticLr") LearningRateSchedule criticLr,
      @JsonProperty("beta1") double beta1,
      @JsonProperty("beta2") double beta2,
      @JsonProperty("adamEpsilon") double adamEpsilon,
      @JsonProperty("noise") NoiseDistribution noise,
      @JsonProperty("constrainerKappa") double constrainerKappa,
      @JsonProperty("seed") long seed,
      @JsonProperty("criticFeatures") CriticFeatures criticFeatures,
      @JsonProperty("zeroSuppression") ZeroSuppression zeroSuppression,
      @JsonProperty("outputHead") EnergyShareHead outputHead,
      @JsonProperty("labelledColumn") Integer labelledColumn) {
    if (eventDim <= 0 || labelDim < 0 || noiseDim <= 0) {
      throw new IllegalArgumentException(
          "need eventDim > 0, labelDim >= 0, noiseDim > 0; got " + eventDim + ", " + labelDim + ", " + noiseDim);
    }
    if (outputHead != null && outputHead.eventDim() != eventDim) {
      throw new IllegalArgumentException(outputHead + " makes events of " + outputHead.eventDim() + ", not " + eventDim);
    }
    if (outputHead != null && outputHead.totalDensity() != null && outputHead.totalDensity().labelDim() != labelDim) {
      // the trainer's mean correction reads whole label rows
      throw new IllegalArgumentException(outputHead.totalDensity() + " is on " + outputHead.totalDensity().labelDim()
          + " labels, the model has " + labelDim);
    }
    if (outputHead != null && outputHead.densityNoiseDim() > noiseDim) {
      // else the densities would read label columns as noise
      throw new IllegalArgumentException(outputHead + " draws from " + outputHead.densityNoiseDim()
          + " noise inputs; the generator has " + noiseDim + " (raise --noise-dim)");
    }
    if (outputHead != null && outputHead.labelsRead() > labelDim) {
      throw new IllegalArgumentException(outputHead + " reads " + outputHead.labelsRead() + " labels, not " + labelDim);
    }
    int generatorOut = outputHead == null ? eventDim : outputHead.rawDim();
    if (generator.inputSize() != noiseDim + labelDim || generator.outputSize() != generatorOut) {
      throw new IllegalArgumentException("generator " + generator + " does not map noise " + noiseDim
          + " + labels " + labelDim + " to " + (outputHead == null ? "events of " : "raw outputs of ")
          + generatorOut);
    }
    int features = criticFeatures == null ? 0 : criticFeatures.size();
    if (critic.inputSize() != eventDim + features + labelDim || critic.outputSize() != 1
        || critic.output() != Activation.IDENTITY) {
      throw new IllegalArgumentException("critic " + critic + " does not map events " + eventDim
          + " + features " + features + " + labels " + labelDim + " to one linear output");
    }
    if (criticFeatures != null && criticFeatures.columnsRead() > eventDim) {
      throw new IllegalArgumentException("critic features read beyond the event's " + eventDim + " columns");
    }
    if (criticFeatures != null && criticFeatures.rings() != null && criticFeatures.rings().labelsRead() > labelDim) {
      throw new IllegalArgumentException("the critic's ring features read " + criticFeatures.rings().labelsRead()
          + " labels, the model has " + labelDim);
    }
    if (!(lambda >= 0) || criticSteps < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "need lambda >= 0, criticSteps >= 1, batchSize >= 1; got " + lambda + ", " + criticSteps + ", " + batchSize);
    }
    if (generatorLr == null || criticLr == null || noise == null) {
      throw new IllegalArgumentException("learning-rate schedules and noise distribution are required");
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(adamEpsilon > 0)) {
      throw new IllegalArgumentException("invalid Adam settings " + beta1 + ", " + beta2 + ", " + adamEpsilon);
    }
    if (!(constrainerKappa >= 0)) {
      throw new IllegalArgumentException("constrainer kappa must be >= 0: " + constrainerKappa);
    }
    this.eventDim = eventDim;
    this.labelDim = labelDim;
    this.noiseDim = noiseDim;
    this.generator = generator;
    this.critic = critic;
    this.lambda = lambda;
    this.criticSteps = criticSteps;
    this.batchSize = batchSize;
    this.generatorLr = generatorLr;
    this.criticLr = criticLr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.adamEpsilon = adamEpsilon;
    this.noise = noise;
    this.constrainerKappa = constrainerKappa;
    this.seed = seed;
    this.criticFeatures = criticFeatures;
    if (zeroSuppression != null && (zeroSuppression.columns() + zeroSuppression.pairedOffset() > eventDim
        || zeroSuppression.energyLabel() >= labelDim)) {
      throw new IllegalArgumentException("zero suppression " + zeroSuppression + " does not fit events of "
          + eventDim + " and " + labelDim + " labels");
    }
    this.zeroSuppression = zeroSuppression;
    this.outputHead = outputHead;
    if (labelledColumn != null && (labelledColumn < 0 || labelledColumn >= eventDim || labelDim < 1)) {
      throw new IllegalArgumentException("labelled column " + labelledColumn + " outside events of " + eventDim
          + " values with " + labelDim + " labels");
    }
    this.labelledColumn = labelledColumn;
  }

  /** {@link #labelledColumn()}, or −1 for none. */
  public int labelledColumnOrNone() {
    return labelledColumn == null ? -1 : labelledColumn;
  }

  /** A builder with the textbook defaults (see {@link Builder}). */
  public static Builder builder(int eventDim, int labelDim) {
    return new Builder(eventDim, labelDim);
  }

  /**
   * Builder. Defaults: noise 16 (Gaussian), generator and critic hidden layers [128, 128] with
   * leaky ReLU (alpha 0.2), linear outputs, lambda 10, 5 critic steps, batch 64, Adam lr 1e-4
   * constant, beta (0, 0.9), epsilon 1e-8, kappa 0.01, seed 1, no critic features, no zero suppression,
   * no output head.
   */
  public static final class Builder {
    private final int eventDim;
    private final int labelDim;
    private int noiseDim = 16;
    private int[] generatorHidden = {128, 128};
    private int[] criticHidden = {128, 128};
    private Activation generatorActivation = Activation.LEAKY_RELU;
    private Activation generatorOutput = Activation.IDENTITY;
    private Activation criticActivation = Activation.LEAKY_RELU;
    private double alpha = 0.2;
    private double lambda = 10;
    private int criticSteps = 5;
    private int batchSize = 64;
    private LearningRateSchedule generatorLr = LearningRateSchedule.constant(1e-4);
    private LearningRateSchedule criticLr = LearningRateSchedule.constant(1e-4);
    private double beta1 = 0;
    private double beta2 = 0.9;
    private double adamEpsilon = 1e-8;
    private NoiseDistribution noise = NoiseDistribution.GAUSSIAN;
    private double kappa = 0.01;
    private long seed = 1;
    private CriticFeatures criticFeatures;
    private ZeroSuppression zeroSuppression;
    private EnergyShareHead outputHead;
    private Integer labelledColumn;

    private Builder(int eventDim, int labelDim) {
      this.eventDim = eventDim;
      this.labelDim = labelDim;
    }

    public Builder noiseDim(int v) { noiseDim = v; return this; }
    public Builder generatorHidden(int... sizes) { generatorHidden = sizes.clone(); return this; }
    public Builder criticHidden(int... sizes) { criticHidden = sizes.clone(); return this; }
    public Builder generatorActivation(Activation a) { generatorActivation = a; return this; }
    public Builder generatorOutput(Activation a) { generatorOutput = a; return this; }
    public Builder criticActivation(Activation a) { criticActivation = a; return this; }
    public Builder alpha(double v) { alpha = v; return this; }
    public Builder lambda(double v) { lambda = v; return this; }
    public Builder criticSteps(int v) { criticSteps = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder generatorLr(LearningRateSchedule s) { generatorLr = s; return this; }
    public Builder criticLr(LearningRateSchedule s) { criticLr = s; return this; }
    /** The same constant rate for generator and critic. */
    public Builder learningRate(double lr) {
      generatorLr = LearningRateSchedule.constant(lr);
      criticLr = LearningRateSchedule.constant(lr);
      return this;
    }
    public Builder betas(double b1, double b2) { beta1 = b1; beta2 = b2; return this; }
    public Builder adamEpsilon(double v) { adamEpsilon = v; return this; }
    public Builder noise(NoiseDistribution n) { noise = n; return this; }
    public Builder constrainerKappa(double v) { kappa = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder criticFeatures(CriticFeatures f) { criticFeatures = f; return this; }
    public Builder zeroSuppression(ZeroSuppression z) { zeroSuppression = z; return this; }
    public Builder outputHead(EnergyShareHead h) { outputHead = h; return this; }
    /** The event column given as the last label (see {@link WganConfig#labelledColumn()}). */
    public Builder labelledColumn(int column) { labelledColumn = column; return this; }

    /** The validated configuration. */
    public WganConfig build() {
      return new WganConfig(eventDim, labelDim, noiseDim,
          new DenseSpec(sizes(noiseDim + labelDim, generatorHidden, outputHead == null ? eventDim : outputHead.rawDim()),
              generatorActivation, generatorOutput, alpha),
          new DenseSpec(sizes(eventDim + (criticFeatures == null ? 0 : criticFeatures.size()) + labelDim,
              criticHidden, 1), criticActivation, Activation.IDENTITY, alpha),
          lambda, criticSteps, batchSize, generatorLr, criticLr, beta1, beta2, adamEpsilon, noise, kappa, seed,
          criticFeatures, zeroSuppression, outputHead, labelledColumn);
    }

    private static int[] sizes(int in, int[] hidden, int out) {
      int[] s = Arrays.copyOf(new int[] {in}, hidden.length + 2);
      System.arraycopy(hidden, 0, s, 1, hidden.length);
      s[s.length - 1] = out;
      return s;
    }
  }
}
