package io.showers.generative.wgan;

import io.showers.generative.nn.Adam;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The constrainer of arXiv:1807.01954: a regressor {@code R} (dense network, trained beforehand
 * with MSE on reference events and then frozen) that predicts chosen label columns from an event.
 * It adds {@code kappa |MSE(R(G(z, y)), y_t) - MSE(R(x), y_t)|} to the generator loss, so a
 * generated event carries the labels it was asked for as well as a real one does.
 */
public final class Constrainer {
  private final DenseNet regressor;
  private final int[] targetColumns;

  /**
   * @param regressor maps an event ({@code eventDim}) to {@code targetColumns.length} values
   * @param targetColumns label columns the regressor predicts, in its output order
   */
  public Constrainer(DenseNet regressor, int[] targetColumns) {
    if (targetColumns.length == 0 || regressor.spec().outputSize() != targetColumns.length) {
      throw new IllegalArgumentException("regressor output " + regressor.spec().outputSize()
          + " does not match target columns " + Arrays.toString(targetColumns));
    }
    for (int c : targetColumns) {
      if (c < 0) {
        throw new IllegalArgumentException("negative target column " + c);
      }
    }
    this.regressor = regressor;
    this.targetColumns = targetColumns.clone();
  }

  /** The frozen regressor (live; do not modify). */
  public DenseNet regressor() {
    return regressor;
  }

  /** The predicted label columns. */
  public int[] targetColumns() {
    return targetColumns.clone();
  }

  /**
   * Trains a regressor with MSE (Adam, beta (0.9, 0.999), constant {@code lr}) on the events of
   * {@code data} to predict its label columns {@code targetColumns}; batches drawn with {@code
   * seed}.
   *
   * @param spec regressor architecture: input {@code data.eventDim()}, output {@code targetColumns.length}
   */
  public static Constrainer train(TrainingData data, int[] targetColumns, DenseSpec spec, int steps,
      int batchSize, double lr, long seed) {
    if (spec.inputSize() != data.eventDim()) {
      throw new IllegalArgumentException("regressor input " + spec.inputSize() + " != event size " + data.eventDim());
    }
    for (int c : targetColumns) {
      if (c >= data.labelDim()) {
        throw new IllegalArgumentException("target column " + c + " outside " + data.labelDim() + " labels");
      }
    }
    Rng rng = new Rng(seed);
    DenseNet net = DenseNet.initialise(spec, rng.nextLong());
    Constrainer c = new Constrainer(net, targetColumns);
    Adam adam = new Adam(net.parameterCount(), 0.9, 0.999, 1e-8);
    DenseNet.Gradient grad = net.newGradient();
    for (int s = 0; s < steps; s++) {
      int[] rows = data.sampleIndices(batchSize, rng);
      INDArray x = data.events(rows);
      INDArray t = c.targets(data.labels(rows));
      DenseNet.Forward f = net.forward(x);
      INDArray dOut = f.output().sub(t).muli(2.0 / t.length());
      net.backward(f, dOut, null, grad.zero(), false);
      adam.step(net.params(), grad.flat(), lr);
    }
    return c;
  }

  /** The target columns of {@code labels}, {@code n x targets}. */
  public INDArray targets(INDArray labels) {
    return labels.get(NDArrayIndex.all(), NDArrayIndex.indices(Arrays.stream(targetColumns).mapToLong(i -> i).toArray()));
  }

  /** Mean squared error of the regressor on {@code events} against the target labels. */
  public double mse(INDArray events, INDArray labels) {
    INDArray d = regressor.output(events).subi(targets(labels));
    return d.mul(d).meanNumber().doubleValue();
  }

  /** The constrainer term and its gradient w.r.t. the fake events. */
  public record Term(double value, INDArray fakeGradient) {}

  /**
   * {@code kappa |MSE(R(fake), y_t) - MSE(R(real), y_t)|} and its gradient w.r.t. {@code fake}
   * (the real events and the frozen regressor are constants).
   */
  public Term term(INDArray fake, INDArray real, INDArray labels, double kappa) {
    INDArray t = targets(labels);
    DenseNet.Forward f = regressor.forward(fake);
    INDArray diff = f.output().sub(t);
    double mseFake = diff.mul(diff).meanNumber().doubleValue();
    double mseReal = mse(real, labels);
    double sign = Math.signum(mseFake - mseReal);
    INDArray dOut = diff.muli(kappa * sign * 2.0 / t.length());
    INDArray g = regressor.backward(f, dOut, null, null, true);
    return new Term(kappa * Math.abs(mseFake - mseReal), g);
  }
}
