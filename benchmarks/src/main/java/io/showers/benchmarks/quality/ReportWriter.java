package io.showers.benchmarks.quality;

import io.showers.datasets.metrics.ObservableMetric;
import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.generative.evaluation.ClassifierTest;
import io.showers.generative.evaluation.EnergyResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes report.md, index.html and metrics.json from a {@link QualityReport.Summary}. */
final class ReportWriter {
  private ReportWriter() {}

  /** A table: header and rows of cells (Markdown and HTML are made from the same cells). */
  private record Table(List<String> header, List<List<String>> rows) {}

  static void write(Path dir, DetectorConfig cfg, String refName, int nRef, String candName, int nCand, int nHalf,
      QualityReport.Options o, QualityReport.Summary s, List<String[]> figures) {
    Map<String, Table> tables = new LinkedHashMap<>();
    tables.put("Summary", summary(s, nHalf));
    tables.put("Observables (one-dimensional)", observables(s));
    if (s.energyResponse() != null) {
      tables.put("Energy response", energy(s.energyResponse()));
    }
    tables.put("Timing", timing(s));
    String intro = String.format(Locale.ROOT,
        "Detector: **%s**. Reference: `%s` (%d events). Candidate: `%s` (%d events). Baseline: the reference split"
            + " into two halves of %d events (reference vs reference), the statistical floor of every number.",
        cfg.kind().id(), refName, nRef, candName, nCand, nHalf);
    String notes = "SP = separation power ½Σ(h−g)²/(h+g) of normalised histograms (0 identical, 1 disjoint);"
        + " SP noise = (bins−1)(1/n₁+1/n₂)/4, what two finite samples of one distribution give."
        + " W1 = Wasserstein-1 distance in the observable's unit. AUC of a classifier trained to tell candidate"
        + " from reference (0.5 = indistinguishable), mean of " + o.classifier().runs() + " trainings; error ="
        + " max(DeLong, spread of runs). FPD/KPD after Kansal et al. (arXiv:2211.10295) on the observables"
        + " (labels excluded, each divided by max|x| of the reference); the FPD floor b/N is what two finite"
        + " samples of one distribution give.";
    StringBuilder md = new StringBuilder();
    md.append("# Quality report: ").append(candName).append(" vs ").append(refName).append("\n\n");
    md.append(intro).append("\n\n").append(notes).append("\n\n");
    md.append("Detector configuration: `").append(cfg.toJson()).append("`\n\n");
    for (Map.Entry<String, Table> e : tables.entrySet()) {
      md.append("## ").append(e.getKey()).append("\n\n").append(markdown(e.getValue())).append("\n");
    }
    md.append("## Plots\n\n");
    for (String[] f : figures) {
      md.append("![").append(f[1]).append("](").append(f[0]).append(")\n\n");
    }
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Quality report: ")
        .append(esc(candName)).append(" vs ").append(esc(refName)).append("</title>\n<style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:1800px}table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th{background:#eee}")
        .append("td:first-child{text-align:left}figure{display:inline-block;margin:6px}img{max-width:100%}")
        .append("figcaption{font-size:small;color:#444}</style></head><body>\n");
    html.append("<h1>Quality report: ").append(esc(candName)).append(" vs ").append(esc(refName)).append("</h1>\n");
    html.append("<p>").append(esc(intro).replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>").replaceAll("`([^`]+)`", "<code>$1</code>"))
        .append("</p>\n<p>").append(esc(notes)).append("</p>\n");
    html.append("<p>Detector configuration: <code>").append(esc(cfg.toJson())).append("</code></p>\n");
    for (Map.Entry<String, Table> e : tables.entrySet()) {
      html.append("<h2>").append(esc(e.getKey())).append("</h2>\n").append(htmlTable(e.getValue()));
    }
    html.append("<h2>Plots</h2>\n");
    for (String[] f : figures) {
      html.append("<figure><img src=\"").append(esc(f[0])).append("\" alt=\"").append(esc(f[1]))
          .append("\"><figcaption>").append(esc(f[1])).append("</figcaption></figure>\n");
    }
    html.append("<p><a href=\"metrics.json\">metrics.json</a> · <a href=\"report.md\">report.md</a></p>\n");
    html.append("</body></html>\n");
    try {
      Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("index.html"), html, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("metrics.json"),
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
              QualityReport.json(cfg, refName, nRef, candName, nCand, nHalf, s)) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Table summary(QualityReport.Summary s, int nHalf) {
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, ClassifierTest.Result> e : s.classifiers().entrySet()) {
      ClassifierTest.Result b = s.baselineClassifiers().get(e.getKey());
      rows.add(List.of("classifier AUC, " + e.getKey(), pm(e.getValue().auc(), e.getValue().error(), 3),
          b == null ? "–" : pm(b.auc(), b.error(), 3)));
    }
    var d = s.distances();
    var bd = s.baselineDistances();
    rows.add(List.of("FPD ×10³", pm(1e3 * d.fpd().value(), 1e3 * d.fpd().error(), 3)
        + String.format(Locale.ROOT, " (floor %.3f)", 1e3 * d.fpd().floor()),
        bd == null ? "–" : pm(1e3 * bd.fpd().value(), 1e3 * bd.fpd().error(), 3)
            + String.format(Locale.ROOT, " (floor %.3f)", 1e3 * bd.fpd().floor())));
    rows.add(List.of("KPD ×10³", pm(1e3 * d.kpd().value(), 1e3 * d.kpd().error(), 4),
        bd == null ? "–" : pm(1e3 * bd.kpd().value(), 1e3 * bd.kpd().error(), 4)));
    ObservableMetric worst = s.observables().stream().filter(m -> !m.kind().isLabel())
        .max(java.util.Comparator.comparingDouble(ObservableMetric::separationPower)).orElse(null);
    if (worst != null) {
      double base = s.baselineObservables().stream().filter(m -> m.name().equals(worst.name()))
          .mapToDouble(ObservableMetric::separationPower).findFirst().orElse(Double.NaN);
      rows.add(List.of("largest separation power: " + worst.name(), f(worst.separationPower(), 4), f(base, 4)));
    }
    return new Table(List.of("metric", "candidate vs reference", "reference vs reference"), rows);
  }

  private static Table observables(QualityReport.Summary s) {
    Map<String, ObservableMetric> base = new LinkedHashMap<>();
    for (ObservableMetric m : s.baselineObservables()) {
      base.put(m.name(), m);
    }
    List<List<String>> rows = new ArrayList<>();
    for (ObservableMetric m : s.observables()) {
      ObservableMetric b = base.get(m.name());
      rows.add(List.of(m.name(), m.unit(), m.kind().name().toLowerCase(Locale.ROOT), f(m.separationPower(), 4),
          b == null ? "–" : f(b.separationPower(), 4), f(m.separationNoise(), 4), g(m.wasserstein()),
          b == null ? "–" : g(b.wasserstein()), g(m.referenceMean()), g(m.candidateMean()), g(m.referenceStd()),
          f(100 * m.referenceUndefined(), 1) + " / " + f(100 * m.candidateUndefined(), 1)));
    }
    return new Table(List.of("observable", "unit", "kind", "SP", "SP ref/ref", "SP noise", "W1", "W1 ref/ref",
        "mean ref", "mean cand", "std ref", "undefined % ref / cand"), rows);
  }

  private static Table energy(EnergyResponse.Result r) {
    List<List<String>> rows = new ArrayList<>();
    for (EnergyResponse.Group q : r.groups()) {
      String e = q.energyLow() == q.energyHigh() ? g(q.energyLow()) : g(q.energyLow()) + "–" + g(q.energyHigh());
      rows.add(List.of(e + (q.heldOut() ? " (held out)" : ""), Integer.toString(q.nReference()),
          pct(q.referenceBias()), res(q.referenceResolution()), res(q.referenceCoreResolution()),
          Integer.toString(q.nCandidate()), pct(q.candidateBias()), res(q.candidateResolution()),
          res(q.candidateCoreResolution())));
    }
    return new Table(List.of(r.energyName() + " [" + r.energyUnit() + "]", "n ref (test)", "bias ref",
        "resolution ref (rms)", "σ68 ref", "n cand", "bias cand", "resolution cand (rms)", "σ68 cand"), rows);
  }

  private static Table timing(QualityReport.Summary s) {
    List<List<String>> rows = new ArrayList<>();
    double total = 0;
    for (Map.Entry<String, Double> e : s.seconds().entrySet()) {
      rows.add(List.of(e.getKey(), f(e.getValue(), 1)));
      total += e.getValue();
    }
    rows.add(List.of("total", f(total, 1)));
    return new Table(List.of("step", "seconds"), rows);
  }

  private static String markdown(Table t) {
    StringBuilder b = new StringBuilder();
    b.append("| ").append(String.join(" | ", t.header())).append(" |\n|");
    for (int i = 0; i < t.header().size(); i++) {
      b.append(i == 0 ? "---|" : "---:|");
    }
    b.append("\n");
    for (List<String> r : t.rows()) {
      b.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return b.toString();
  }

  private static String htmlTable(Table t) {
    StringBuilder b = new StringBuilder("<table><tr>");
    for (String h : t.header()) {
      b.append("<th>").append(esc(h)).append("</th>");
    }
    b.append("</tr>\n");
    for (List<String> r : t.rows()) {
      b.append("<tr>");
      for (String c : r) {
        b.append("<td>").append(esc(c)).append("</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String pm(double v, double e, int digits) {
    return f(v, digits) + " ± " + f(e, digits);
  }

  private static String f(double v, int digits) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "–";
  }

  private static String g(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "–";
  }

  private static String res(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "–";
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f%%", 100 * v).replace("+-", "-") : "–";
  }
}
