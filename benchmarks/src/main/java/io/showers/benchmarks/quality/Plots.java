package io.showers.benchmarks.quality;

import io.showers.datasets.metrics.ObservableMetric;
import io.showers.datasets.observables.Profile;
import io.showers.generative.evaluation.EnergyResponse;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of a quality report (XChart, headless). Every axis title carries its unit. */
public final class Plots {
  static final Color REF = new Color(40, 40, 40);
  static final Color CAND = new Color(214, 39, 40);
  static final Color[] HEAT = {new Color(255, 255, 255), new Color(255, 237, 160), new Color(254, 178, 76),
    new Color(240, 59, 32), new Color(128, 0, 38)};

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /** Overlaid normalised histograms, separation power in the legend. */
  public static void histogram(ObservableMetric m, String refLabel, String candLabel, Path file) {
    XYChart c = new XYChartBuilder().width(560).height(400).title(m.name())
        .xAxisTitle(m.unit().isEmpty() ? m.name() : m.name() + " [" + m.unit() + "]")
        .yAxisTitle("fraction of events per bin").build();
    style(c);
    double[] e = m.binning().edges();
    if (m.binning().log()) {
      c.getStyler().setXAxisLogarithmic(true);
    } else {
      double span = Math.max(Math.abs(e[0]), Math.abs(e[e.length - 1]));
      c.getStyler().setXAxisDecimalPattern(span >= 100 ? "#,##0" : span >= 1 ? "0.##" : "0.####");
    }
    addStep(c, refLabel, e, normalise(m.referenceCounts()), REF);
    addStep(c, String.format(Locale.ROOT, "%s, SP = %.4f", candLabel, m.separationPower()), e,
        normalise(m.candidateCounts()), CAND);
    save(c, file);
  }

  /** Mean profiles with standard errors. */
  public static void profile(Profile ref, Profile cand, String title, Path file) {
    XYChart c = new XYChartBuilder().width(560).height(400).title(title)
        .xAxisTitle(ref.xTitle()).yAxisTitle(ref.yTitle()).build();
    style(c);
    c.getStyler().setYAxisLogarithmic(ref.logY());
    addProfile(c, "reference", ref, REF);
    addProfile(c, "candidate", cand, CAND);
    save(c, file);
  }

  private static void addProfile(XYChart c, String name, Profile p, Color color) {
    double[] m = p.mean();
    double[] se = p.standardError();
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    List<Double> err = new ArrayList<>();
    for (int i = 0; i < m.length; i++) {
      if (Double.isFinite(m[i]) && (!p.logY() || m[i] > 0)) {
        x.add(p.x()[i]);
        y.add(m[i]);
        err.add(p.logY() ? Math.min(se[i], 0.9 * m[i]) : se[i]);
      }
    }
    if (x.isEmpty()) {
      return;
    }
    XYSeries s = c.addSeries(name, x, y, err);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(SeriesMarkers.CIRCLE);
  }

