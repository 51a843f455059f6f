package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerDataset;
import io.showers.datasets.ShowerFileWriter;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.RealismProfile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Footprint-level air-shower refinement: identity, a known signal scale, files. Small and fast. */
class AirShowerRefinerTest {
  @TempDir Path dir;

  static RefinerTraining.Settings fast(int steps) {
    return RefinerTraining.Settings.defaults().withSteps(steps).withLearningRate(1e-3).withSeed(3);
  }

  /** Mean log10(S_refined / S) over the stations triggered before and after refinement. */
  static double meanLogChange(AirShowerEvents in, AirShowerEvents out) {
    double s = 0;
    int n = 0;
    for (int i = 0; i < in.signalVem().length; i++) {
      float a = in.signalVem()[i];
      float b = out.signalVem()[i];
      if (!Float.isNaN(a) && !Float.isNaN(b)) {
        s += Math.log10(b / a);
        n++;
      }
    }
    return s / n;
  }

  /**
   * A station the refiner may create starts on the shower front and at the signal the lateral
   * distribution predicts from its neighbours, under the threshold (it did not trigger). Next to the
   * footprint's edge its triggered neighbours all lie on one side: their mean time is a station step
   * off a plane front, and their mean signal is well above the station's.
   */
  @Test
  void aCandidateStationStartsOnTheFrontAndTheLateralDistribution() {
    int side = TestEvents.ARRAY.stationsPerSide();
    int st = side * side;
    AirShowerRefiner r = AirShowerRefiner.initialise(TestEvents.ARRAY, new int[] {8}, new boolean[st], true, 1);
    float threshold = r.threshold();
    for (double uAtEdge : new double[] {0.9 * threshold, 1.3 * threshold}) {
      float[] x = new float[2 * st];
      for (int row = 0; row < side; row++) {
        for (int col = 0; col < side / 2; col++) {
          // u = log10(1 + S)/4 falling linearly towards the edge: a power-law lateral distribution
          x[row * side + col] = (float) (uAtEdge + 0.05 * (side / 2 - col));
          x[st + row * side + col] = plane(row, col);
        }
      }
      UnitFeatures u = r.features(x, 1, new io.showers.generative.nn.Rng(1));
      float expectedU = (float) Math.min(uAtEdge, Math.nextDown(threshold));
      for (int row = 0; row < side; row++) {
        int s = row * side + side / 2;
        assertEquals(plane(row, side / 2), u.base()[st + s], 1e-5, "front time at the untriggered station " + s);
        assertEquals(expectedU, u.base()[s], 1e-5, "lateral estimate at the untriggered station " + s);
        assertTrue(u.base()[s] < threshold, "a station that did not trigger starts under the threshold");
      }
    }
  }

  /** A plane front's arrival time in µs at a grid position (inclined in both directions). */
  private static float plane(int row, int col) {
    return 4f + 0.9f * col - 0.4f * row;
  }

  private static double triggered(AirShowerEvents e) {
    int n = 0;
    for (float v : e.signalVem()) {
      n += Float.isNaN(v) ? 0 : 1;
    }
    return n;
  }

  @Test
  void recoversAKnownSignalScale() {
    AirShowerEvents sim = TestEvents.airShowers(RealismProfile.sim(), 600, 11);
    AirShowerEvents data = TestEvents.scaled(TestEvents.airShowers(RealismProfile.sim(), 600, 12), 1.2);
    AirShowerRefiner r = RefinerTraining.train(TestEvents.ARRAY, sim, data, fast(150), null);
    AirShowerEvents test = TestEvents.airShowers(RealismProfile.sim(), 400, 13);
    double shift = meanLogChange(test, r.apply(test, 1));
    double expected = Math.log10(1.2);
    System.out.printf("air shower x1.2: mean log10(S'/S) %.4f, expected %.4f%n", shift, expected);
    assertEquals(expected, shift, 0.35 * expected);
  }

  @Test
  void staysNearTheIdentityWhenDataEqualsSimulation() {
    AirShowerEvents sim = TestEvents.airShowers(RealismProfile.sim(), 600, 21);
    AirShowerEvents data = TestEvents.airShowers(RealismProfile.sim(), 600, 22);
    AirShowerRefiner r = RefinerTraining.train(TestEvents.ARRAY, sim, data, fast(150), null);
    AirShowerEvents test = TestEvents.airShowers(RealismProfile.sim(), 400, 23);
    AirShowerEvents refined = r.apply(test, 1);
    double shift = meanLogChange(test, refined);
    double before = triggered(test);
    double after = triggered(refined);
    System.out.printf("air shower identity: mean log10(S'/S) %.4f (x1.2 would be %.4f), dead %d, triggered %d -> %d%n",
        shift, Math.log10(1.2), r.deadStationCount(), (int) before, (int) after);
    assertTrue(Math.abs(shift) < 0.3 * Math.log10(1.2), "shift " + shift);
    // the data-like profile's muon excess adds about 10% triggered stations, and free proposals for
    // untriggered stations created 19% too many; the identity stays within half of the former
    assertEquals(before, after, 0.05 * before, "triggered stations");
    assertEquals(0, r.deadStationCount());
  }

