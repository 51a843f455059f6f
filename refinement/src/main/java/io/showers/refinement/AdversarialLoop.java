package io.showers.refinement;

import io.showers.generative.nn.Adam;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import io.showers.generative.wgan.Critic;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The unpaired adversarial training loop shared by every detector (SimGAN, Shrivastava et al. 2017,
 * with a WGAN-GP critic as in arXiv:1802.03325):
 * <ul>
 *   <li>critic ({@link Critic} of the generative core, on {@link EventSummary} inputs):
 *       {@code mean D(R(sim)) − mean D(data) + λ GP}, half of each fake batch from a {@link HistoryBuffer};
 *   <li>refiner: {@code −mean D(R(sim)) + α mean |f|}, gradients through the summaries and straight
 *       through the detector projection (not through frozen channels).
 * </ul>
 * The refiner returned is the mean of its parameter iterates over the second half of the steps
 * (Polyak–Ruppert averaging), not the last iterate.
 * Adam for both; data labels are never seen (model-space events carry no labels the summaries read).
 */
final class AdversarialLoop {
  private AdversarialLoop() {}

  /** Figures at the end of training. */
  record Outcome(double wasserstein, double penalty, double meanAbsCorrection, double seconds) {}

  /**
   * Trains {@code refiner} in place.
   *
   * @param xs model-space simulated events ({@code ns} of them)
   * @param xd model-space data events ({@code nd})
   */
  static Outcome run(ResidualRefiner refiner, EventSummary summary, float[] xs, int ns, float[] xd, int nd,
      RefinerTraining.Settings s, Rng rng, Consumer<RefinerTraining.Step> listener) {
    long t0 = System.nanoTime();
    int d = refiner.eventDim();
    int[] sizes = new int[s.criticHidden().length + 2];
    sizes[0] = summary.width();
    System.arraycopy(s.criticHidden(), 0, sizes, 1, s.criticHidden().length);
    sizes[sizes.length - 1] = 1;
    Critic critic = new Critic(DenseNet.initialise(DenseSpec.of(sizes), rng.nextLong()), summary.width(), 0);
    DenseNet rnet = refiner.net();
    Adam adamC = new Adam(critic.net().parameterCount(), 0.5, 0.9, 1e-8);
    Adam adamR = new Adam(rnet.parameterCount(), 0.5, 0.9, 1e-8);
    DenseNet.Gradient gC = critic.net().newGradient();
    DenseNet.Gradient gR = rnet.newGradient();
    HistoryBuffer history = new HistoryBuffer(d, s.bufferSize());
    int n = s.batchSize();
    double w = 0;
    double gp = 0;
    double corr = 0;
    double shift = 0;
    // Polyak-Ruppert: the refiner kept is the mean of its iterates over the second half of training.
    // The last iterate is wherever the adversarial game's oscillation stopped: air-shower bias closure
    // 0.64 / 0.83 / -0.09 for three seeds with it, 0.73 / 0.72 / 0.70 with the average.
    int averageFrom = s.steps() / 2;
    INDArray average = null;
    int averaged = 0;
    for (int step = -s.criticPretrain(); step < s.steps(); step++) {
      int cSteps = step < 0 ? 1 : s.criticSteps();
      for (int c = 0; c < cSteps; c++) {
        float[] real = rows(xd, d, pick(rng, nd, n));
        float[] cur = refiner.refine(rows(xs, d, pick(rng, ns, n)), n, rng);
        float[] fake = history.mix(cur, n, rng);
        float[] eps = new float[n];
        for (int k = 0; k < n; k++) {
          eps[k] = (float) rng.nextDouble();
        }
        gC.zero();
        Critic.Losses l = critic.lossAndGradient(summary.input(real, n), summary.input(fake, n), null,
            Nd4j.create(eps, new long[] {n, 1}, 'c'), s.lambda(), gC);
        adamC.step(critic.net().params(), gC.flat(), s.lrCritic());
        w = l.wasserstein();
        gp = l.penalty();
        shift = summary.monitor(cur, n) - summary.monitor(real, n);
      }
      if (step < 0) {
        continue;
      }
      ResidualRefiner.Pass p = refiner.pass(rows(xs, d, pick(rng, ns, n)), n, rng, true);
      INDArray ge = critic.eventGradient(summary.input(p.refined(), n), null, -1.0 / n)[0];
      float[] g = summary.gradient(p.refined(), p.unprojected(), n, ge.dup('c').data().asFloat());
      gR.zero();
      p.backward(g, s.alpha(), gR);
      adamR.step(rnet.params(), gR.flat(), s.lrRefiner());
      if (step >= averageFrom) {
        averaged++;
        if (average == null) {
          average = rnet.params().dup();
        } else {
          // running mean: a += (p - a) / k
          average.addi(rnet.params().sub(average).divi(averaged));
        }
      }
      corr = p.meanAbsCorrection();
      if (listener != null) {
        listener.accept(new RefinerTraining.Step(step, w, gp, corr, shift));
      }
    }
    if (average != null) {
      rnet.params().assign(average);
    }
    return new Outcome(w, gp, corr, (System.nanoTime() - t0) / 1e9);
  }

  private static int[] pick(Rng rng, int size, int n) {
    int[] r = new int[n];
    for (int k = 0; k < n; k++) {
      r[k] = rng.nextInt(size);
    }
    return r;
  }

  private static float[] rows(float[] x, int d, int[] idx) {
    float[] out = new float[idx.length * d];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(x, idx[k] * d, out, k * d, d);
    }
    return out;
  }
}
