package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.stat.regression.SimpleRegression;

/**
 * The cell noise of an {@link EnergyShareHead} with counting spread, fixed from the training events instead of set by
 * the network for each event: a cell of expected amount {@code ū} fluctuates with {@code Var(u) = κ ū + s² ū²}, that
 * is a log-normal spread {@code σ² = s² + κ / ū} in its log amount.
 *
 * <p>{@code κ} is the counting coefficient: for a sum of Poisson-many deposits {@code q}, {@code Var = ū E[q²] / E[q]},
 * so {@code κ = E[q²] / E[q]}, in the amount's unit (VEM for the air shower: about {@code 2 × 0.2} VEM for the
 * electromagnetic particles' exponential deposits, about 1.2 VEM for a muon's track through the tank). {@code s} is
 * what fluctuates in proportion to the amount.
 *
 * <p>Why: left to the network, the air-shower generator set {@code κ} a fifth below the simulator's and a flat 4 %
 * spread the simulator does not have (residuals about each event's lateral fit: {@code Var/ū} 0.86 against 1.05 at
 * 15–30 VEM, 1.40 against 0.90 at 250–400 VEM), and made up the missing spread of the far stations with a coherent
 * change of the whole footprint's shape.
 *
 * @param kappa the counting coefficient {@code κ > 0}, in the amount's unit
 * @param flatSpread the proportional spread {@code s ≥ 0}
 */
public record CountingNoise(double kappa, double flatSpread) {
  /** Fewest cells in the fit window for an event to count: three parameters of its lateral fit plus three. */
  private static final int MIN_CELLS = 6;
  /** Largest leverage of a cell whose residual counts (at 1 the fit goes through the cell and leaves no residual). */
  private static final double MAX_LEVERAGE = 0.99;
  /** Fewest residuals the coefficients are fitted to. */
  private static final int MIN_RESIDUALS = 100;

  /** Validates the coefficients. */
  @JsonCreator
  public CountingNoise(@JsonProperty("kappa") double kappa, @JsonProperty("flatSpread") double flatSpread) {
    if (!(kappa > 0) || !Double.isFinite(kappa) || !(flatSpread >= 0) || !Double.isFinite(flatSpread)) {
      throw new IllegalArgumentException("counting noise needs a finite κ > 0 and a finite flat spread ≥ 0, got κ = "
          + kappa + ", s = " + flatSpread);
    }
    this.kappa = kappa;
    this.flatSpread = flatSpread;
  }

