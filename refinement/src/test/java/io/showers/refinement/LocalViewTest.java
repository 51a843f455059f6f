package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.airshower.RealismProfile;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.Realism;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The local critics' views of cells and stations: their gradients, and that the cell view exposes the cross-talk data show. */
class LocalViewTest {
  private static final CellSpace CODEC = CellSpace.fit(TestEvents.calorimeter(Realism.SIM, 50, 6, 50));

  @Test
  void cellGradientMatchesFiniteDifferencesAtHitCells() {
    float[] y = CODEC.encode(TestEvents.calorimeter(Realism.SIM, 1, 5, 50));
    checkGradient(new CalorimeterLocalView(TestEvents.CONFIG, CODEC.logScale()), y, 2, y.length);
  }

  @Test
  void stationGradientMatchesFiniteDifferencesAtTriggeredStations() {
    float[] all = StationSpace.encode(TestEvents.airShowers(RealismProfile.sim(), 20, 7));
    int st = TestEvents.ARRAY.stations();
    // the event with the most triggered stations
    int best = 0;
    int most = -1;
    for (int e = 0; e < 20; e++) {
      int n = 0;
      for (int s = 0; s < st; s++) {
        n += all[e * 2 * st + s] > 0 ? 1 : 0;
      }
      if (n > most) {
        most = n;
        best = e;
      }
    }
    float[] y = java.util.Arrays.copyOfRange(all, best * 2 * st, (best + 1) * 2 * st);
    // the third feature (fraction of triggered neighbours) is a count: no gradient
    checkGradient(new AirShowerLocalView(new Grid(TestEvents.ARRAY.stationsPerSide())), y, 2, st);
  }

  /**
   * {@code d(Σ d·features)/dy_i} against central differences at occupied values below {@code upTo}; the
   * first {@code smooth} features of each unit get random weights, the rest (counts, one-hots) none.
   */
  private static void checkGradient(LocalView view, float[] y, int smooth, int upTo) {
    int[] units = view.units(y, 1);
    int w = view.width();
    Random rnd = new Random(4);
    float[] d = new float[units.length * w];
    for (int k = 0; k < units.length; k++) {
      for (int c = 0; c < smooth; c++) {
        d[k * w + c] = (float) rnd.nextGaussian();
      }
    }
    float[] g = view.gradient(y, units, d);
    int tested = 0;
    for (int i = 0; i < upTo && tested < 60; i++) {
      if (y[i] <= 0) {
        continue; // an occupied unit stays occupied under the perturbation, so the shown units do not change
      }
      float h = 1e-3f * y[i];
      float[] p = y.clone();
      float[] m = y.clone();
      p[i] += h;
      m[i] -= h;
      double num = (dot(view, p, units, d) - dot(view, m, units, d)) / (p[i] - m[i]);
      assertEquals(num, g[i], 2e-2 * Math.abs(num) + 1e-4, "value " + i);
      tested++;
    }
    assertTrue(tested >= 20, "values checked: " + tested);
  }

  private static double dot(LocalView view, float[] y, int[] units, float[] d) {
    float[] f = view.input(y, units).data().asFloat();
    double s = 0;
    for (int k = 0; k < f.length; k++) {
      s += (double) f[k] * d[k];
    }
    return s;
  }

  /**
   * The same 200 showers read out without and with the data profile: data pass 2.5 % of a cell's signal
   * to each neighbour, so a cell next to more than 160 MIP (4 MIP of cross-talk, twice the threshold)
   * is almost never empty in data (measured 2 % of 600 showers), while simulation leaves about a quarter empty.
   */
  @Test
  void brightNeighbourhoodsAreRarelyEmptyInData() {
    CalorimeterLocalView view = new CalorimeterLocalView(TestEvents.CONFIG, CODEC.logScale());
    double sim = emptyFractionBesideBright(view, Realism.SIM);
    double data = emptyFractionBesideBright(view, Realism.DATA);
    assertTrue(sim > 0.15, "simulation: empty fraction beside > 160 MIP " + sim);
    assertTrue(data < sim / 5, "data " + data + " against simulation " + sim);
  }

  private static double emptyFractionBesideBright(CalorimeterLocalView view, Realism realism) {
    CalorimeterEvents e = TestEvents.calorimeter(realism, 200, 11, 20, 50, 90);
    float[] y = CODEC.encode(e);
    int[] units = view.units(y, e.size());
    float[] f = view.input(y, units).data().asFloat();
    int w = view.width();
    double bright = Math.log1p(160) / CODEC.logScale();
    int shown = 0;
    int empty = 0;
    for (int k = 0; k < units.length; k++) {
      if (f[k * w + 1] > bright) {
        shown++;
        empty += f[k * w] == 0 ? 1 : 0;
      }
    }
    assertTrue(shown > 500, "cells beside > 160 MIP: " + shown);
    return (double) empty / shown;
  }
}
