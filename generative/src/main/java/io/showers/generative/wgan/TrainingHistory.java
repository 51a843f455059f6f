package io.showers.generative.wgan;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The per-step metrics of a training run (kept across checkpoints), writable as CSV and as a PNG
 * of loss curves.
 */
public final class TrainingHistory implements TrainingListener {
  private final List<StepMetrics> steps = new ArrayList<>();

  @Override
  public void onStep(StepMetrics metrics) {
    steps.add(metrics);
  }

  /** All recorded steps, oldest first (unmodifiable). */
  public List<StepMetrics> steps() {
    return Collections.unmodifiableList(steps);
  }

  /** Number of recorded steps. */
  public int size() {
    return steps.size();
  }

  /** Mean of {@code metric} over the last {@code count} steps (fewer if not recorded). */
  public double recentMean(ToDoubleFunction<StepMetrics> metric, int count) {
    int from = Math.max(0, steps.size() - count);
    return steps.subList(from, steps.size()).stream().mapToDouble(metric).average().orElse(Double.NaN);
  }

  void restore(List<StepMetrics> recorded) {
    steps.clear();
    steps.addAll(recorded);
  }

  /** Writes one CSV row per step (6 significant digits). */
  public void writeCsv(Path file) throws IOException {
    writeCsv(file, false);
  }

  /** Writes one CSV row per step, with all digits if {@code exact}. */
  public void writeCsv(Path file, boolean exact) throws IOException {
    String f = exact ? "%.17g" : "%.6g";
    String fmt = "%d" + (("," + f).repeat(7)) + "%n";
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write("step,critic_loss,generator_loss,wasserstein,gradient_penalty,constrainer_loss,critic_lr,generator_lr\n");
      for (StepMetrics m : steps) {
        w.write(String.format(Locale.ROOT, fmt, m.step(), m.criticLoss(),
            m.generatorLoss(), m.wasserstein(), m.gradientPenalty(), m.constrainerLoss(), m.criticLr(), m.generatorLr()));
      }
    }
  }

  /** Reads a CSV written by {@link #writeCsv}; a missing file gives an empty list. */
  static List<StepMetrics> readCsv(Path file) throws IOException {
    List<StepMetrics> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] c = line.split(",");
      try {
        out.add(new StepMetrics(Long.parseLong(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]),
            Double.parseDouble(c[3]), Double.parseDouble(c[4]), Double.parseDouble(c[5]), Double.parseDouble(c[6]),
            Double.parseDouble(c[7])));
      } catch (RuntimeException e) {
        throw new io.showers.generative.nn.ModelFormatException(file + ": malformed history line '" + line + "'", e);
      }
    }
    return out;
  }

  /**
   * Writes a 2 x 2 panel PNG of critic loss, generator loss, Wasserstein estimate and gradient
   * penalty against the step; long runs are averaged into at most 1000 points per curve.
   *
   * @param file the PNG to write (".png" appended if missing)
   */
  public void writePng(Path file) throws IOException {
    if (steps.isEmpty()) {
      throw new IllegalStateException("no training steps recorded");
    }
    List<XYChart> charts = List.of(
        chart("Critic loss", StepMetrics::criticLoss),
        chart("Generator loss", StepMetrics::generatorLoss),
        chart("Wasserstein estimate", StepMetrics::wasserstein),
        chart("Gradient penalty", StepMetrics::gradientPenalty));
    String name = file.toString();
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    BitmapEncoder.saveBitmap(charts, 2, 2, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
        BitmapEncoder.BitmapFormat.PNG);
  }

  private XYChart chart(String title, ToDoubleFunction<StepMetrics> metric) {
    int n = steps.size();
    int bin = Math.max(1, (n + 999) / 1000);
    int points = (n + bin - 1) / bin;
    double[] x = new double[points];
    double[] y = new double[points];
    for (int p = 0; p < points; p++) {
      double sx = 0;
      double sy = 0;
      int c = 0;
      for (int i = p * bin; i < Math.min(n, (p + 1) * bin); i++, c++) {
        sx += steps.get(i).step();
        sy += metric.applyAsDouble(steps.get(i));
      }
      x[p] = sx / c;
      y[p] = sy / c;
    }
    XYChart chart = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle("step").build();
    chart.getStyler().setLegendVisible(false);
    XYSeries s = chart.addSeries(title, x, y);
    s.setMarker(SeriesMarkers.NONE);
    return chart;
  }
}
