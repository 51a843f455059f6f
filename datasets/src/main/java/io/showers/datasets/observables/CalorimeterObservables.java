package io.showers.datasets.observables;

import io.showers.datasets.observables.Column.Kind;
import io.showers.detector.Detector;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;

/**
 * High-level calorimeter observables (after the CaloChallenge 2022 set): total and per-layer
 * energy, centre of energy and width per layer in x and y, hit multiplicity, maximum cell,
 * longitudinal centre of gravity and width, and the radial and longitudinal profiles.
 *
 * <p>Conventions: cell (r, c) has its centre at x = (c − (cols−1)/2)·pitch,
 * y = (r − (rows−1)/2)·pitch; layer k sits at the depth {@link CalorimeterConfig#layerDepthX0}.
 * Centres and widths of an empty layer are 0 (as in the CaloChallenge), so they stay finite.
 * The radial profile is measured around the event's energy-weighted centre over all layers.
 */
public final class CalorimeterObservables {
  /** Cells with an energy in (0, LOW_CELL_MIP) count as low-energy hits. */
  public static final double LOW_CELL_MIP = 10.0;
  /** Radial bin edges in units of the cell pitch; the last bin is open. */
  static final double[] RADIAL_EDGES_PITCH = {0, 0.5, 1, 1.5, 2, 3, 4, 6, 8};

  private CalorimeterObservables() {}

