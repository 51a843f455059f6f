package io.showers.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Lets a forked benchmark JVM report its peak resident memory to the JVM that started it: when
 * {@code -Dshowers.bench.rss=FILE} is set, the benchmark's trial tear-down writes its peak RSS in
 * MiB to FILE.
 */
public final class ForkMemory {
  public static final String PROPERTY = "showers.bench.rss";

  private ForkMemory() {}

  /** Called at the end of a trial in the forked JVM. */
  public static void record() {
    String f = System.getProperty(PROPERTY);
    if (f == null || f.isEmpty()) {
      return;
    }
    try {
      Files.writeString(Path.of(f), String.format(Locale.ROOT, "%.1f%n", MachineInfo.peakRssMiB()));
    } catch (IOException e) {
      // best effort: the report shows no memory for this row
    }
  }

  /** Reads and deletes what a fork wrote, -1 if nothing. */
  public static double read(Path file) {
    try {
      if (!Files.exists(file)) {
        return -1;
      }
      double v = Double.parseDouble(Files.readString(file).trim());
      Files.deleteIfExists(file);
      return v;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
