package io.showers.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

/** What this module's JVM may contain: JavaCPP 1.5.14 with the CUDA 13 presets, never ND4J or JavaCPP 1.5.7. */
class ClasspathTest {

  @Test
  void nd4jIsNotOnTheClasspath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.nd4j.linalg.factory.Nd4j"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.deeplearning4j.nn.conf.NeuralNetConfiguration"));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      assertTrue(!name.startsWith("nd4j") && !name.startsWith("openblas") && !name.contains("1.5.7"),
          "not for this JVM: " + entry);
    }
  }

  @Test
  void javacppIsTheCuda13Release() throws IOException {
    assertEquals("1.5.14", Loader.getVersion());
  }

  /** The fatbin in the jar was compiled from the kernel source as it is now (gpu/build-kernels.sh records the hash). */
  @Test
  void kernelFatbinIsCompiledFromTheCurrentSource() throws IOException, NoSuchAlgorithmException {
    byte[] source = Files.readAllBytes(Path.of("src/main/cuda/showers_kernels.cu"));
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
    try (InputStream in = Cuda.class.getResourceAsStream(Cuda.KERNELS + "")) {
      assertTrue(in != null && in.readAllBytes().length > 10_000, "fatbin resource present");
    }
    try (InputStream in = Cuda.class.getResourceAsStream("showers_kernels.cu.sha256")) {
      assertEquals(new String(in.readAllBytes()).trim(), hash,
          "src/main/cuda/showers_kernels.cu changed since the fatbin was built: run gpu/build-kernels.sh");
    }
  }
}
