package io.showers.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.ProgressListener;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedProductionTest {
  @TempDir Path dir;

  private CalorimeterEvents single(int threads, int batch) {
    Path f = dir.resolve("single-" + threads + "-" + batch + ".h5");
    ShardedProduction.run(TestEvents.BEAM, TestEvents.TOY, new ShardPlan(f, 100, 1000, 0, 1),
        7L, threads, batch, false, ProgressListener.NONE);
    try (ShowerDataset d = ShowerDataset.open(f)) {
      return (CalorimeterEvents) d.readAll();
    }
  }

  @Test
  void identicalForAnyThreadCountAndBatchSize() {
    CalorimeterEvents a = single(1, 100);
    CalorimeterEvents b = single(2, 7);
    assertArrayEquals(a.showersMip(), b.showersMip());
    assertArrayEquals(a.incidentEnergyGeV(), b.incidentEnergyGeV());
  }

  @Test
  void shardsFromSeveralJobsEqualOneProduction() {
    CalorimeterEvents whole = single(1, 100);
    Path out = dir.resolve("calo.h5");
    AtomicLong done = new AtomicLong();
    for (int job = 0; job < 3; job++) {
      ShardedProduction.run(TestEvents.BEAM, TestEvents.TOY, new ShardPlan(out, 100, 30, job, 3),
          7L, 2, 16, false, done::addAndGet);
    }
    assertEquals(100, done.get());
    for (int j = 0; j < 4; j++) {
      assertTrue(Files.exists(dir.resolve(String.format("calo-%05d.h5", j))));
    }
    // the missing name opens its shards, in order
    try (ShowerDataset d = ShowerDataset.open(out)) {
      assertEquals(4, d.files().size());
      assertEquals(90L, d.files().get(3).metadata().firstEvent());
      CalorimeterEvents all = (CalorimeterEvents) d.readAll();
      assertArrayEquals(whole.showersMip(), all.showersMip());
      // a read across a shard boundary
      CalorimeterEvents across = (CalorimeterEvents) d.read(25, 10);
      assertArrayEquals(whole.slice(25, 35).showersMip(), across.showersMip());
      int seen = 0;
      for (var b : d.batches(33)) {
        seen += b.size();
      }
      assertEquals(100, seen);
    }
  }

  @Test
  void rerunKeepsCompleteShardsAndRefusesForeignOnes() throws Exception {
    Path out = dir.resolve("calo.h5");
    ShardPlan plan = new ShardPlan(out, 60, 30, 0, 1);
    ShardedProduction.run(TestEvents.BEAM, TestEvents.TOY, plan, 7L, 1, 16, false, ProgressListener.NONE);
    Path second = dir.resolve("calo-00001.h5");
    Files.delete(second); // a lost shard
    ShardedProduction.Result r =
        ShardedProduction.run(TestEvents.BEAM, TestEvents.TOY, plan, 7L, 1, 16, false, ProgressListener.NONE);
    assertEquals(List.of(dir.resolve("calo-00000.h5")), r.kept());
    assertEquals(List.of(second), r.written());
    // another seed would overwrite existing shards: refused without force
    DatasetException ex = assertThrows(DatasetException.class, () -> ShardedProduction.run(
        TestEvents.BEAM, TestEvents.TOY, plan, 8L, 1, 16, false, ProgressListener.NONE));
    assertTrue(ex.getMessage().contains("already exists; use --force"), ex.getMessage());
  }

  @Test
  void shardSpecIsValidated() {
    assertArrayEquals(new int[] {3, 10}, ShardPlan.parseJob("3/10"));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ShardPlan.parseJob("10/10"));
    assertTrue(ex.getMessage().contains("expected i/n"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ShardPlan.parseJob("a/b"));
    assertThrows(IllegalArgumentException.class, () -> new ShardPlan(dir.resolve("x.h5"), 0, 10, 0, 1));
  }
}
