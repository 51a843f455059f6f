package io.showers.generative.wgan;

import io.showers.generative.nn.DenseSpec;

/**
 * Plain-Java double-precision dense critic for reference computations: forward pass, input
 * gradient by finite differences or by the chain rule, and the gradient-penalty critic loss.
 */
final class ReferenceCritic {
  private final DenseSpec spec;

  ReferenceCritic(DenseSpec spec) {
    this.spec = spec;
  }

  /** D(input) for one row, parameters flat as in DenseNet (W0 row-major, b0, W1, b1, ...). */
  double score(double[] p, double[] x) {
    double[] a = x;
    int k = 0;
    for (int l = 0; l < spec.layers(); l++) {
      int in = spec.size(l);
      int out = spec.size(l + 1);
      double[] z = new double[out];
      for (int j = 0; j < out; j++) {
        double s = p[k + in * out + j];
        for (int i = 0; i < in; i++) {
          s += a[i] * p[k + i * out + j];
        }
        z[j] = spec.activation(l).apply(s, spec.alpha());
      }
      k += in * out + out;
      a = z;
    }
    return a[0];
  }

  /** Central-difference gradient of D w.r.t. the first {@code cols} inputs (step h). */
  double[] inputGradientFd(double[] p, double[] x, int cols, double h) {
    double[] g = new double[cols];
    for (int c = 0; c < cols; c++) {
      double[] xp = x.clone();
      double[] xm = x.clone();
      xp[c] += h;
      xm[c] -= h;
      g[c] = (score(p, xp) - score(p, xm)) / (2 * h);
    }
    return g;
  }

  /** Input gradient of D by the chain rule in double precision (first {@code cols} inputs). */
  double[] inputGradient(double[] p, double[] x, int cols) {
    int L = spec.layers();
    double[][] z = new double[L][];
    double[] a = x;
    int[] off = new int[L];
    int k = 0;
    for (int l = 0; l < L; l++) {
      off[l] = k;
      int in = spec.size(l);
      int out = spec.size(l + 1);
      z[l] = new double[out];
      double[] next = new double[out];
      for (int j = 0; j < out; j++) {
        double s = p[k + in * out + j];
        for (int i = 0; i < in; i++) {
          s += a[i] * p[k + i * out + j];
        }
        z[l][j] = s;
        next[j] = spec.activation(l).apply(s, spec.alpha());
      }
      k += in * out + out;
      a = next;
    }
    double[] delta = {1.0};
    for (int l = L - 1; l >= 0; l--) {
      int in = spec.size(l);
      int out = spec.size(l + 1);
      double[] d = new double[in];
      for (int j = 0; j < out; j++) {
        double dj = delta[j] * spec.activation(l).derivative(z[l][j], spec.alpha());
        for (int i = 0; i < in; i++) {
          d[i] += dj * p[off[l] + i * out + j];
        }
      }
      delta = d;
    }
    return java.util.Arrays.copyOf(delta, cols);
  }

  /** lambda mean_i (||grad_x D(row_i)|| - 1)^2 with the exact (chain-rule) input gradient. */
  double penalty(double[] p, double[][] rows, int cols, double lambda) {
    double s = 0;
    for (double[] r : rows) {
      double[] g = inputGradient(p, r, cols);
      double n2 = GradientPenalty.NORM_EPSILON;
      for (double v : g) {
        n2 += v * v;
      }
      double d = Math.sqrt(n2) - 1;
      s += d * d;
    }
    return lambda * s / rows.length;
  }

  /** Full critic loss mean D(fake) - mean D(real) + penalty at interpolates. */
  double criticLoss(double[] p, double[][] real, double[][] fake, double[][] hat, int cols, double lambda) {
    double s = 0;
    for (int i = 0; i < real.length; i++) {
      s += score(p, fake[i]) - score(p, real[i]);
    }
    return s / real.length + penalty(p, hat, cols, lambda);
  }
}
