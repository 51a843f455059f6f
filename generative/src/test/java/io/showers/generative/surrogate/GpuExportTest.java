package io.showers.generative.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.showers.datasets.DatasetException;
import io.showers.generative.nn.DenseNet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU module's export of a trained surrogate: complete, current, readable by HDF5, and refused where unsupported. */
class GpuExportTest {
  private static final Path MODELS = Path.of("..", "models");
  /** The shipped model the GPU path runs (the calorimeter model before counting spread). */
  private static final String GPU_MODEL = "calorimeter-wgan-gpu";

  /**
   * The shipped export is the shipped model's: re-exporting gives the same weights bit for bit and the same check
   * batch outputs to float32 rounding (the CPU generator is reproducible; the tolerance covers another CPU's BLAS
   * kernels), so the file in the repository cannot drift from the model beside it.
   */
  @Test
  void shippedExportIsCurrent(@TempDir Path dir) throws IOException {
    Path fresh = dir.resolve("fresh.h5");
    GpuExport.write(SurrogateModel.load(MODELS.resolve(GPU_MODEL)), fresh, false);
    try (HdfFile a = new HdfFile(MODELS.resolve(GPU_MODEL).resolve(GpuExport.FILE_NAME));
        HdfFile b = new HdfFile(fresh)) {
      assertAttributesEqual(a, b);
      List<String> paths = new ArrayList<>();
      datasets(a, paths);
      assertTrue(paths.size() >= 20, "datasets: " + paths);
      for (String p : paths) {
        double[] x = flat(((Dataset) a.getByPath(p)).getData());
        double[] y = flat(((Dataset) b.getByPath(p)).getData());
        assertEquals(x.length, y.length, p);
        if (p.contains("check/")) {
          for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], y[i], 1e-5 * (1 + Math.abs(x[i])), p + "[" + i + "]");
          }
        } else {
          assertArrayEquals(x, y, p);
        }
      }
    }
  }

  /** The exported layers are the network's: weight [in × out] and bias, layer by layer. */
  @Test
  void exportHoldsTheNetworkAsRowMajorWeights(@TempDir Path dir) {
    SurrogateModel<?, ?> m = SurrogateModel.load(MODELS.resolve(GPU_MODEL));
    Path file = dir.resolve("e.h5");
    GpuExport.write(m, file, false);
    DenseNet net = m.generator().net();
    try (HdfFile h5 = new HdfFile(file)) {
      for (int l = 0; l < net.spec().layers(); l++) {
        float[][] w = (float[][]) ((Dataset) h5.getByPath("generator/layer" + l + "/weight")).getData();
        float[] b = (float[]) ((Dataset) h5.getByPath("generator/layer" + l + "/bias")).getData();
        assertEquals(net.spec().size(l), w.length);
        assertEquals(net.spec().size(l + 1), w[0].length);
        assertEquals(net.weight(l).getFloat(3, 5), w[3][5]);
        assertEquals(net.weight(l).getFloat(w.length - 1, 0), w[w.length - 1][0]);
        assertArrayEquals(net.bias(l).toFloatVector(), b);
      }
      assertEquals(GpuExport.CHECK_EVENTS, ((Dataset) h5.getByPath("check/cells_mip")).getDimensions()[0]);
    }
  }

  /** The standard HDF5 library (h5py) opens the export and sees the documented layout. */
  @Test
  void exportOpensInTheHdf5Library(@TempDir Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("e.h5");
    GpuExport.write(SurrogateModel.load(MODELS.resolve(GPU_MODEL)), file, false);
    String script = """
        import sys, json, h5py
        def text(v):
            return v.decode() if isinstance(v, bytes) else str(v)
        f = h5py.File(sys.argv[1], "r")
        assert text(f.attrs["format"]) == "showers-gpu-generator", f.attrs["format"]
        stages = [s["stage"] for s in json.loads(text(f.attrs["pipeline"]))]
        assert stages[0] == "noise" and stages[-1] == "decode", stages
        w = f["generator/layer2/weight"]
        assert w.dtype == "float32" and w.shape == (512, 1268), (w.dtype, w.shape)
        assert f["check/cells_mip"].shape[1] == 7 * 12 * 15
        print(text(f["transverse_prior"].attrs["profile"]))
        """;
    Path py = dir.resolve("check.py");
    Files.writeString(py, script);
    Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "h5py check failed (python3-h5py installed? .ci/run installs it):\n" + out);
    assertEquals("GFLASH", out);
  }

  /** A model whose head the GPU kernels do not implement is refused with what it uses, and nothing is written. */
  @Test
  void unsupportedModelIsRefusedWithTheReason(@TempDir Path dir) {
    Path file = dir.resolve("air.h5");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GpuExport.write(SurrogateModel.load(MODELS.resolve("airshower-wgan")), file, false));
    assertTrue(e.getMessage().contains("calorimeter") && e.getMessage().contains("CPU path"), e.getMessage());
    assertTrue(Files.notExists(file));
  }

  /** The shipped CPU calorimeter model draws per-cell counting noise, which the kernels do not implement: refused. */
  @Test
  void countingSpreadIsRefused(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GpuExport.write(SurrogateModel.load(MODELS.resolve("calorimeter-wgan")), dir.resolve("c.h5"), false));
    assertTrue(e.getMessage().contains("counting spread"), e.getMessage());
  }

  /** An existing file is kept unless overwriting is asked for. */
  @Test
  void existingFileIsNotOverwrittenWithoutForce(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("e.h5");
    Files.writeString(file, "precious");
    SurrogateModel<?, ?> m = SurrogateModel.load(MODELS.resolve(GPU_MODEL));
    assertThrows(DatasetException.class, () -> GpuExport.write(m, file, false));
    assertEquals("precious", Files.readString(file));
    GpuExport.write(m, file, true);
    assertTrue(Files.size(file) > 1_000_000);
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  /** Every attribute of every group and dataset, recursively, the same in both files. */
  private static void assertAttributesEqual(Node a, Node b) {
    assertEquals(a.getAttributes().keySet(), b.getAttributes().keySet(), a.getPath());
    for (String name : a.getAttributes().keySet()) {
      assertTrue(java.util.Objects.deepEquals(a.getAttribute(name).getData(), b.getAttribute(name).getData()),
          a.getPath() + " attribute " + name + ": " + a.getAttribute(name).getData() + " vs "
              + b.getAttribute(name).getData());
    }
    if (a instanceof Group g) {
      for (Node child : g.getChildren().values()) {
        assertAttributesEqual(child, ((Group) b).getChild(child.getName()));
      }
    }
  }

  private static void datasets(Group g, List<String> out) {
    for (Node n : g.getChildren().values()) {
      if (n instanceof Dataset d) {
        out.add(d.getPath());
      } else if (n instanceof Group c) {
        datasets(c, out);
      }
    }
  }

  private static double[] flat(Object data) {
    List<Double> v = new ArrayList<>();
    add(data, v);
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void add(Object data, List<Double> v) {
    if (data instanceof float[] f) {
      for (float x : f) {
        v.add((double) x);
      }
    } else if (data instanceof double[] d) {
      for (double x : d) {
        v.add(x);
      }
    } else if (data instanceof Object[] rows) {
      for (Object r : rows) {
        add(r, v);
      }
    } else {
      throw new AssertionError("unexpected array type " + data.getClass());
    }
  }
}
