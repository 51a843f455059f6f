package io.showers.cli;

import io.jhdf.api.Dataset;
import io.showers.datasets.ArraySpec;
import io.showers.datasets.Column;
import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerDataset;
import io.showers.datasets.ShowerFile;
import io.showers.detector.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code showers inspect}: what is in a file (or a set of shards). */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {
      "Print the schema, detector configuration, producer, seed and event count of showers HDF5",
      "files, and per array its shape, dtype, unit, min/mean/max over finite values and NaN count.",
      "Several files, a directory of shards, or a shard base name (out.h5 for out-00000.h5, ...)",
      "are inspected as one dataset."
    })
final class InspectCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "HDF5 files, shard directories or shard base names.")
  List<Path> files;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Streaming statistics of one array. */
  static final class Stats {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum;
    long finite;
    long nan;
    long inf;

    void add(Column c) {
      if (c.data() instanceof float[] f) {
        for (float v : f) {
          add(v);
        }
      } else {
        for (int v : (int[]) c.data()) {
          add(v);
        }
      }
    }

    private void add(double v) {
      if (Double.isNaN(v)) {
        nan++;
      } else if (Double.isInfinite(v)) {
        inf++;
      } else {
        finite++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (ShowerDataset d = ShowerDataset.open(files)) {
      FileMetadata m = d.metadata();
      out.println("files     " + d.files().size() + (d.files().size() == 1 ? " (" + d.files().get(0).path() + ")" : ""));
      out.println("schema    " + m.schema().attribute());
      out.println("events    " + d.size());
      out.println("producer  " + m.producer());
      out.println("seed      " + m.seed() + (d.files().size() > 1 ? " (shards start at events "
          + d.files().stream().map(f -> String.valueOf(f.metadata().firstEvent())).toList() + ")"
          : m.firstEvent() != 0 ? " (first event " + m.firstEvent() + ")" : ""));
      out.println("created   " + m.created());
      out.println("detector  " + Json.pretty(Json.mapper().readTree(m.detector().toJson())).replace("\n", "\n          "));
      out.println();
      out.printf("%-18s %-20s %-8s %-6s %14s %14s %14s %10s%n",
          "array", "shape", "dtype", "unit", "min", "mean", "max", "NaN");
      ShowerFile first = d.files().get(0);
      for (String name : first.arrayNames()) {
        Stats s = new Stats();
        long n = 0;
        for (ShowerFile f : d.files()) {
          int chunk = Math.max(1, (1 << 22) / Math.max(1, perEvent(f.dataset(name))));
          for (int from = 0; from < f.size(); from += chunk) {
            s.add(f.read(name, from, Math.min(chunk, f.size() - from)));
          }
          n += f.size();
        }
        int[] dims = first.dataset(name).getDimensions();
        String shape = "(" + n + (dims.length > 1 ? ", " + Arrays.toString(Arrays.copyOfRange(dims, 1, dims.length)).replaceAll("[\\[\\]]", "") : "") + ")";
        ArraySpec spec = m.schema().spec(name);
        out.printf("%-18s %-20s %-8s %-6s %14s %14s %14s %10d%s%n",
            name, shape, spec.dtype(), spec.unit(),
            fmt(s.finite == 0 ? Double.NaN : s.min), fmt(s.finite == 0 ? Double.NaN : s.sum / s.finite),
            fmt(s.finite == 0 ? Double.NaN : s.max), s.nan, s.inf > 0 ? "  (" + s.inf + " Inf)" : "");
      }
    }
    return 0;
  }

  private static int perEvent(Dataset ds) {
    int[] dims = ds.getDimensions();
    int p = 1;
    for (int i = 1; i < dims.length; i++) {
      p *= dims[i];
    }
    return p;
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.format("%.0f", v) : String.format("%.5g", v);
  }
}
