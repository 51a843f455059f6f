package io.showers.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that our files open in the standard HDF5 C library: h5py (Debian's python3-h5py,
 * installed by .ci/run) checks keys, shapes, dtypes, attributes and values.
 */
class Hdf5InteropTest {
  @TempDir Path dir;

  private static final String CHECK = """
      import h5py, json, math, sys
      path, kind = sys.argv[1], sys.argv[2]
      f = h5py.File(path, "r")
      a = dict(f.attrs)
      s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
      assert s(a["schema"]) == "showers.%s/1" % kind, a["schema"]
      det = json.loads(s(a["detector"]))
      assert det["detector"] == kind, det
      assert int(a["seed"]) == 42 and "created" in a and "producer" in a
      if kind == "calorimeter":
          assert f["showers"].shape == (5, 7, 12, 15) and f["showers"].dtype == "float32"
          assert f["incident_energies"].shape == (5, 1) and f["particle"].dtype == "int32"
          assert f["showers"].compression == "gzip" and f["showers"].chunks is not None
          assert list(f["incident_energies"][:, 0]) == [20.0, 30.0, 40.0, 50.0, 60.0]
          assert s(f["showers"].attrs["units"]) == "MIP"
          print("%.6f" % float(f["showers"][3, 2, 5, 7]))
      else:
          assert f["signal"].shape == (4, 14, 14) and f["time"].dtype == "float32"
          assert f["traces"].shape == (4, 14, 14, 80)
          assert f["showeraxis"].shape == (4, 3) and f["showercore"].shape == (4, 2)
          sig = f["signal"][...]
          nan = int((sig != sig).sum())
          tnan = int((f["time"][...] != f["time"][...]).sum())
          assert nan == tnan, (nan, tnan)
          print("%d %.6f" % (nan, float(f["xmax"][2])))
      """;

  private static String python(Path script, Path file, String kind) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), file.toString(), kind)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(60, TimeUnit.SECONDS);
    if (p.exitValue() != 0) {
      throw new AssertionError("h5py check failed (is python3-h5py installed? .ci/run installs it):\n" + out);
    }
    return out;
  }

  @Test
  void calorimeterFileOpensInH5py() throws Exception {
    var e = TestEvents.calorimeter(5, 3);
    Path f = dir.resolve("c.h5");
    ShowerFileWriter.write(f, e, TestEvents.meta(CalorimeterConfig.defaults()), false);
    Path script = Files.writeString(dir.resolve("check.py"), CHECK);
    int cell = 3 * 1260 + 2 * 180 + 5 * 15 + 7;
    assertEquals(String.format("%.6f", e.showersMip()[cell]), python(script, f, "calorimeter"));
  }

  @Test
  void airShowerFileOpensInH5py() throws Exception {
    var e = TestEvents.airShower(4, true, 3);
    Path f = dir.resolve("a.h5");
    ShowerFileWriter.write(f, e, TestEvents.meta(ArrayConfig.defaults()), false);
    Path script = Files.writeString(dir.resolve("check.py"), CHECK);
    int nan = 0;
    for (float v : e.signalVem()) {
      nan += Float.isNaN(v) ? 1 : 0;
    }
    assertEquals(nan + String.format(" %.6f", e.xmaxGcm2()[2]), python(script, f, "airshower"));
  }
}