  public static Observables compute(CalorimeterEvents ev, CalorimeterConfig cfg) {
    if (ev.layers() != cfg.layers() || ev.rows() != cfg.rows() || ev.cols() != cfg.cols()) {
      throw new IllegalArgumentException(
          "calorimeter events of " + ev.layers() + "×" + ev.rows() + "×" + ev.cols()
              + " cells do not match the configuration " + cfg.layers() + "×" + cfg.rows() + "×" + cfg.cols());
    }
    int n = ev.size();
    int layers = ev.layers();
    int rows = ev.rows();
    int cols = ev.cols();
    int perLayer = rows * cols;
    double pitch = cfg.cellSizeMm();
    double[] xc = new double[cols];
    double[] yc = new double[rows];
    for (int c = 0; c < cols; c++) {
      xc[c] = cfg.cellCentreXMm(c);
    }
    for (int r = 0; r < rows; r++) {
      yc[r] = cfg.cellCentreYMm(r);
    }
    double[] depth = new double[layers];
    for (int k = 0; k < layers; k++) {
      depth[k] = cfg.layerDepthX0(k);
    }
    int rb = RADIAL_EDGES_PITCH.length;
    double[] radialEdges = new double[rb];
    for (int i = 0; i < rb; i++) {
      radialEdges[i] = RADIAL_EDGES_PITCH[i] * pitch;
    }

    double[] eInc = new double[n];
    double[] impX = new double[n];
    double[] impY = new double[n];
    double[] eTot = new double[n];
    double[] eRatio = new double[n];
    double[][] eLayer = new double[layers][n];
    double[][] xCen = new double[layers][n];
    double[][] yCen = new double[layers][n];
    double[][] xWid = new double[layers][n];
    double[][] yWid = new double[layers][n];
    double[] nHits = new double[n];
    double[] nLow = new double[n];
    double[] eMax = new double[n];
    double[] longCog = new double[n];
    double[] longWid = new double[n];
    double[] longProfile = new double[n * layers];
    double[] radial = new double[n * rb];
    float[] s = ev.showersMip();

    for (int i = 0; i < n; i++) {
      eInc[i] = ev.incidentEnergyGeV()[i];
      impX[i] = ev.impactMm()[2 * i];
      impY[i] = ev.impactMm()[2 * i + 1];
      int base = i * layers * perLayer;
      double tot = 0;
      double sx = 0;
      double sy = 0;
      double hits = 0;
      double low = 0;
      double max = 0;
      double sz = 0;
      double szz = 0;
      for (int k = 0; k < layers; k++) {
        double e = 0;
        double ex = 0;
        double ey = 0;
        double exx = 0;
        double eyy = 0;
        int lb = base + k * perLayer;
        for (int r = 0; r < rows; r++) {
          int rowBase = lb + r * cols;
          double rowE = 0;
          for (int c = 0; c < cols; c++) {
            double v = s[rowBase + c];
            if (v > 0) {
              rowE += v;
              ex += v * xc[c];
              exx += v * xc[c] * xc[c];
              hits++;
              if (v < LOW_CELL_MIP) {
                low++;
              }
              if (v > max) {
                max = v;
              }
            }
          }
          e += rowE;
          ey += rowE * yc[r];
          eyy += rowE * yc[r] * yc[r];
        }
        eLayer[k][i] = e;
        longProfile[i * layers + k] = e;
        if (e > 0) {
          double mx = ex / e;
          double my = ey / e;
          xCen[k][i] = mx;
          yCen[k][i] = my;
          xWid[k][i] = Math.sqrt(Math.max(0, exx / e - mx * mx));
          yWid[k][i] = Math.sqrt(Math.max(0, eyy / e - my * my));
        }
        tot += e;
        sx += ex;
        sy += ey;
        sz += e * depth[k];
        szz += e * depth[k] * depth[k];
      }
      eTot[i] = tot;
      eRatio[i] = eInc[i] > 0 ? tot / eInc[i] : Double.NaN;
      nHits[i] = hits;
      nLow[i] = low;
      eMax[i] = max;
      if (tot > 0) {
        double cog = sz / tot;
        longCog[i] = cog;
        longWid[i] = Math.sqrt(Math.max(0, szz / tot - cog * cog));
        double cx = sx / tot;
        double cy = sy / tot;
        for (int k = 0; k < layers; k++) {
          int lb = base + k * perLayer;
          for (int r = 0; r < rows; r++) {
            double dy = yc[r] - cy;
            for (int c = 0; c < cols; c++) {
              double v = s[lb + r * cols + c];
              if (v > 0) {
                double dx = xc[c] - cx;
                double rr = Math.sqrt(dx * dx + dy * dy);
                int b = rb - 1;
                while (b > 0 && rr < radialEdges[b]) {
                  b--;
                }
                radial[i * rb + b] += v / tot;
              }
            }
          }
        }
      } else {
        for (int b = 0; b < rb; b++) {
          radial[i * rb + b] = Double.NaN;
        }
      }
    }

    Observables o = new Observables(Detector.CALORIMETER, n);
    o.add("e_inc", "GeV", "incident energy (label)", Kind.ENERGY_LABEL, eInc);
    o.add("impact_x", "mm", "impact position x (label)", Kind.LABEL, impX);
    o.add("impact_y", "mm", "impact position y (label)", Kind.LABEL, impY);
    o.add("e_total", "MIP", "total deposited energy", Kind.OBSERVABLE, eTot);
    o.add("e_ratio", "MIP/GeV", "total deposited over incident energy", Kind.PER_ENERGY, eRatio);
    for (int k = 0; k < layers; k++) {
      o.add("e_layer_" + k, "MIP", "energy in layer " + k, Kind.OBSERVABLE, eLayer[k]);
    }
    for (int k = 0; k < layers; k++) {
      o.add("x_centre_" + k, "mm", "centre of energy in x, layer " + k, Kind.OBSERVABLE, xCen[k]);
      o.add("y_centre_" + k, "mm", "centre of energy in y, layer " + k, Kind.OBSERVABLE, yCen[k]);
      o.add("x_width_" + k, "mm", "energy-weighted width in x, layer " + k, Kind.OBSERVABLE, xWid[k]);
      o.add("y_width_" + k, "mm", "energy-weighted width in y, layer " + k, Kind.OBSERVABLE, yWid[k]);
    }
    o.add("n_hits", "cells", "hit multiplicity (cells above threshold)", Kind.OBSERVABLE, nHits);
    o.add("n_hits_low", "cells", "hits below " + (int) LOW_CELL_MIP + " MIP", Kind.OBSERVABLE, nLow);
    o.add("e_max", "MIP", "maximum cell energy", Kind.OBSERVABLE, eMax);
    o.add("long_cog", "X0", "longitudinal centre of gravity", Kind.OBSERVABLE, longCog);
    o.add("long_width", "X0", "longitudinal width (energy-weighted rms depth)", Kind.OBSERVABLE, longWid);
    o.add(new Profile("longitudinal", "depth [X0]", "mean energy per layer [MIP]", depth, longProfile, false));
    double[] rCentres = new double[rb];
    for (int b = 0; b < rb; b++) {
      rCentres[b] = b + 1 < rb ? 0.5 * (radialEdges[b] + radialEdges[b + 1]) : radialEdges[b] + pitch;
    }
    o.add(new Profile("radial", "distance from shower centre [mm]", "energy fraction per radial bin",
        rCentres, radial, true));
    return o;
  }
}