  /**
   * Fits {@code κ} and {@code s} to events' cells: within each event, {@code ln u} of the occupied cells at distance
   * {@code r ≥ minDistance} is fitted by a parabola in {@code ln(r / referenceDistance)} (a lateral distribution
   * with curvature), weighted by the inverse of the counting variance {@code ū / κ} (first with the cells' own amounts
   * for {@code ū}, then with the first fit's); for the cells whose fitted amount {@code ū} lies in [minAmount,
   * maxAmount], the squared log residuals {@code e²} divided by {@code 1 − h} (the fit's leverage {@code h} of the
   * cell takes that part of the variance; cells with {@code h ≥ 0.99} are left out) are regressed as {@code ū e² /
   * (1 − h) = κ + s² ū}. Where the slope {@code s²} comes out negative (the relative variance falls with the amount),
   * {@code s = 0} and {@code κ} is the mean of {@code ū e² / (1 − h)}. The weights are capped at {@code maxAmount}.
   * Second-order terms are left: {@code ū} is the fit's median amount, the head's the mean ({@code e^{σ²/2}} more,
   * a bias of {@code κ² / 2ū} in the statistic: 3 % of κ ≈ 1 at 15 units), and a Poisson count's log variance exceeds
   * {@code 1/λ} by {@code O(λ⁻²)}.
   *
   * @param amounts per event and cell the amount, 0 where the cell recorded nothing ({@code n × cells}, row-major)
   * @param distances per event and cell its distance from the shower axis ({@code n × cells})
   * @param cells cells per event
   * @param minDistance closest distance fitted (inside it the lateral distribution is no parabola in {@code ln r})
   * @param referenceDistance distance scale of {@code ln r}
   * @param minAmount smallest fitted amount whose residual counts: well above any threshold, which would cut the low
   *     side of its fluctuations
   * @param maxAmount largest fitted amount whose residual counts: below saturation
   * @throws IllegalArgumentException if fewer than {@value #MIN_RESIDUALS} residuals fall in the window or the fitted
   *     {@code κ} is not positive
   */
  public static CountingNoise fit(double[] amounts, double[] distances, int cells, double minDistance,
      double referenceDistance, double minAmount, double maxAmount) {
    if (cells < 1 || amounts.length != distances.length || amounts.length % cells != 0 || !(minDistance >= 0)
        || !(referenceDistance > 0) || !(minAmount > 0) || !(maxAmount > minAmount)) {
      throw new IllegalArgumentException("invalid counting-noise fit: " + amounts.length + " amounts, "
          + distances.length + " distances, " + cells + " cells, distances from " + minDistance + " (reference "
          + referenceDistance + "), amounts " + minAmount + " to " + maxAmount);
    }
    int n = amounts.length / cells;
    SimpleRegression relativeVariance = new SimpleRegression(true);
    double sumY = 0;
    int[] used = new int[cells];
    for (int k = 0; k < n; k++) {
      int m = 0;
      for (int i = 0; i < cells; i++) {
        double u = amounts[k * cells + i];
        double r = distances[k * cells + i];
        if (!Double.isFinite(u) || !Double.isFinite(r)) {
          throw new IllegalArgumentException("event " + k + " cell " + i + ": amount " + u + " at distance " + r
              + "; expected finite values");
        }
        if (u > 0 && r >= minDistance && r > 0) {
          used[m++] = i;
        }
      }
      if (m < MIN_CELLS) {
        continue;
      }
      // weights ū / κ are the inverse variances of ln u: first from the cells' own amounts, then from the first fit's
      double[] weight = new double[m];
      for (int j = 0; j < m; j++) {
        weight[j] = Math.min(amounts[k * cells + used[j]], maxAmount);
      }
      double[] mean = new double[m];
      double[] leverage = new double[m];
      if (!lateralFit(k, cells, used, m, amounts, distances, referenceDistance, weight, mean, leverage)) {
        continue; // all cells at one distance: no lateral shape to fit
      }
      for (int j = 0; j < m; j++) {
        weight[j] = Math.min(mean[j], maxAmount);
      }
      if (!lateralFit(k, cells, used, m, amounts, distances, referenceDistance, weight, mean, leverage)) {
        continue;
      }
      for (int j = 0; j < m; j++) {
        if (mean[j] >= minAmount && mean[j] <= maxAmount && leverage[j] < MAX_LEVERAGE) {
          // Var(ln u) = κ / ū + s²; a fitted cell's residual keeps 1 − h of it
          double residual = Math.log(amounts[k * cells + used[j]] / mean[j]);
          double y = mean[j] * residual * residual / (1 - leverage[j]);
          relativeVariance.addData(mean[j], y);
          sumY += y;
        }
      }
    }
    if (relativeVariance.getN() < MIN_RESIDUALS) {
      throw new IllegalArgumentException("only " + relativeVariance.getN() + " cells of " + n + " events have a fitted"
          + " amount in [" + minAmount + ", " + maxAmount + "] at distance >= " + minDistance + " (events need "
          + MIN_CELLS + " occupied cells there); a counting-noise fit needs " + MIN_RESIDUALS);
    }
    double flatVariance = relativeVariance.getSlope();
    // no flat part: κ is then the least-squares constant, the mean (the free intercept would overstate it where the
    // relative variance falls with the amount, as where electromagnetic particles outnumber muons near the core)
    double kappa = flatVariance > 0 ? relativeVariance.getIntercept() : sumY / relativeVariance.getN();
    if (!(kappa > 0)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the fitted counting coefficient is %.3g (flat"
          + " variance %.3g): the cells' fluctuations do not fall with their amount as counts do", kappa, flatVariance));
    }
    return new CountingNoise(kappa, Math.sqrt(Math.max(0, flatVariance)));
  }

  /**
   * Weighted least squares of {@code ln u} on {@code (1, x, x²)}, {@code x = ln(r / referenceDistance)}, over the
   * cells {@code used[0 .. m)} of event {@code k}: writes the fitted amounts and the cells' leverages (the weighted hat
   * matrix's diagonal); false if the fit is singular.
   */
  private static boolean lateralFit(int k, int cells, int[] used, int m, double[] amounts, double[] distances,
      double referenceDistance, double[] weight, double[] mean, double[] leverage) {
    RealMatrix design = MatrixUtils.createRealMatrix(m, 3);
    RealVector target = MatrixUtils.createRealVector(new double[m]);
    for (int j = 0; j < m; j++) {
      int c = k * cells + used[j];
      double x = Math.log(distances[c] / referenceDistance);
      double w = Math.sqrt(weight[j]);
      design.setEntry(j, 0, w);
      design.setEntry(j, 1, w * x);
      design.setEntry(j, 2, w * x * x);
      target.setEntry(j, w * Math.log(amounts[c]));
    }
    QRDecomposition qr = new QRDecomposition(design, 1e-12);
    DecompositionSolver solver = qr.getSolver();
    if (!solver.isNonSingular()) {
      return false;
    }
    RealVector p = solver.solve(target);
    RealMatrix q = qr.getQ();
    for (int j = 0; j < m; j++) {
      double x = Math.log(distances[k * cells + used[j]] / referenceDistance);
      mean[j] = Math.exp(p.getEntry(0) + x * (p.getEntry(1) + x * p.getEntry(2)));
      leverage[j] = q.getEntry(j, 0) * q.getEntry(j, 0) + q.getEntry(j, 1) * q.getEntry(j, 1)
          + q.getEntry(j, 2) * q.getEntry(j, 2);
    }
    return true;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "CountingNoise[κ %.3f, s %.4f]", kappa, flatSpread);
  }
}
