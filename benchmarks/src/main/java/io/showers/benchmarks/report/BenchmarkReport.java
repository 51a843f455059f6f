package io.showers.benchmarks.report;

import io.showers.detector.Json;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes {@code benchmark.md}, {@code benchmark.json} and {@code benchmark.png} of a run. */
public final class BenchmarkReport {
  public static final String MARKDOWN = "benchmark.md";
  public static final String JSON = "benchmark.json";
  public static final String PNG = "benchmark.png";

  /** A published figure to show beside ours. */
  public record Anchor(String source, String method, String msPerShower, String comparable) {}

  /** Published anchors (ms per shower) and which of our rows they compare with. */
  public static final List<Anchor> ANCHORS = List.of(
      new Anchor("arXiv:1807.01954", "Geant4", "~2000", "reference"),
      new Anchor("arXiv:1807.01954", "WGAN, CPU", "52", "GAN"),
      new Anchor("arXiv:1807.01954", "WGAN, GPU", "0.3", "GAN GPU"),
      new Anchor("arXiv:2005.05334", "Geant4", "1445–4081", "reference"),
      new Anchor("arXiv:2005.05334", "WGAN, CPU", "58", "GAN"),
      new Anchor("arXiv:2005.05334", "WGAN, GPU (V100)", "5.4", "GAN GPU"));

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private BenchmarkReport() {}

