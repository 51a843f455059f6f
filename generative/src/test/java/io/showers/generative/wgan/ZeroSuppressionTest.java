package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.showers.detector.Json;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ZeroSuppressionTest {

  private static final double L = 2.0;
  private static final double THRESHOLD = 1.0;

  /** Encodes amounts u as x = ln(1 + u) / L, one event per row, no energy label. */
  private static INDArray encoded(double... amounts) {
    float[] x = new float[amounts.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (Math.log1p(amounts[i]) / L);
    }
    return Nd4j.create(x, new long[] {1, x.length}, 'c');
  }

  @Test
  void forwardDropsSubThresholdAmountsWhateverTheGradientFloor() {
    INDArray raw = encoded(0.1, 0.4, 0.6, 0.9, 1.1, 5.0);
    float[] expected = raw.dup().data().asFloat();
    for (int i = 0; i < 4; i++) {
      expected[i] = 0f;
    }
    for (double floor : new double[] {0, 0.5, 1}) {
      assertArrayEquals(expected, new ZeroSuppression(L, THRESHOLD, 6, -1, floor).apply(raw, null).data().asFloat(), 0f);
    }
  }

  @Test
  void gradientPassesAboveTheFloorFractionOfTheThreshold() {
    INDArray raw = encoded(0.1, 0.4, 0.6, 0.9, 1.1, 5.0);
    INDArray upstream = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {1, 6}, 'c');
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6},
        new ZeroSuppression(L, THRESHOLD, 6, -1, 0).backward(raw, null, upstream).data().asFloat(), 0f);
    assertArrayEquals(new float[] {0, 0, 3, 4, 5, 6},
        new ZeroSuppression(L, THRESHOLD, 6, -1, 0.5).backward(raw, null, upstream).data().asFloat(), 0f);
    assertArrayEquals(new float[] {0, 0, 0, 0, 5, 6},
        new ZeroSuppression(L, THRESHOLD, 6, -1, 1).backward(raw, null, upstream).data().asFloat(), 0f);
  }

  /** A paired column (a station's arrival time) is dropped and masked with its amount. */
  @Test
  void aPairedColumnFollowsItsAmount() {
    float[] x = {(float) (Math.log1p(0.4) / L), (float) (Math.log1p(0.9) / L), (float) (Math.log1p(3) / L), 7, 8, 9, 10};
    INDArray raw = Nd4j.create(x, new long[] {1, 7}, 'c');
    ZeroSuppression z = new ZeroSuppression(L, THRESHOLD, 3, -1, 0.5, 3);
    assertArrayEquals(new float[] {0, 0, x[2], 0, 0, 9, 10}, z.apply(raw, null).data().asFloat(), 0f);
    INDArray upstream = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6, 7}, new long[] {1, 7}, 'c');
    assertArrayEquals(new float[] {0, 2, 3, 0, 5, 6, 7}, z.backward(raw, null, upstream).data().asFloat(), 0f);
    assertThrows(IllegalArgumentException.class, () -> z.apply(Nd4j.zeros(1, 5), null), "the pair lies outside the event");
    assertThrows(IllegalArgumentException.class, () -> new ZeroSuppression(L, THRESHOLD, 3, -1, 0.5, 2),
        "a pair inside the amounts");
  }

  @Test
  void theEnergyLabelScalesTheThreshold() {
    // label ln(physical / encoded) = ln 2: an encoded 0.6 is 1.2 physical, above the threshold of 1
    INDArray raw = encoded(0.4, 0.6);
    INDArray labels = Nd4j.create(new float[] {(float) Math.log(2)}, new long[] {1, 1}, 'c');
    float[] kept = new ZeroSuppression(L, THRESHOLD, 2, 0, 1).apply(raw, labels).data().asFloat();
    assertEquals(0f, kept[0], 0f);
    assertEquals(raw.getFloat(0, 1), kept[1], 0f);
  }

  @Test
  void readsItsJsonAndTheLegacyMaskFlag() throws Exception {
    ZeroSuppression z = new ZeroSuppression(L, THRESHOLD, 6, 0, 0.5, 6);
    assertEquals(z, Json.mapper().readValue(Json.mapper().writeValueAsString(z), ZeroSuppression.class));
    String legacy = "{\"logScale\":2.0,\"threshold\":1.0,\"columns\":6,\"energyLabel\":0,\"maskGradient\":%s}";
    assertEquals(1.0, Json.mapper().readValue(String.format(legacy, "true"), ZeroSuppression.class).gradientFloor());
    assertEquals(0.0, Json.mapper().readValue(String.format(legacy, "false"), ZeroSuppression.class).gradientFloor());
    assertEquals(0, Json.mapper().readValue(String.format(legacy, "true"), ZeroSuppression.class).pairedOffset());
  }

  @Test
  void rejectsAFloorOutsideZeroToOne() {
    assertThrows(IllegalArgumentException.class, () -> new ZeroSuppression(L, THRESHOLD, 6, -1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new ZeroSuppression(L, THRESHOLD, 6, -1, Double.NaN));
  }
}
