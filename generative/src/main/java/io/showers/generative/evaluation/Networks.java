package io.showers.generative.evaluation;

import io.showers.detector.ProgressListener;
import io.showers.detector.Seeds;
import org.apache.commons.rng.UniformRandomProvider;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Small dense networks (LeakyReLU, Adam, float32, fixed seeds) and a training loop with early
 * stopping on a validation split, shared by the classifier test and the energy regressor.
 */
final class Networks {
  private static final boolean TRACE = System.getenv("SHOWERS_TRACE") != null;

  private Networks() {}

  /** Makes ND4J use float32 everywhere and seeds its generator. */
  static void useFloat32(long seed) {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    Nd4j.getRandom().setSeed(seed);
  }

  /** Restores ND4J's thread settings when closed. */
  interface ThreadScope extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * These networks are small: one native thread per op is several times faster than OpenMP's
   * team on a busy 2-core machine (measured 5–10× per epoch under load). Sets ND4J to one
   * thread until the scope is closed (restoring the previous setting, so a GAN trained later in
   * the same JVM keeps its threads). An explicit OMP_NUM_THREADS in the environment wins.
   */
  static synchronized ThreadScope singleThreaded() {
    if (System.getenv("OMP_NUM_THREADS") != null) {
      return () -> {};
    }
    var env = Nd4j.getEnvironment();
    int threads = env.maxThreads();
    int master = env.maxMasterThreads();
    env.setMaxThreads(1);
    env.setMaxMasterThreads(1);
    return () -> {
      env.setMaxThreads(threads);
      env.setMaxMasterThreads(master);
    };
  }

  /** Dense LeakyReLU layers then a sigmoid (classifier) or identity (regressor) output. */
  static MultiLayerNetwork dense(int nIn, int[] hidden, boolean classifier, double lr, long seed) {
    useFloat32(seed);
    NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(lr))
        .weightInit(WeightInit.XAVIER)
        .list();
    int in = nIn;
    for (int h : hidden) {
      b.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.LEAKYRELU).build());
      in = h;
    }
    b.layer(new OutputLayer.Builder(classifier ? LossFunctions.LossFunction.XENT : LossFunctions.LossFunction.MSE)
        .nIn(in).nOut(1).activation(classifier ? Activation.SIGMOID : Activation.IDENTITY).build());
    MultiLayerConfiguration conf = b.build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** Training settings. */
  record Training(int maxEpochs, int patience, int batchSize) {}

  /**
   * Mini-batch training on rows {@code train} with early stopping on the loss over {@code val};
   * restores the best parameters. Returns the number of epochs run.
   */
  static int train(MultiLayerNetwork net, float[][] x, float[] y, int[] train, int[] val,
      boolean classifier, Training t, long seed, ProgressListener progress) {
    UniformRandomProvider rng = Seeds.rng(seed);
    int[] order = train.clone();
    INDArray vx = rows(x, val);
    float[] vy = new float[val.length];
    for (int i = 0; i < val.length; i++) {
      vy[i] = y[val[i]];
    }
    double best = Double.POSITIVE_INFINITY;
    INDArray bestParams = net.params().dup();
    int sinceBest = 0;
    int epoch = 0;
    long t0 = System.nanoTime();
    while (epoch < t.maxEpochs()) {
      epoch++;
      shuffle(order, rng);
      for (int from = 0; from < order.length; from += t.batchSize()) {
        int to = Math.min(order.length, from + t.batchSize());
        int[] idx = java.util.Arrays.copyOfRange(order, from, to);
        float[][] lab = new float[idx.length][1];
        for (int i = 0; i < idx.length; i++) {
          lab[i][0] = y[idx[i]];
        }
        net.fit(rows(x, idx), Nd4j.create(lab));
      }
      double loss = loss(predict(net, vx), vy, classifier);
      if (TRACE) {
        System.err.printf("epoch %d loss %.5f %.2f s%n", epoch, loss, (System.nanoTime() - t0) / 1e9);
      }
      progress.advance(1);
      if (loss < best - 1e-5) {
        best = loss;
        bestParams = net.params().dup();
        sinceBest = 0;
      } else if (++sinceBest >= t.patience()) {
        break;
      }
    }
    net.setParams(bestParams);
    return epoch;
  }

  static double[] predict(MultiLayerNetwork net, INDArray x) {
    INDArray out = net.output(x, false);
    float[] f = out.reshape(out.length()).toFloatVector();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static double loss(double[] p, float[] y, boolean classifier) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      if (classifier) {
        double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
        s -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
      } else {
        double r = p[i] - y[i];
        s += r * r;
      }
    }
    return s / p.length;
  }

  static INDArray rows(float[][] x, int[] idx) {
    float[][] out = new float[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      out[i] = x[idx[i]];
    }
    return Nd4j.create(out);
  }

  static void shuffle(int[] a, UniformRandomProvider rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
