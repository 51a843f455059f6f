package io.showers.detector.airshower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.showers.detector.Production;
import io.showers.detector.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same seed, same bits: whatever the threads, batch sizes or shards. */
class ReproducibilityTest {
  final PrimarySampler sampler = new PrimarySampler(PrimarySampler.Options.defaults());

  AirShowerEvents produce(AirShowerSimulator sim, long seed, long first, int n, int batch, int threads) {
    List<AirShowerEvents> parts = new ArrayList<>();
    Production.run(sampler, sim, seed, first, n, batch, threads, parts::add, ProgressListener.NONE);
    return AirShowerEvents.concat(parts);
  }

  static int[] bits(float[] a) {
    if (a == null) {
      return null;
    }
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToRawIntBits(a[i]);
    }
    return b;
  }

  static void assertSameBits(AirShowerEvents a, AirShowerEvents b) {
    assertEquals(a.size(), b.size());
    assertArrayEquals(bits(a.signalVem()), bits(b.signalVem()), "signal");
    assertArrayEquals(bits(a.timeUs()), bits(b.timeUs()), "time");
    assertArrayEquals(bits(a.tracesVem()), bits(b.tracesVem()), "traces");
    assertArrayEquals(bits(a.energyEeV()), bits(b.energyEeV()), "energy");
    assertArrayEquals(bits(a.showerAxis()), bits(b.showerAxis()), "showeraxis");
    assertArrayEquals(bits(a.showerCoreM()), bits(b.showerCoreM()), "showercore");
    assertArrayEquals(bits(a.xmaxGcm2()), bits(b.xmaxGcm2()), "xmax");
    assertArrayEquals(bits(a.massA()), bits(b.massA()), "mass");
  }

  void check(AirShowerSimulator sim, int n) {
    AirShowerEvents one = produce(sim, 42, 0, n, n, 1);
    AirShowerEvents two = produce(sim, 42, 0, n, 7, 2);
    AirShowerEvents other = produce(sim, 42, 0, n, 3, 2);
    assertSameBits(one, two);
    assertSameBits(one, other);
    // shards: [0, 11) and [11, n) produced separately
    AirShowerEvents shards = AirShowerEvents.concat(List.of(
        produce(sim, 42, 0, 11, 4, 2), produce(sim, 42, 11, n - 11, 5, 1)));
    assertSameBits(one, shards);
    // and a new simulator instance gives the same again
    assertSameBits(one, produce(new AirShowerSimulator(sim.array(), sim.options()), 42, 0, n, 9, 2));
    // a different seed does not
    assertFalse(java.util.Arrays.equals(bits(one.signalVem()), bits(produce(sim, 43, 0, n, n, 1).signalVem())));
  }

  @Test
  void referenceWithTraces() {
    check(new AirShowerSimulator(ArrayConfig.defaults(),
        AirShowerSimulator.Options.defaults().withTraces(true).withCurvedFront(true)), 24);
  }

  @Test
  void fast() {
    check(new AirShowerSimulator(ArrayConfig.defaults(), AirShowerSimulator.Options.fast()), 200);
  }

  @Test
  void fastDataProfile() {
    check(new AirShowerSimulator(ArrayConfig.defaults(),
        AirShowerSimulator.Options.fast().withRealism(RealismProfile.data())), 100);
  }
}
