package io.showers.datasets.metrics;

import io.showers.datasets.observables.Column;
import io.showers.datasets.observables.Observables;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-dimensional comparison of one observable between a reference and a candidate sample.
 *
 * @param name observable name
 * @param unit its unit
 * @param kind label or observable
 * @param separationPower ½Σ(h−g)²/(h+g) on the shared, normalised histograms
 * @param separationNoise the separation power expected from finite samples of the same
 *     distribution, (bins − 1)(1/n₁ + 1/n₂)/4
 * @param wasserstein exact 1-D Wasserstein-1 distance, in the observable's unit
 * @param referenceMean mean of the finite reference values
 * @param candidateMean mean of the finite candidate values
 * @param referenceStd standard deviation of the finite reference values
 * @param referenceUndefined fraction of reference events where the observable is undefined (NaN)
 * @param candidateUndefined same for the candidate
 * @param binning the shared bins
 * @param referenceCounts reference histogram
 * @param candidateCounts candidate histogram
 */
public record ObservableMetric(
    String name,
    String unit,
    Column.Kind kind,
    double separationPower,
    double separationNoise,
    double wasserstein,
    double referenceMean,
    double candidateMean,
    double referenceStd,
    double referenceUndefined,
    double candidateUndefined,
    Binning binning,
    double[] referenceCounts,
    double[] candidateCounts) {

  /** Compares every column the two tables share, in the reference's order. */
  public static List<ObservableMetric> compare(Observables reference, Observables candidate) {
    List<ObservableMetric> out = new ArrayList<>();
    for (Column c : reference.columns()) {
      if (!candidate.has(c.name())) {
        continue;
      }
      out.add(compare(c, candidate.column(c.name())));
    }
    return out;
  }

  public static ObservableMetric compare(Column ref, Column cand) {
    double[] a = ref.values();
    double[] b = cand.values();
    Binning bins = Binning.shared(a, b);
    double[] h = bins.counts(a);
    double[] g = bins.counts(b);
    int occupied = 0;
    for (int i = 0; i < h.length; i++) {
      if (h[i] + g[i] > 0) {
        occupied++;
      }
    }
    double nh = sum(h);
    double ng = sum(g);
    double[] ma = moments(a);
    double[] mb = moments(b);
    return new ObservableMetric(
        ref.name(), ref.unit(), ref.kind(),
        SeparationPower.of(h, g),
        nh > 0 && ng > 0 ? SeparationPower.noiseLevel(occupied, (long) nh, (long) ng) : Double.NaN,
        Wasserstein.distance(a, b),
        ma[0], mb[0], ma[1],
        a.length == 0 ? 0 : 1 - nh / a.length,
        b.length == 0 ? 0 : 1 - ng / b.length,
        bins, h, g);
  }

  private static double sum(double[] h) {
    double s = 0;
    for (double v : h) {
      s += v;
    }
    return s;
  }

  /** {mean, std} of the finite values. */
  static double[] moments(double[] v) {
    double s = 0;
    double s2 = 0;
    int n = 0;
    for (double x : v) {
      if (Double.isFinite(x)) {
        s += x;
        s2 += x * x;
        n++;
      }
    }
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double m = s / n;
    return new double[] {m, n > 1 ? Math.sqrt(Math.max(0, (s2 - n * m * m) / (n - 1))) : 0};
  }
}
