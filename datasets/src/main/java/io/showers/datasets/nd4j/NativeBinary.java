package io.showers.datasets.nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses, before ND4J loads, the fastest libnd4j binary the CPU can run: the oneDNN AVX-512 or
 * AVX2 build (whose ops such as gemm and deconv2d run through oneDNN, several times faster than
 * the generic build), or the generic one. Running a binary built for instructions the CPU lacks
 * would crash the JVM, so the choice reads the CPU flags and falls back to generic when unsure.
 *
 * <p>Override with {@code -Dshowers.nd4j.binary=generic|avx2|avx512|auto} or the environment
 * variable {@code SHOWERS_ND4J_BINARY}.
 */
public final class NativeBinary {
  private static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
  private static final String PLATFORM = "linux-x86_64";
  private static volatile String chosen;
  private static volatile String reason = "not selected (ND4J default)";

  private NativeBinary() {}

  /** Selects the binary; call once, first thing in {@code main}, before any ND4J class loads. */
  public static synchronized String select() {
    if (chosen != null) {
      return chosen;
    }
    String preset = System.getProperty(EXTENSION_PROPERTY);
    if (preset != null) {
      reason = "set by -D" + EXTENSION_PROPERTY;
      return chosen = preset.isEmpty() ? "generic" : preset.replaceFirst("^-onednn-", "");
    }
    String wanted = System.getProperty("showers.nd4j.binary", System.getenv().getOrDefault("SHOWERS_ND4J_BINARY", "auto"))
        .toLowerCase(Locale.ROOT);
    Set<String> flags = cpuFlags();
    String pick;
    switch (wanted) {
      case "generic" -> {
        pick = "generic";
        reason = "requested";
      }
      case "avx2", "avx512" -> {
        pick = wanted;
        reason = "requested";
        if (!supports(flags, wanted)) {
          throw new IllegalArgumentException("ND4J binary '" + wanted + "' requested, but this CPU lacks "
              + (wanted.equals("avx512") ? "avx512f/avx512bw/avx512vl" : "avx2/fma") + "; use generic or auto");
        }
      }
      case "auto" -> {
        pick = supports(flags, "avx512") ? "avx512" : supports(flags, "avx2") ? "avx2" : "generic";
        reason = "auto from the CPU flags";
      }
      default -> throw new IllegalArgumentException(
          "ND4J binary '" + wanted + "' is unknown; expected generic, avx2, avx512 or auto");
    }
    if (!pick.equals("generic") && !onClasspath(pick)) {
      reason = "the oneDNN " + pick + " binary is not on the class path; generic used";
      pick = "generic";
    }
    if (!pick.equals("generic")) {
      System.setProperty(EXTENSION_PROPERTY, "-onednn-" + pick);
    }
    return chosen = pick;
  }

  /** Which binary was selected and why, e.g. {@code "linux-x86_64-onednn-avx512 (auto from the CPU flags)"}. */
  public static String describe() {
    String c = chosen == null ? "generic" : chosen;
    return PLATFORM + (c.equals("generic") ? "" : "-onednn-" + c) + " (" + reason + ")";
  }

  private static boolean supports(Set<String> flags, String level) {
    return switch (level) {
      case "avx512" -> flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma"));
      case "avx2" -> flags.containsAll(Set.of("avx2", "fma"));
      default -> true;
    };
  }

  private static boolean onClasspath(String level) {
    String resource = "org/nd4j/linalg/cpu/nativecpu/bindings/" + PLATFORM + "-onednn-" + level + "/libjnind4jcpu.so";
    return NativeBinary.class.getClassLoader().getResource(resource) != null;
  }

  /** The CPU feature flags from /proc/cpuinfo (empty where it cannot be read). */
  public static Set<String> cpuFlags() {
    String flags = cpuinfo("flags");
    return flags == null ? Set.of() : Set.of(flags.split("\\s+"));
  }

  /** The CPU model name from /proc/cpuinfo, or the JVM's architecture. */
  public static String cpuModel() {
    String model = cpuinfo("model name");
    return model == null ? System.getProperty("os.arch") : model;
  }

  /** The value of the first /proc/cpuinfo line starting with {@code key}, or null (not Linux, not readable). */
  private static String cpuinfo(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // only the generic binary is safe then
    }
    return null;
  }
}