  @Test
  void refinedFilesValidateKeepLabelsAndObeyTheTriggerRule() throws Exception {
    AirShowerEvents simEvents = TestEvents.airShowers(RealismProfile.sim(), 300, 31);
    Path sim = dir.resolve("sim.h5");
    Path data = dir.resolve("data.h5");
    ShowerFileWriter.write(sim, simEvents, FileMetadata.of(TestEvents.ARRAY, "{\"name\":\"airshower-fast\"}", 31, 0), false);
    ShowerFileWriter.write(data, TestEvents.airShowers(RealismProfile.data(), 300, 32),
        FileMetadata.of(TestEvents.ARRAY, "{\"name\":\"airshower-fast\"}", 32, 0), false);
    Path model = dir.resolve("refiner");
    Refiner trained = Refinement.train(List.of(sim), List.of(data), fast(20), model, false, null);
    assertTrue(trained instanceof AirShowerRefiner);
    AirShowerRefiner loaded = (AirShowerRefiner) Refiner.load(model);
    assertArrayEquals(((AirShowerRefiner) trained).apply(simEvents, 5).signalVem(), loaded.apply(simEvents, 5).signalVem());

    Path out = dir.resolve("refined.h5");
    assertEquals(300, Refinement.apply(model, sim, out, false, n -> {}).events());
    RuntimeException again = assertThrows(RuntimeException.class, () -> Refinement.apply(model, sim, out, false, n -> {}));
    assertTrue(again.getMessage().contains("--force"), again.getMessage());
    assertEquals(1, again.getMessage().lines().count());
    try (ShowerDataset s = ShowerDataset.open(sim); ShowerDataset f = ShowerDataset.open(out)) {
      AirShowerEvents a = (AirShowerEvents) s.readAll();
      AirShowerEvents b = (AirShowerEvents) f.readAll();
      assertEquals(s.detector(), f.detector());
      assertTrue(f.metadata().producer().contains(AirShowerRefiner.KIND), f.metadata().producer());
      assertArrayEquals(a.energyEeV(), b.energyEeV());
      assertArrayEquals(a.showerAxis(), b.showerAxis());
      assertArrayEquals(a.showerCoreM(), b.showerCoreM());
      assertArrayEquals(a.xmaxGcm2(), b.xmaxGcm2());
      assertArrayEquals(a.massA(), b.massA());
      int st = a.side() * a.side();
      boolean[] dead = loaded.deadStations();
      for (int k = 0; k < a.size(); k++) {
        float first = Float.POSITIVE_INFINITY;
        for (int s1 = 0; s1 < st; s1++) {
          int i = k * st + s1;
          float v = b.signalVem()[i];
          assertEquals(Float.isNaN(v), Float.isNaN(b.timeUs()[i]), "station " + i);
          if (dead[s1] || (Float.isNaN(a.signalVem()[i]) && !nextToTriggered(a, k, s1))) {
            assertTrue(Float.isNaN(v), "dead or isolated untriggered station " + i + " = " + v);
          } else if (!Float.isNaN(v)) {
            assertTrue(v >= TestEvents.ARRAY.triggerThresholdVem(), "station " + i + " = " + v);
            first = Math.min(first, b.timeUs()[i]);
          }
        }
        assertTrue(first == 0f || first == Float.POSITIVE_INFINITY, "earliest time " + first);
      }
    }
  }

  private static boolean nextToTriggered(AirShowerEvents a, int event, int station) {
    int side = a.side();
    for (int j : new Grid(side).eight[station]) {
      if (!Float.isNaN(a.signalVem()[event * side * side + j])) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aCalorimeterFileGivenToAnAirShowerRefinerIsAOneLineError() throws Exception {
    AirShowerRefiner r = AirShowerRefiner.initialise(TestEvents.ARRAY, new int[] {8}, new boolean[TestEvents.ARRAY.stations()], true, 1);
    Path model = dir.resolve("m");
    r.save(model);
    Path cal = dir.resolve("cal.h5");
    ShowerFileWriter.write(cal, TestEvents.calorimeter(io.showers.detector.calorimeter.Realism.SIM, 5, 1, 50),
        FileMetadata.of(TestEvents.CONFIG, "{}", 1, 0), false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Refinement.apply(model, cal, dir.resolve("o.h5"), false, n -> {}));
    assertTrue(e.getMessage().contains("differs from the refiner's"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    Path air = dir.resolve("air.h5");
    ShowerFileWriter.write(air, TestEvents.airShowers(RealismProfile.sim(), 5, 2), FileMetadata.of(TestEvents.ARRAY, "{}", 2, 0),
        false);
    IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
        () -> Refinement.train(List.of(air), List.of(cal), fast(1), dir.resolve("x"), false, null));
    assertTrue(mixed.getMessage().contains("different detectors"), mixed.getMessage());
    assertEquals(1, mixed.getMessage().lines().count());
  }
}
