package io.showers.datasets.metrics;

import java.util.Arrays;

/**
 * Area under the ROC curve as the Mann–Whitney statistic P(s₊ > s₋) + ½ P(s₊ = s₋), exact (ties
 * handled by mid-ranks), with DeLong's variance estimate.
 *
 * @param auc the AUC
 * @param variance DeLong estimate of its variance
 * @param nPositive number of positive scores
 * @param nNegative number of negative scores
 */
public record Auc(double auc, double variance, int nPositive, int nNegative) {

  public double error() {
    return Math.sqrt(variance);
  }

  /** AUC of scores of positive (e.g. candidate) and negative (reference) events. */
  public static Auc of(double[] positive, double[] negative) {
    int n1 = positive.length;
    int n0 = negative.length;
    if (n1 == 0 || n0 == 0) {
      throw new IllegalArgumentException("AUC needs events of both classes");
    }
    double[] all = new double[n1 + n0];
    System.arraycopy(positive, 0, all, 0, n1);
    System.arraycopy(negative, 0, all, n1, n0);
    double[] rAll = midRanks(all);
    double[] r1 = midRanks(positive);
    double[] r0 = midRanks(negative);
    double sumR = 0;
    for (int i = 0; i < n1; i++) {
      sumR += rAll[i];
    }
    double auc = (sumR - n1 * (n1 + 1) / 2.0) / ((double) n1 * n0);
    // DeLong: V10_i = (rank among all − rank among positives) / n0, V01_j = 1 − (rank among all − rank among negatives) / n1
    double m10 = 0;
    double s10 = 0;
    for (int i = 0; i < n1; i++) {
      double v = (rAll[i] - r1[i]) / n0;
      m10 += v;
      s10 += v * v;
    }
    double m01 = 0;
    double s01 = 0;
    for (int j = 0; j < n0; j++) {
      double v = 1 - (rAll[n1 + j] - r0[j]) / n1;
      m01 += v;
      s01 += v * v;
    }
    double var10 = n1 > 1 ? (s10 - m10 * m10 / n1) / (n1 - 1) : 0;
    double var01 = n0 > 1 ? (s01 - m01 * m01 / n0) / (n0 - 1) : 0;
    double variance = var10 / n1 + var01 / n0;
    return new Auc(auc, variance, n1, n0);
  }

  /** 1-based mid-ranks (ties share the mean of their ranks). */
  static double[] midRanks(double[] v) {
    int n = v.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
    double[] r = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = rank;
      }
      i = j + 1;
    }
    return r;
  }
}
