package io.showers.generative.wgan;

import java.util.Arrays;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;

/** Least squares on functions of the labels, shared by the label-calibrated critic features and the total's density. */
final class LabelRegression {
  /** Singular values below this fraction of the largest count as zero. */
  static final double PSEUDO_INVERSE_CUTOFF = 1e-6;

  private LabelRegression() {}

  /**
   * The Moore–Penrose pseudo-inverse of a design matrix, small singular values truncated: a
   * constant label (one particle) or labels tied by a constraint (the axis is a unit vector, so
   * its squares sum to 1) make the design singular up to float rounding, where an exact solver
   * returns huge cancelling coefficients.
   */
  static RealMatrix pseudoInverse(double[][] design) {
    SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(design));
    double[] sv = svd.getSingularValues();
    return svd.getV().multiply(MatrixUtils.createRealDiagonalMatrix(
        Arrays.stream(sv).map(v -> v > PSEUDO_INVERSE_CUTOFF * sv[0] ? 1 / v : 0).toArray())).multiply(svd.getUT());
  }
}
