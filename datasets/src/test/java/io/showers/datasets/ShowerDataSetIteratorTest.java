package io.showers.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.showers.datasets.nd4j.Featurizer;
import io.showers.datasets.nd4j.ShowerDataSetIterator;
import io.showers.detector.ProgressListener;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

class ShowerDataSetIteratorTest {
  @TempDir Path dir;

  @Test
  void streamsEveryEventOncePerEpochAcrossShardsInAShuffledReproducibleOrder() {
    Path out = dir.resolve("c.h5");
    ShardedProduction.run(TestEvents.BEAM, TestEvents.TOY, new ShardPlan(out, 50, 20, 0, 1), 3L, 1, 16, false, ProgressListener.NONE);
    try (ShowerDataset d = ShowerDataset.open(out)) {
      CalorimeterEvents all = (CalorimeterEvents) d.readAll();
      ShowerDataSetIterator it = new ShowerDataSetIterator(d, Featurizer.calorimeterCells(7, 12, 15), 8, 5L);
      List<Float> epoch1 = energies(it);
      it.reset();
      List<Float> epoch2 = energies(it);
      assertEquals(50, epoch1.size());
      List<Float> sorted1 = new ArrayList<>(epoch1);
      sorted1.sort(null);
      List<Float> expected = new ArrayList<>();
      for (float e : all.incidentEnergyGeV()) {
        expected.add(e);
      }
      expected.sort(null);
      assertEquals(expected, sorted1);
      assertNotEquals(epoch1, epoch2); // a new order each epoch
      ShowerDataSetIterator again = new ShowerDataSetIterator(d, Featurizer.calorimeterCells(7, 12, 15), 8, 5L);
      assertEquals(epoch1, energies(again)); // same seed, same order
    }
  }

  private static List<Float> energies(ShowerDataSetIterator it) {
    List<Float> out = new ArrayList<>();
    while (it.hasNext()) {
      DataSet ds = it.next();
      assertEquals(4, ds.getFeatures().rank());
      assertEquals(7, ds.getFeatures().size(1));
      for (float e : ds.getLabels().getColumn(0).toFloatVector()) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void airShowerFeaturesEncodeTriggerAsMaskAndLogSignal() {
    AirShowerEvents e = TestEvents.airShower(3, false, 9);
    DataSet ds = ShowerDataSetIterator.toDataSet(e, Featurizer.airShowerStations(14));
    assertArrayEquals(new long[] {3, 3, 14, 14}, ds.getFeatures().shape());
    for (int s = 0; s < 196; s++) {
      int row = s / 14;
      int col = s % 14;
      float sig = e.signalVem()[196 + s];
      float logS = ds.getFeatures().getFloat(1, 0, row, col);
      float mask = ds.getFeatures().getFloat(1, 2, row, col);
      if (Float.isNaN(sig)) {
        assertEquals(0f, mask);
        assertEquals(0f, logS);
      } else {
        assertEquals(1f, mask);
        assertEquals(Math.log10(1 + sig), logS, 1e-6);
        assertEquals(e.timeUs()[196 + s], ds.getFeatures().getFloat(1, 1, row, col), 0f);
      }
    }
    assertEquals(e.energyEeV()[2], ds.getLabels().getFloat(2, 0), 0f);
  }

  @Test
  void nextWithAnyCountReturnsEveryEventOnceInTheEpochOrder() {
    Path out = dir.resolve("c.h5");
    ShardedProduction.run(TestEvents.BEAM, TestEvents.TOY, new ShardPlan(out, 50, 1000, 0, 1), 3L, 1, 16, false, ProgressListener.NONE);
    try (ShowerDataset d = ShowerDataset.open(out)) {
      List<Float> blocks = energies(new ShowerDataSetIterator(d, Featurizer.calorimeterCells(7, 12, 15), 8, 5L));
      ShowerDataSetIterator it = new ShowerDataSetIterator(d, Featurizer.calorimeterCells(7, 12, 15), 8, 5L);
      List<Float> odd = new ArrayList<>();
      int[] counts = {3, 13, 1, 20, 50};
      for (int i = 0; it.hasNext(); i++) {
        DataSet ds = it.next(counts[i % counts.length]);
        assertEquals(Math.min(counts[i % counts.length], 50 - odd.size()), ds.getFeatures().size(0));
        for (float e : ds.getLabels().getColumn(0).toFloatVector()) {
          odd.add(e);
        }
      }
      assertEquals(blocks, odd);
    }
  }
}
