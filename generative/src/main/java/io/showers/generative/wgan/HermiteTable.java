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
  /** Per node {@code j}: the value at {@code 2j}, the slope times the spacing at {@code 2j + 1} (a lookup reads four adjacent values). */
  private final double[] node;

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
    node = new double[2 * nodes];
    for (int j = 0; j < nodes; j++) {
      double z = from + (double) j / nodesPerUnit;
      node[2 * j] = f.applyAsDouble(z);
      node[2 * j + 1] = derivative.applyAsDouble(z) / nodesPerUnit;
    }
  }

  /** The interpolated value at {@code z}, which the caller keeps within {@code [from, to]}. */
  double at(double z) {
    double position = (z - from) * nodesPerUnit;
    int j = Math.min((int) position, node.length / 2 - 2);
    double t = position - j;
    int a = 2 * j;
    double v0 = node[a];
    double s0 = node[a + 1];
    double v1 = node[a + 2];
    double s1 = node[a + 3];
    // Horner form of the cubic Hermite basis: v0 + t (s0 + t (3 (v1 − v0) − 2 s0 − s1 + t (2 (v0 − v1) + s0 + s1)))
    double d = v1 - v0;
    return v0 + t * (s0 + t * (3 * d - 2 * s0 - s1 + t * (s0 + s1 - 2 * d)));
  }
}
