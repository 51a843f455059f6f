package io.showers.generative.wgan;

import java.util.function.DoubleUnaryOperator;

/**
 * A smooth function tabulated with its derivative on a uniform grid over {@code [from, to]} and evaluated by cubic
 * Hermite interpolation: the error is below {@code h⁴ max|f''''| / 384} for a spacing {@code h}. Why: the
 * transverse prior takes thousands of special-function values per generated shower, where a library's series costs
 * more than the generator's network.
 */
final class HermiteTable {
  private final double from;
  private final double nodesPerUnit;
  private final double[] value;
  private final double[] slope;

  /**
   * @param from the grid's first node
   * @param to its last node
   * @param nodesPerUnit nodes per unit of the argument
   * @param f the function
   * @param derivative its derivative
   */
  HermiteTable(double from, double to, int nodesPerUnit, DoubleUnaryOperator f, DoubleUnaryOperator derivative) {
    int nodes = (int) Math.round((to - from) * nodesPerUnit) + 1;
    if (!(to > from) || nodesPerUnit < 1 || nodes < 2) {
      throw new IllegalArgumentException("a table needs from < to and at least one node per unit");
    }
    this.from = from;
    this.nodesPerUnit = nodesPerUnit;
    value = new double[nodes];
    slope = new double[nodes];
    for (int j = 0; j < nodes; j++) {
      double z = from + (double) j / nodesPerUnit;
      value[j] = f.applyAsDouble(z);
      slope[j] = derivative.applyAsDouble(z);
    }
  }

  /** The interpolated value at {@code z}, which the caller keeps within {@code [from, to]}. */
  double at(double z) {
    double position = (z - from) * nodesPerUnit;
    int j = Math.min((int) position, value.length - 2);
    double t = position - j;
    double h = 1.0 / nodesPerUnit;
    double t2 = t * t;
    double t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * value[j] + (t3 - 2 * t2 + t) * h * slope[j] + (-2 * t3 + 3 * t2) * value[j + 1]
        + (t3 - t2) * h * slope[j + 1];
  }
}