  /** Bias and resolution of the energy response per energy group. */
  public static void energyResponse(EnergyResponse.Result r, Path file) {
    XYChart bias = new XYChartBuilder().width(560).height(400).title("energy response: bias")
        .xAxisTitle(r.energyName() + " [" + r.energyUnit() + "]").yAxisTitle("<E_rec / E> - 1").build();
    XYChart res = new XYChartBuilder().width(560).height(400).title("energy response: resolution")
        .xAxisTitle(r.energyName() + " [" + r.energyUnit() + "]").yAxisTitle("sigma(E_rec / E) / <E_rec / E>").build();
    style(bias);
    style(res);
    int n = r.groups().size();
    double[] x = new double[n];
    double[][] v = new double[4][n];
    for (int i = 0; i < n; i++) {
      EnergyResponse.Group g = r.groups().get(i);
      x[i] = g.energyLow() == g.energyHigh() ? g.energyLow() : Math.sqrt(Math.abs(g.energyLow() * g.energyHigh()));
      v[0][i] = g.referenceBias();
      v[1][i] = g.candidateBias();
      v[2][i] = g.referenceResolution();
      v[3][i] = g.candidateResolution();
    }
    addPoints(bias, "reference (test split)", x, v[0], REF);
    addPoints(bias, "candidate", x, v[1], CAND);
    addPoints(res, "reference (test split)", x, v[2], REF);
    addPoints(res, "candidate", x, v[3], CAND);
    List<Double> hx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (r.groups().get(i).heldOut()) {
        hx.add(x[i]);
      }
    }
    if (!hx.isEmpty()) {
      double[] bx = {hx.get(0), hx.get(0)};
      XYSeries s = bias.addSeries("held out of training", bx, new double[] {min(v[0], v[1]), max(v[0], v[1])});
      s.setLineColor(Color.GRAY);
      s.setMarker(SeriesMarkers.NONE);
    }
    writeGrid(List.of(image(bias), image(res)), 2, file);
  }

  private static double min(double[] a, double[] b) {
    double m = 0;
    for (double v : a) {
      m = Double.isFinite(v) ? Math.min(m, v) : m;
    }
    for (double v : b) {
      m = Double.isFinite(v) ? Math.min(m, v) : m;
    }
    return m;
  }

  private static double max(double[] a, double[] b) {
    double m = 0;
    for (double v : a) {
      m = Double.isFinite(v) ? Math.max(m, v) : m;
    }
    for (double v : b) {
      m = Double.isFinite(v) ? Math.max(m, v) : m;
    }
    return m;
  }

  private static void addPoints(XYChart c, String name, double[] x, double[] y, Color color) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(y[i])) {
        xs.add(x[i]);
        ys.add(y[i]);
      }
    }
    if (xs.isEmpty()) {
      return;
    }
    XYSeries s = c.addSeries(name, xs, ys);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(SeriesMarkers.CIRCLE);
  }

  /**
   * A grid of heat maps: one row per map set (e.g. reference, candidate), one column per map
   * (e.g. layer). {@code maps[row][col]} is (rows × cols) row-major; each column shares its
   * colour scale so reference and candidate compare directly.
   */
  public static void heatMapGrid(double[][][] maps, int mapRows, int mapCols, double[] xCentres, double[] yCentres,
      String[] rowNames, String[] colNames, String xTitle, String yTitle, String labelFormat, Path file) {
    List<BufferedImage> images = new ArrayList<>();
    int cols = maps[0].length;
    double[] max = new double[cols];
    for (double[][] row : maps) {
      for (int k = 0; k < cols; k++) {
        for (double v : row[k]) {
          if (Double.isFinite(v)) {
            max[k] = Math.max(max[k], v);
          }
        }
      }
    }
    for (int r = 0; r < maps.length; r++) {
      for (int k = 0; k < cols; k++) {
        HeatMapChart c = new HeatMapChartBuilder().width(330).height(300)
            .title(rowNames[r] + ", " + colNames[k])
            .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setRangeColors(HEAT);
        c.getStyler().setMin(0);
        c.getStyler().setMax(max[k] > 0 ? max[k] : 1);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        c.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 8));
        List<String> xs = new ArrayList<>();
        List<String> ys = new ArrayList<>();
        for (double x : xCentres) {
          xs.add(String.format(Locale.ROOT, labelFormat, x));
        }
        for (double y : yCentres) {
          ys.add(String.format(Locale.ROOT, labelFormat, y));
        }
        List<Number[]> data = new ArrayList<>();
        double[] m = maps[r][k];
        for (int i = 0; i < mapRows; i++) {
          for (int j = 0; j < mapCols; j++) {
            double v = m[i * mapCols + j];
            data.add(new Number[] {j, i, Double.isFinite(v) ? v : 0.0});
          }
        }
        c.addSeries("map", xs, ys, data);
        images.add(image(c));
      }
    }
    writeGrid(images, cols, file);
  }

  private static void addStep(XYChart c, String name, double[] edges, double[] h, Color color) {
    int n = h.length;
    double[] x = new double[2 * n];
    double[] y = new double[2 * n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = edges[i];
      x[2 * i + 1] = edges[i + 1];
      y[2 * i] = h[i];
      y[2 * i + 1] = h[i];
    }
    XYSeries s = c.addSeries(name, x, y);
    s.setLineColor(color);
    s.setMarker(SeriesMarkers.NONE);
  }

  private static double[] normalise(double[] h) {
    double s = 0;
    for (double v : h) {
      s += v;
    }
    double[] out = new double[h.length];
    for (int i = 0; i < h.length; i++) {
      out[i] = s > 0 ? h[i] / s : 0;
    }
    return out;
  }

  private static void style(XYChart c) {
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setMarkerSize(5);
    c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
  }

  static BufferedImage image(Chart<?, ?> c) {
    return BitmapEncoder.getBufferedImage(c);
  }

  static void save(Chart<?, ?> c, Path file) {
    write(image(c), file);
  }

  /** Tiles images row by row, {@code perRow} per row. */
  static void writeGrid(List<BufferedImage> images, int perRow, Path file) {
    int w = 0;
    int h = 0;
    for (BufferedImage i : images) {
      w = Math.max(w, i.getWidth());
      h = Math.max(h, i.getHeight());
    }
    int rows = (images.size() + perRow - 1) / perRow;
    BufferedImage out = new BufferedImage(w * Math.min(perRow, images.size()), h * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    for (int i = 0; i < images.size(); i++) {
      g.drawImage(images.get(i), (i % perRow) * w, (i / perRow) * h, null);
    }
    g.dispose();
    write(out, file);
  }

  static void write(BufferedImage img, Path file) {
    try {
      ImageIO.write(img, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
