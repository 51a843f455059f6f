package io.showers.benchmarks;

import io.showers.datasets.nd4j.NativeBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** What a benchmark ran on: CPU, threads, JVM, and the ND4J binary and BLAS actually loaded. */
public final class MachineInfo {
  private MachineInfo() {}

  /** A flat description for reports (call after {@link NativeBinary#select()}). */
  public static Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpu", NativeBinary.cpuModel());
    m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("nd4j.binary", NativeBinary.describe());
    Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
    m.put("nd4j.backend", String.valueOf(env.get("backend")));
    m.put("blas", env.get("blas.vendor") + ", " + env.get("blas.threads") + " threads");
    m.put("omp.threads", String.valueOf(env.get("omp.threads")));
    String core = System.getenv("OPENBLAS_CORETYPE");
    m.put("OPENBLAS_CORETYPE", core == null ? "(auto)" : core);
    return m;
  }

  /** Peak resident memory of this process in MiB (VmHWM), or -1 where unknown. */
  public static double peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