  /** Writes the three files into {@code dir} (created if needed). */
  public static void write(BenchmarkRun run, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(JSON), Json.pretty(json(run)) + "\n");
      String md = markdown(run);
      try {
        plot(run, dir.resolve(PNG));
        md += "\n![ms per shower against batch size](" + PNG + ")\n";
      } catch (RuntimeException e) {
        // the numbers matter more than the picture: never lose them to a plotting problem
        md += "\nPlot not written: " + e.getMessage() + "\n";
      }
      Files.writeString(dir.resolve(MARKDOWN), md);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write benchmark report in " + dir + ": " + e.getMessage(), e);
    }
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    } else if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    } else if (a >= 0.01) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }

  static String speedUp(double s) {
    if (Double.isNaN(s)) {
      return "n/a";
    }
    return (s >= 100 ? String.format(Locale.ROOT, "%,.0f", s) : fmt(s)) + "×";
  }

  /** The Markdown report. */
  public static String markdown(BenchmarkRun run) {
    StringBuilder b = new StringBuilder();
    b.append("# showers benchmark\n\n");
    b.append(String.format(Locale.ROOT, "%s run, %s, %.0f s. %s%n%n", run.quick() ? "Quick" : "Full",
        run.timestamp(), run.seconds(), run.settings()));
    b.append("## Backend\n\n| | |\n|---|---|\n");
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(run.machine()).entrySet()) {
      b.append("| ").append(e.getKey()).append(" | ").append(e.getValue().replace("|", "\\|")).append(" |\n");
    }
    b.append(String.format(Locale.ROOT, "| GEMM peak (ND4J float32 gemm, %d × %d, same run) | %s GFLOP/s |%n",
        run.gemmSize(), run.gemmSize(), fmt(run.gemmPeakGflops())));
    b.append("| generator | ").append(run.model().replace("|", "\\|")).append(" |\n");
    b.append(String.format(Locale.ROOT, "| peak memory (host JVM) | %s MiB |%n", fmt(run.hostPeakRssMiB())));
    double forkMax = run.rows().stream().filter(BenchmarkRow::available).mapToDouble(BenchmarkRow::peakRssMiB)
        .max().orElse(-1);
    b.append(String.format(Locale.ROOT, "| peak memory (largest benchmark JVM) | %s MiB |%n%n",
        forkMax > 0 ? fmt(forkMax) : "n/a"));

    String contention = contention(run);
    if (contention != null) {
      b.append("**Warning:** ").append(contention).append("\n\n");
    }
    BenchmarkRow base = run.baseline();
    b.append("## Milliseconds per shower\n\n");
    b.append("Median over measurement iterations, spread = 16–84 % of the iterations; GAN rows are ms per batch ÷ batch; refiner rows are ms per refined event (encode, network, projection, decode). ");
    BenchmarkRow airBase = run.airShowerBaseline();
    b.append("Speed-up = median of the row's own detector's reference simulation in the same run (calorimeter at 50 GeV")
        .append(base == null ? ", not measured" : ", " + fmt(base.median()) + " ms")
        .append("; air shower at 10 EeV").append(airBase == null ? ", not measured" : ", " + fmt(airBase.median()) + " ms")
        .append(") ÷ median of the row.\n\n");
    b.append("| method | setting | ms/shower (median) | spread 16–84 % | iterations | speed-up vs its reference (calorimeter 50 GeV, air shower 10 EeV) | GFLOP/s | % of GEMM peak | peak RSS MiB |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (BenchmarkRow r : run.rows()) {
      String name = label(r);
      if (!r.available()) {
        b.append("| ").append(name).append(" | ").append(r.setting()).append(" | not available: ")
            .append(r.unavailable().replace("|", "\\|").replace("\n", " ")).append(" | | | | | | |\n");
        continue;
      }
      double g = run.gflops(r);
      b.append("| ").append(name).append(" | ").append(r.setting()).append(" | ").append(fmt(r.median()))
          .append(" | ").append(fmt(r.p16())).append("–").append(fmt(r.p84()))
          .append(" | ").append(r.msPerShower().length)
          .append(" | ").append(speedUp(run.speedUp(r)))
          .append(" | ").append(Double.isNaN(g) ? "" : fmt(g))
          .append(" | ").append(Double.isNaN(g) || !(run.gemmPeakGflops() > 0) ? ""
              : String.format(Locale.ROOT, "%.1f %%", 100 * g / run.gemmPeakGflops()))
          .append(" | ").append(r.peakRssMiB() > 0 ? fmt(r.peakRssMiB()) : "")
          .append(" |\n");
    }
    b.append("\n");

    b.append("## PyTorch peer (same architecture, same threads and batch sizes)\n\n");
    List<BenchmarkRow> torch = run.rows().stream().filter(r -> r.group().equals(BenchmarkRow.PYTORCH)).toList();
    if (torch.isEmpty()) {
      b.append("Not run.\n\n");
    } else if (torch.stream().noneMatch(BenchmarkRow::available)) {
      b.append("not available: ").append(torch.get(0).unavailable()).append("\n\n");
    } else {
      b.append("Both time the network forward pass on a fixed input batch; \"end-to-end\" adds noise, label")
          .append(" encoding, decoding and zero suppression.\n\n");
      b.append("| batch | ours end-to-end ms/shower | ours network ms/shower | PyTorch network ms/shower"
          + " | PyTorch ÷ ours (network) |\n|---:|---:|---:|---:|---:|\n");
      for (BenchmarkRow t : torch) {
        BenchmarkRow o = run.find(BenchmarkRow.GAN, t.batch());
        BenchmarkRow net = run.find(BenchmarkRow.GAN_NETWORK, t.batch());
        boolean both = t.available() && net != null && net.available();
        b.append("| ").append(t.batch()).append(" | ").append(o != null && o.available() ? fmt(o.median()) : "n/a")
            .append(" | ").append(net != null && net.available() ? fmt(net.median()) : "n/a")
            .append(" | ").append(t.available() ? fmt(t.median()) : "not available: " + t.unavailable())
            .append(" | ").append(both ? fmt(t.median() / net.median()) : "n/a").append(" |\n");
      }
      b.append("\n");
    }

    b.append("## Published anchors\n\n| source | method | published ms/shower | ours (this run) |\n|---|---|---:|---|\n");
    for (Anchor a : ANCHORS) {
      b.append("| ").append(a.source()).append(" | ").append(a.method()).append(" | ").append(a.msPerShower())
          .append(" | ").append(ours(run, a.comparable())).append(" |\n");
    }
    b.append("\n");

    b.append("## Goals (issue 9, CPU)\n\n");
    for (String g : goals(run)) {
      b.append("- ").append(g).append("\n");
    }
    return b.toString();
  }

  /**
   * A warning when other processes competed for the CPU during the run (load average at start or
   * end above the number of cores), else null.
   */
  public static String contention(BenchmarkRun run) {
    int cores;
    try {
      cores = Integer.parseInt(run.machine().getOrDefault("cores", ""));
    } catch (NumberFormatException e) {
      return null;
    }
    double load = 0;
    for (String k : new String[] {BenchmarkSuite.LOAD_START, BenchmarkSuite.LOAD_END}) {
      String v = run.machine().get(k);
      if (v != null && !v.isEmpty() && !v.equals("unknown")) {
        try {
          load = Math.max(load, Double.parseDouble(v.split("\\s+")[0]));
        } catch (NumberFormatException e) {
          // ignore
        }
      }
    }
    if (load <= cores) {
      return null;
    }
    return String.format(Locale.ROOT, "the 1-minute load average reached %.1f on %d cores: other processes"
        + " competed for the CPU, so these times are pessimistic and multi-threaded BLAS suffers most"
        + " (OMP_NUM_THREADS=1 can be faster on a busy machine).", load, cores);
  }

  private static String label(BenchmarkRow r) {
    return switch (r.group()) {
      case BenchmarkRow.CALORIMETER -> "calorimeter " + r.method();
      case BenchmarkRow.AIR_SHOWER -> "air shower " + r.method();
      default -> r.method();
    };
  }

  private static String ours(BenchmarkRun run, String comparable) {
    switch (comparable) {
      case "reference": {
        BenchmarkRow b = run.baseline();
        return b == null ? "n/a" : fmt(b.median()) + " ms (calorimeter reference, 50 GeV)";
      }
      case "GAN": {
        BenchmarkRow best = null;
        BenchmarkRow one = run.find(BenchmarkRow.GAN, 1);
        for (BenchmarkRow r : run.rows()) {
          if (r.group().equals(BenchmarkRow.GAN) && r.available() && (best == null || r.median() < best.median())) {
            best = r;
          }
        }
        if (best == null) {
          return "n/a";
        }
        return (one != null && one.available() ? fmt(one.median()) + " ms (batch 1), " : "")
            + fmt(best.median()) + " ms (" + best.setting() + ")";
      }
      case "GAN GPU": {
        BenchmarkRow best = null;
        boolean any = false;
        for (BenchmarkRow r : run.rows()) {
          if (r.group().equals(BenchmarkRow.GAN_GPU)) {
            any = true;
            if (r.available() && (best == null || r.median() < best.median())) {
              best = r;
            }
          }
        }
        return best != null ? fmt(best.median()) + " ms (" + best.setting() + ")" : any ? "not available" : "not run";
      }
      default:
        return "n/a";
    }
  }

  /** The CPU goals, each with the measured value and whether it is met. */
  public static List<String> goals(BenchmarkRun run) {
    List<String> out = new ArrayList<>();
    BenchmarkRow g = run.find(BenchmarkRow.GAN, 1000);
    boolean have = g != null && g.available();
    out.add("calorimeter GAN at batch 1000 ≤ 0.1 ms/shower: "
        + (have ? fmt(g.median()) + " ms — " + (g.median() <= 0.1 ? "met" : "NOT met") : "not measured"));
    double s = have ? run.speedUp(g) : Double.NaN;
    out.add("calorimeter GAN at batch 1000 ≥ 1000× faster than the calorimeter reference at 50 GeV: "
        + (Double.isNaN(s) ? "not measured" : speedUp(s) + " — " + (s >= 1000 ? "met" : "NOT met")));
    BenchmarkRow t = run.find(BenchmarkRow.PYTORCH, 1000);
    BenchmarkRow net = run.find(BenchmarkRow.GAN_NETWORK, 1000);
    boolean haveNet = net != null && net.available();
    out.add("generator network at batch 1000 ≥ 2× faster than PyTorch on the same architecture: "
        + (haveNet && t != null && t.available()
            ? fmt(t.median() / net.median()) + "× — " + (t.median() / net.median() >= 2 ? "met" : "NOT met")
            : "not measured" + (t != null && !t.available() ? " (" + t.unavailable() + ")" : "")));
    StringBuilder peak = new StringBuilder("generator ≥ 30 % of the GEMM peak at batch ≥ 1000: ");
    boolean any = false;
    for (BenchmarkRow r : run.rows()) {
      boolean gen = r.group().equals(BenchmarkRow.GAN) || r.group().equals(BenchmarkRow.GAN_NETWORK);
      if (gen && r.available() && r.batch() >= 1000 && run.gemmPeakGflops() > 0) {
        double f = run.gflops(r) / run.gemmPeakGflops();
        peak.append(any ? "; " : "").append(String.format(Locale.ROOT, "%s batch %d %.1f %% — %s",
            r.group().equals(BenchmarkRow.GAN) ? "end-to-end" : "network", r.batch(), 100 * f,
            f >= 0.3 ? "met" : "NOT met"));
        any = true;
      }
    }
    out.add(any ? peak.toString() : peak + "not measured");
    BenchmarkRow air = run.find(BenchmarkRow.AIR_GAN, 1000);
    out.add("air-shower GAN at batch 1000 ≤ 1 ms/shower (issue 7): " + (air != null && air.available()
        ? fmt(air.median()) + " ms, " + speedUp(run.speedUp(air)) + " the air-shower reference at 10 EeV — "
            + (air.median() <= 1 ? "met" : "NOT met")
        : "not measured" + (air != null ? " (" + air.unavailable() + ")" : "")));
    return out;
  }

  /** The JSON document (plain maps and lists, so the layout is explicit). */
  public static Map<String, Object> json(BenchmarkRun run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("quick", run.quick());
    m.put("settings", run.settings());
    m.put("timestamp", run.timestamp());
    m.put("seconds", run.seconds());
    m.put("machine", run.machine());
    m.put("gemmPeakGflops", finite(run.gemmPeakGflops()));
    m.put("gemmSize", run.gemmSize());
    m.put("model", run.model());
    m.put("flopsPerShower", run.flopsPerShower());
    m.put("hostPeakRssMiB", run.hostPeakRssMiB());
    BenchmarkRow base = run.baseline();
    m.put("baseline", base == null ? null : "calorimeter reference 50 GeV");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (BenchmarkRow r : run.rows()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("group", r.group());
      x.put("method", r.method());
      x.put("setting", r.setting());
      x.put("batch", r.batch());
      x.put("available", r.available());
      if (r.available()) {
        x.put("msPerShower", r.msPerShower());
        x.put("median", r.median());
        x.put("p16", r.p16());
        x.put("p84", r.p84());
        x.put("min", Stats.min(r.msPerShower()));
        x.put("max", Stats.max(r.msPerShower()));
        double speedUp = run.speedUp(r);
        BenchmarkRow over = run.baselineOf(r);
        x.put("speedUp", finite(speedUp));
        x.put("speedUpOver", Double.isNaN(speedUp) ? null : label(over) + " " + over.setting());
        x.put("gflops", finite(run.gflops(r)));
        x.put("fractionOfPeak", finite(run.gflops(r) / run.gemmPeakGflops()));
        x.put("peakRssMiB", r.peakRssMiB() > 0 ? r.peakRssMiB() : null);
      } else {
        x.put("unavailable", r.unavailable());
      }
      rows.add(x);
    }
    m.put("rows", rows);
    List<Map<String, String>> anchors = new ArrayList<>();
    for (Anchor a : ANCHORS) {
      anchors.add(Map.of("source", a.source(), "method", a.method(), "msPerShower", a.msPerShower()));
    }
    m.put("anchors", anchors);
    m.put("goals", goals(run));
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static final Color[] LINE_COLORS = {new Color(40, 40, 40), new Color(31, 119, 180),
    new Color(44, 160, 44), new Color(148, 103, 189), new Color(140, 86, 75), new Color(127, 127, 127),
    new Color(188, 189, 34), new Color(23, 190, 207)};

  /** Log-log ms/shower against batch size: generators as curves, simulators as horizontal lines. */
  public static void plot(BenchmarkRun run, Path file) {
    XYChart c = new XYChartBuilder().width(1100).height(600)
        .title("Milliseconds per shower (" + (run.quick() ? "quick" : "full") + " run)")
        .xAxisTitle("batch size [showers per call]").yAxisTitle("time per shower [ms]").build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    double xLo = 1;
    double xHi = 10000;
    boolean any = false;
    any |= curve(c, run, BenchmarkRow.GAN, "WGAN calorimeter (ours, ND4J CPU)", new Color(214, 39, 40));
    any |= curve(c, run, BenchmarkRow.AIR_GAN, "WGAN air shower (ours, ND4J CPU)", new Color(148, 103, 189));
    any |= curve(c, run, BenchmarkRow.GAN_NETWORK, "WGAN network only (ours, ND4J CPU)", new Color(31, 119, 180));
    any |= curve(c, run, BenchmarkRow.PYTORCH, "same network, PyTorch CPU", new Color(255, 127, 14));
    any |= curve(c, run, BenchmarkRow.REFINER, "calorimeter refiner (ms per refined event)", new Color(23, 190, 207));
    int k = 0;
    for (BenchmarkRow r : run.rows()) {
      if (!r.available() || !(r.median() > 0)
          || !(r.group().equals(BenchmarkRow.CALORIMETER) || r.group().equals(BenchmarkRow.AIR_SHOWER))) {
        continue;
      }
      XYSeries s = c.addSeries(label(r) + " " + r.setting(), new double[] {xLo, xHi},
          new double[] {r.median(), r.median()});
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(LINE_COLORS[k++ % LINE_COLORS.length]);
      s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      any = true;
    }
    XYSeries g4 = c.addSeries("Geant4, published (~2000 ms)", new double[] {xLo, xHi}, new double[] {2000, 2000});
    g4.setMarker(SeriesMarkers.NONE);
    g4.setLineColor(new Color(180, 180, 180));
    XYSeries w = c.addSeries("WGAN CPU, published (52 ms)", new double[] {xLo, xHi}, new double[] {52, 52});
    w.setMarker(SeriesMarkers.NONE);
    w.setLineColor(new Color(240, 160, 160));
    if (!any) {
      c.setTitle(c.getTitle() + " — nothing measured");
    }
    try {
      BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean curve(XYChart c, BenchmarkRun run, String group, String name, Color color) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (BenchmarkRow r : run.rows()) {
      if (r.group().equals(group) && r.available() && r.median() > 0) {
        x.add((double) r.batch());
        y.add(r.median());
      }
    }
    if (x.isEmpty()) {
      return false;
    }
    XYSeries s = c.addSeries(name, x, y);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(SeriesMarkers.CIRCLE);
    return true;
  }
}
