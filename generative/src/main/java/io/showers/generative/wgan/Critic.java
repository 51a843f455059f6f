package io.showers.generative.wgan;

import io.showers.generative.nn.DenseNet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A conditional WGAN critic {@code D(event, labels)}: a dense network with one linear output
 * whose input is the event vector, optionally its {@link CriticFeatures}, then the labels. Computes the critic loss
 * {@code mean D(fake) - mean D(real) + P} with the gradient penalty {@code P} of {@link
 * GradientPenalty} and its parameter gradient, and the gradient of {@code D} w.r.t. the event
 * for the generator update.
 */
public final class Critic {
  private final DenseNet net;
  private final int eventDim;
  private final int labelDim;
  private final CriticFeatures features;
  private final int featureDim;

  /** Wraps {@code net}, whose input must have {@code eventDim + labelDim} columns. */
  public Critic(DenseNet net, int eventDim, int labelDim) {
    this(net, eventDim, labelDim, null);
  }

  /**
   * Wraps {@code net}, whose input is the event, then the {@code features} of the event (may be
   * null for none), then the labels.
   */
  public Critic(DenseNet net, int eventDim, int labelDim, CriticFeatures features) {
    GradientPenalty.checkCritic(net);
    int f = features == null ? 0 : features.size();
    if (eventDim <= 0 || labelDim < 0 || net.spec().inputSize() != eventDim + f + labelDim) {
      throw new IllegalArgumentException("critic input " + net.spec().inputSize() + " != event " + eventDim
          + " + features " + f + " + labels " + labelDim);
    }
    if (features != null && features.columnsRead() > eventDim) {
      throw new IllegalArgumentException("critic features read beyond the event's " + eventDim + " columns");
    }
    if (features != null && features.rings() != null && features.rings().labelsRead() > labelDim) {
      throw new IllegalArgumentException("critic ring features read " + features.rings().labelsRead()
          + " labels, critic has " + labelDim);
    }
    if (features != null && features.labelsRead() != 0 && features.labelsRead() != labelDim) {
      throw new IllegalArgumentException("critic features calibrated on " + features.labelsRead() + " labels, critic has "
          + labelDim);
    }
    this.net = net;
    this.eventDim = eventDim;
    this.labelDim = labelDim;
    this.features = features;
    this.featureDim = f;
  }

  /** The network (live). */
  public DenseNet net() {
    return net;
  }

  public int eventDim() {
    return eventDim;
  }

  public int labelDim() {
    return labelDim;
  }

  /** The event summaries the critic sees, or null. */
  public CriticFeatures features() {
    return features;
  }

  /**
   * The critic input: events ({@code n x eventDim}), their features and labels ({@code n x
   * labelDim}) side by side.
   */
  public INDArray input(INDArray events, INDArray labels) {
    return withLabels(augment(events, labels), labels);
  }

  /** Events followed by their features: the columns the gradient penalty acts on. */
  private INDArray augment(INDArray events, INDArray labels) {
    return features == null ? events : Nd4j.hstack(events, features.compute(events, labels));
  }

  private INDArray withLabels(INDArray augmented, INDArray labels) {
    return labelDim == 0 ? augmented : Nd4j.hstack(augmented, labels);
  }

  /** Critic scores {@code D(event, labels)}, {@code n x 1}. */
  public INDArray score(INDArray events, INDArray labels) {
    return net.output(input(events, labels));
  }

  /** One critic evaluation's figures. */
  public record Losses(double loss, double wasserstein, double penalty, double meanGradientNorm) {}

  /**
   * Critic loss {@code mean D(fake,y) - mean D(real,y) + lambda mean (||grad D(xhat,y)|| - 1)^2}
   * at the per-sample interpolates {@code xhat_i = eps_i real_i + (1 - eps_i) fake_i}, adding its
   * parameter gradient to {@code gradient}.
   *
   * @param eps per-sample interpolation weights in [0, 1], {@code n x 1}
   */
  public Losses lossAndGradient(
      INDArray real, INDArray fake, INDArray labels, INDArray eps, double lambda, DenseNet.Gradient gradient) {
    int n = (int) real.rows();
    INDArray augReal = augment(real, labels);
    INDArray augFake = augment(fake, labels);
    INDArray both = Nd4j.vstack(withLabels(augReal, labels), withLabels(augFake, labels));
    DenseNet.Forward f = net.forward(both);
    float[] d = f.output().data().asFloat();
    double sumReal = 0;
    double sumFake = 0;
    float[] dOut = new float[2 * n];
    for (int i = 0; i < n; i++) {
      sumReal += d[i];
      sumFake += d[n + i];
      dOut[i] = -1f / n;
      dOut[n + i] = 1f / n;
    }
    double meanReal = sumReal / n;
    double meanFake = sumFake / n;
    net.backward(f, Nd4j.create(dOut, new long[] {2 * n, 1}, 'c'), null, gradient, false);

    // xhat = fake + eps (real - fake), on events and features together
    INDArray hat = augReal.sub(augFake).muliColumnVector(eps).addi(augFake);
    GradientPenalty.Value p =
        GradientPenalty.accumulate(net, withLabels(hat, labels), eventDim + featureDim, lambda, gradient);
    double w = meanReal - meanFake;
    return new Losses(-w + p.penalty(), w, p.penalty(), p.meanNorm());
  }

  /**
   * Gradient w.r.t. the events of {@code sum_i dOut_i D(event_i, labels_i)}, {@code n x eventDim};
   * the critic's parameters are not touched.
   *
   * @return the event gradient and the critic scores
   */
  public INDArray[] eventGradient(INDArray events, INDArray labels, double dOutPerRow) {
    DenseNet.Forward f = net.forward(input(events, labels));
    INDArray dOut = f.output().ulike().assign(dOutPerRow);
    INDArray gIn = net.backward(f, dOut, null, null, true);
    INDArray ge = gIn.get(NDArrayIndex.all(), NDArrayIndex.interval(0, eventDim));
    if (features != null) {
      INDArray gf = gIn.get(NDArrayIndex.all(), NDArrayIndex.interval(eventDim, eventDim + featureDim));
      ge = ge.add(features.backward(events, labels, gf));
    }
    return new INDArray[] {ge, f.output()};
  }
}
