package io.showers.generative.evaluation;

import io.showers.datasets.metrics.Auc;
import io.showers.detector.ProgressListener;
import io.showers.detector.Seeds;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Classifier two-sample test: a dense network (LeakyReLU, Adam, float32) learns to tell
 * candidate (label 1) from reference (label 0) events; the ROC AUC on a held-out test split
 * measures how distinguishable the samples are (0.5 = indistinguishable).
 *
 * <p>Each run shuffles the pooled events with its own seed and splits them 60/20/20 into
 * training, validation (early stopping on the cross-entropy, best epoch restored) and test.
 * The reported AUC is the mean over runs; its error is the larger of the statistical error of
 * one test AUC (DeLong, √⟨σ²⟩) and the standard deviation between runs (the test splits
 * overlap, so the runs are not independent and the error is not divided by √runs).
 */
public final class ClassifierTest {

  /**
   * @param hidden hidden layer widths
   * @param learningRate Adam learning rate
   * @param maxEpochs epoch limit
   * @param patience epochs without validation improvement before stopping
   * @param batchSize mini-batch size
   * @param runs independent trainings (different splits and initialisations)
   * @param seed master seed
   */
  public record Options(int[] hidden, double learningRate, int maxEpochs, int patience, int batchSize,
      int runs, long seed) {
    public static Options defaults() {
      return new Options(new int[] {128, 64}, 1e-3, 20, 3, 256, 3, 42);
    }

    /** Progress units (epochs at most) that {@link #run} reports. */
    public long maxSteps() {
      return (long) runs * maxEpochs;
    }
  }

  /**
   * @param auc mean test AUC over runs
   * @param error combined statistical and run-to-run error
   * @param runAucs test AUC of each run
   * @param epochs epochs trained per run
   * @param nReference reference events
   * @param nCandidate candidate events
   * @param nTest test events per run
   */
  public record Result(double auc, double error, double[] runAucs, int[] epochs, int nReference, int nCandidate,
      int nTest) {}

  private ClassifierTest() {}

  public static Result run(float[][] reference, float[][] candidate, Options o, ProgressListener progress) {
    try (Networks.ThreadScope scope = Networks.singleThreaded()) {
      return runSingleThreaded(reference, candidate, o, progress);
    }
  }

  private static Result runSingleThreaded(float[][] reference, float[][] candidate, Options o,
      ProgressListener progress) {
    int nr = reference.length;
    int nc = candidate.length;
    int n = nr + nc;
    float[][] x = new float[n][];
    float[] y = new float[n];
    System.arraycopy(reference, 0, x, 0, nr);
    System.arraycopy(candidate, 0, x, nr, nc);
    for (int i = nr; i < n; i++) {
      y[i] = 1;
    }
    double[] aucs = new double[o.runs()];
    int[] epochs = new int[o.runs()];
    double varSum = 0;
    int nTest = 0;
    for (int run = 0; run < o.runs(); run++) {
      long seed = Seeds.derive(o.seed(), run);
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Networks.shuffle(order, Seeds.rng(seed));
      int nTrain = (int) (0.6 * n);
      int nVal = (int) (0.2 * n);
      int[] train = java.util.Arrays.copyOfRange(order, 0, nTrain);
      int[] val = java.util.Arrays.copyOfRange(order, nTrain, nTrain + nVal);
      int[] test = java.util.Arrays.copyOfRange(order, nTrain + nVal, n);
      double[][] ms = FeatureMatrix.fitStandardiser(x, train);
      float[][] xs = new float[n][];
      for (int i = 0; i < n; i++) {
        xs[i] = FeatureMatrix.standardise(x[i], ms);
      }
      MultiLayerNetwork net = Networks.dense(xs[0].length, o.hidden(), true, o.learningRate(), seed);
      int ep = Networks.train(net, xs, y, train, val, true,
          new Networks.Training(o.maxEpochs(), o.patience(), o.batchSize()), Seeds.derive(seed, 1), progress);
      progress.advance(o.maxEpochs() - ep);
      epochs[run] = ep;
      double[] score = Networks.predict(net, Networks.rows(xs, test));
      int pos = 0;
      for (int t : test) {
        if (y[t] == 1) {
          pos++;
        }
      }
      double[] sp = new double[pos];
      double[] sn = new double[test.length - pos];
      int a = 0;
      int b = 0;
      for (int i = 0; i < test.length; i++) {
        if (y[test[i]] == 1) {
          sp[a++] = score[i];
        } else {
          sn[b++] = score[i];
        }
      }
      Auc auc = Auc.of(sp, sn);
      aucs[run] = auc.auc();
      varSum += auc.variance();
      nTest = test.length;
    }
    double mean = 0;
    for (double v : aucs) {
      mean += v;
    }
    mean /= aucs.length;
    double s2 = 0;
    for (double v : aucs) {
      s2 += (v - mean) * (v - mean);
    }
    s2 = aucs.length > 1 ? s2 / (aucs.length - 1) : 0;
    double err = Math.max(Math.sqrt(varSum / aucs.length), Math.sqrt(s2));
    return new Result(mean, err, aucs, epochs, nr, nc, nTest);
  }
}
