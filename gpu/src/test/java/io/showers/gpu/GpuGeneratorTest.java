package io.showers.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterEvents;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU generator: agreement with the CPU implementation, batch independence and reproducibility (these need an
 * NVIDIA GPU and the CUDA 13 libraries and are skipped without them: CI has no GPU); and, everywhere, a clear error
 * and exit code when there is none.
 */
class GpuGeneratorTest {

  /** Every stage of the check batch agrees with the CPU implementation within {@link Agreement}'s tolerances. */
  @Test
  void agreesWithTheCpuImplementation() {
    assumeTrue(Cuda.available(), "no CUDA device");
    try (GpuCalorimeterGenerator g = new GpuCalorimeterGenerator(ExportedCalorimeter.read(
        ExportedCalorimeterTest.SHIPPED), true)) {
      Agreement a = Agreement.measure(g);
      assertTrue(a.passes(), a.report());
      assertTrue(a.litCells() > 1000, a.report());
    }
  }

  /** An event's shower does not depend on the batch it is generated in, and a second run repeats it bit for bit. */
  @Test
  void eventsDoNotDependOnTheBatch() {
    assumeTrue(Cuda.available(), "no CUDA device");
    try (GpuCalorimeterGenerator g = new GpuCalorimeterGenerator(ExportedCalorimeter.read(
        ExportedCalorimeterTest.SHIPPED), false)) {
      // 5000 events: three row blocks on three streams; the slice lies in the third block, alone in the first
      int n = 5000;
      CalorimeterBeam beam = CalorimeterBeam.allocate(n);
      for (int k = 0; k < n; k++) {
        beam.energyGeV()[k] = 20 + (k * 7) % 71;
        beam.impactMm()[2 * k] = (float) (3 * Math.sin(k));
        beam.impactMm()[2 * k + 1] = (float) (3 * Math.cos(k));
        beam.particlePdg()[k] = 11;
      }
      CalorimeterEvents all = g.generate(beam, 42, 1000);
      CalorimeterEvents again = g.generate(beam, 42, 1000);
      assertArrayEquals(all.showersMip(), again.showersMip());
      int from = 4100;
      int to = 4109;
      CalorimeterEvents part = g.generate(beam.slice(from, to), 42, 1000 + from);
      int cells = all.cells();
      for (int i = 0; i < (to - from) * cells; i++) {
        assertEquals(all.showersMip()[from * cells + i], part.showersMip()[i], "cell " + i);
      }
      double sum = 0;
      for (float v : part.showersMip()) {
        sum += v;
      }
      assertTrue(sum > 0, "showers deposit energy");
    }
  }

  /** Without a GPU (as in CI) the commands stop with one line and exit code 4; a bad model path exits 2 first. */
  @Test
  void commandsExplainAMissingGpuOrModel(@TempDir Path dir) {
    int rc = GpuMain.execute("generate", "calorimeter", "--model", dir.toString(), "-n", "5", "-o",
        dir.resolve("x.h5").toString());
    assertEquals(GpuMain.EXIT_BAD_INPUT, rc);
    // a bad option is refused before any GPU is looked for
    assertEquals(GpuMain.EXIT_BAD_INPUT, GpuMain.execute("generate", "calorimeter", "-n", "0", "-o",
        dir.resolve("y.h5").toString()));
    if (!Cuda.available()) {
      assertEquals(GpuMain.EXIT_NO_GPU, GpuMain.execute("verify", "--model", ExportedCalorimeterTest.SHIPPED.toString()));
      assertThrows(Cuda.CudaException.class, Cuda::init);
    }
  }
}
