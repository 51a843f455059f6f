package io.showers.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.showers.generative.nn.DenseSpec;
import org.junit.jupiter.api.Test;

class StatsAndFlopsTest {
  @Test
  void medianAndPercentilesAreExact() {
    double[] odd = {5, 1, 3};
    assertEquals(3.0, Stats.median(odd), 0);
    double[] even = {4, 1, 3, 2};
    assertEquals(2.5, Stats.median(even), 0);
    double[] x = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertEquals(16.0, Stats.percentile(x, 16), 1e-12);
    assertEquals(84.0, Stats.percentile(x, 84), 1e-12);
    assertEquals(0.0, Stats.percentile(x, 0), 0);
    assertEquals(100.0, Stats.percentile(x, 100), 0);
    // 5 values: position 0.16 * 4 = 0.64 between 1 and 2
    double[] five = {1, 2, 3, 4, 5};
    assertEquals(1.64, Stats.percentile(five, 16), 1e-12);
    assertEquals(4.36, Stats.percentile(five, 84), 1e-12);
    assertEquals(7.0, Stats.median(new double[] {7}), 0);
    assertEquals(1.0, Stats.min(five), 0);
    assertEquals(5.0, Stats.max(five), 0);
    assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(five, 101));
  }

  @Test
  void denseFlopsAreTwiceTheMultiplyAdds() {
    // 67→512→1024→1260: 2 (67·512 + 512·1024 + 1024·1260)
    assertEquals(2L * (67 * 512 + 512 * 1024 + 1024 * 1260), Flops.denseForward(DenseSpec.of(67, 512, 1024, 1260)));
    assertEquals(2L * 3 * 4, Flops.denseForward(DenseSpec.of(3, 4)));
    assertEquals(3_697_664L, Flops.denseForward(DenseSpec.of(67, 512, 1024, 1260)));
  }
}
