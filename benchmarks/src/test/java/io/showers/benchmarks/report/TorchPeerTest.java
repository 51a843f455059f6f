package io.showers.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.showers.generative.nn.Activation;
import io.showers.generative.nn.DenseSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PyTorch peer's process handling and output parsing (without torch), and a real run where torch exists. */
class TorchPeerTest {
  @TempDir Path dir;

  static final DenseSpec SPEC = new DenseSpec(new int[] {5, 8, 3}, Activation.LEAKY_RELU, Activation.IDENTITY, 0.2);

  /** A stand-in interpreter: a shell script that prints {@code body} (with the environment expanded). */
  private Path fakePython(String body) throws Exception {
    Path p = dir.resolve("python3");
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void parsesRowsVersionAndBlas() {
    TorchPeer.Result r = TorchPeer.parse("warning from torch\n{\"torch\": \"1.13.1\", \"threads\": 2, \"blas\":"
        + " \"/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3\", \"rows\": [{\"batch\": 1, \"ms\": [0.5, 0.4]},"
        + " {\"batch\": 1000, \"ms\": [0.03]}]}\n", 0, "");
    assertNull(r.unavailable());
    assertArrayEquals(new double[] {0.5, 0.4}, r.msPerShower().get(1));
    assertArrayEquals(new double[] {0.03}, r.msPerShower().get(1000));
    assertEquals("PyTorch 1.13.1, OpenBLAS", r.describe());
    assertFalse(r.referenceBlas());
  }

  @Test
  void referenceBlasIsFlagged() {
    TorchPeer.Result r = TorchPeer.parse("{\"torch\": \"1.13.1\", \"blas\": \"/usr/lib/x86_64-linux-gnu/blas/libblas.so.3\","
        + " \"rows\": [{\"batch\": 1, \"ms\": [1.0]}]}", 0, "");
    assertTrue(r.referenceBlas());
    assertTrue(r.describe().contains("reference BLAS"), r.describe());
  }

  @Test
  void errorsBecomeReasons() {
    assertEquals("python3 cannot import torch (ModuleNotFoundError: x)",
        TorchPeer.parse("{\"error\": \"python3 cannot import torch (ModuleNotFoundError: x)\"}", 0, "").unavailable());
    String crash = TorchPeer.parse("", 1, "Traceback\nRuntimeError: boom\n").unavailable();
    assertTrue(crash.contains("exit 1") && crash.endsWith("RuntimeError: boom"), crash);
    assertTrue(TorchPeer.parse("{not json", 0, "").unavailable().contains("unreadable"));
    assertTrue(TorchPeer.parse("{\"rows\": [{\"batch\": 1, \"ms\": []}]}", 0, "").unavailable().contains("no iterations"));
  }

  @Test
  void passesTheArchitectureAndThreadsToTheInterpreter() throws Exception {
    // the fake interpreter echoes its thread environment and the config's sizes back as a result
    Path py = fakePython("printf '{\"torch\": \"fake-%s-%s\", \"blas\": \"x\", \"rows\": [{\"batch\": 7, \"ms\": [1]}]}\\n'"
        + " \"$OMP_NUM_THREADS\" \"$OPENBLAS_NUM_THREADS\"\n"
        + "case \"$2\" in *'\"sizes\":[5,8,3]'*'\"threads\":3'*'\"batches\":[7]'*) ;; *) echo \"bad config $2\" >&2; exit 3;; esac");
    TorchPeer.Result r = TorchPeer.run(py, SPEC, 3, new int[] {7}, 1, 0.01, 0.0);
    assertNull(r.unavailable(), r.unavailable());
    assertEquals("fake-3-3", r.version());
    assertArrayEquals(new double[] {1}, r.msPerShower().get(7));
  }

  @Test
  void missingInterpreterOrCrashIsAReason() throws Exception {
    assertTrue(TorchPeer.run(dir.resolve("nope"), SPEC, 1, new int[] {1}, 1, 0.01, 0).unavailable().contains("not found"));
    Path py = fakePython("echo 'ImportError: no torch' >&2; exit 2");
    String why = TorchPeer.run(py, SPEC, 1, new int[] {1}, 1, 0.01, 0).unavailable();
    assertTrue(why.contains("exit 2") && why.contains("ImportError"), why);
  }

  @Test
  void scriptBuildsEveryActivationOfTheSpec() {
    String s = TorchPeer.script();
    for (Activation a : Activation.values()) {
      assertTrue(s.contains("'" + a.name() + "'"), a + " missing from the script");
    }
    assertTrue(s.contains("torch.set_num_threads(cfg['threads'])"));
  }

  /** The real thing, only where /usr/bin/python3 can import torch. */
  @Test
  void realPeerTimesTheNetworkWhenTorchIsInstalled() {
    TorchPeer.Result r = TorchPeer.run(SPEC, 1, new int[] {1, 10}, 2, 0.05, 0.05);
    assumeTrue(r.unavailable() == null || !(r.unavailable().contains("cannot import torch")
        || r.unavailable().contains("not found")), "no python3 with torch: " + r.unavailable());
    assertNull(r.unavailable(), r.unavailable());
    assertEquals(2, r.msPerShower().get(10).length);
    assertTrue(r.msPerShower().get(10)[0] > 0);
  }
}
