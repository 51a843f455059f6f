package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.wgan.CriticFeatures;
import io.showers.generative.wgan.EnergyShareHead;
import io.showers.generative.wgan.ProfileDensity;
import io.showers.generative.wgan.TransversePrior;
import io.showers.generative.wgan.ZeroSuppression;
import java.util.Locale;

/**
 * Calorimeter preprocessing: a cell becomes {@code log(1 + u) / logScale} with u the cell energy
 * scaled to a 50 GeV shower, {@code (E_cell / MIP) · 50 GeV / E_inc}, so the network learns the shower
 * shape and its fluctuations while the linear energy scale is exact by construction (as in the
 * CaloChallenge normalisation); labels are {@code ln(E / 50 GeV)} and the impact position in cm.
 * Decoding inverts this, clips, and applies the detector's own zero-suppression threshold.
 *
 * @param logScale divisor of the log cell energy (the log of 1 + the largest training u)
 * @param particlePdg the particle the surrogate was trained on
 * @param cells cells per event (layers × rows × columns)
 */
public record CalorimeterCodec(double logScale, int particlePdg, int cells)
    implements EventCodec<CalorimeterBeam, CalorimeterEvents> {


  static final double ENERGY_PIVOT_GEV = 50.0;
  static final double IMPACT_UNIT_MM = 10.0;
  static final double MAX_MODEL_VALUE = 1.05;
  /** Model-space margin below the threshold's pre-image within which cells are still decoded exactly. */
  private static final double SKIP_MARGIN = 1e-6;

  /** A codec fitted to training events. */
  public static CalorimeterCodec fit(CalorimeterEvents events) {
    double max = 0;
    int cells = events.cells();
    for (int k = 0; k < events.size(); k++) {
      double perGeV = ENERGY_PIVOT_GEV / events.incidentEnergyGeV()[k];
      for (int i = 0; i < cells; i++) {
        max = Math.max(max, events.showersMip()[k * cells + i] * perGeV);
      }
    }
    int pdg = events.particlePdg()[0];
    for (int p : events.particlePdg()) {
      if (p != pdg) {
        throw new IllegalArgumentException("training events mix particles " + pdg + " and " + p
            + "; train one surrogate per particle");
      }
    }
    return new CalorimeterCodec(Math.log1p(max), pdg, events.cells());
  }

  /** The codec written by {@link #toJson}. */
  public static CalorimeterCodec fromJson(JsonNode n) {
    return new CalorimeterCodec(n.get("logScale").asDouble(), n.get("particlePdg").asInt(), n.get("cells").asInt());
  }

  @Override
  public Detector detector() {
    return Detector.CALORIMETER;
  }

  @Override
  public int eventDim() {
    return cells;
  }

  @Override
  public int labelDim() {
    return 3;
  }

  @Override
  public float[] encodeEvents(CalorimeterEvents e) {
    float[] out = new float[e.showersMip().length];
    for (int k = 0; k < e.size(); k++) {
      double perGeV = ENERGY_PIVOT_GEV / e.incidentEnergyGeV()[k];
      for (int i = k * cells; i < (k + 1) * cells; i++) {
        out[i] = (float) (Math.log1p(Math.max(0, e.showersMip()[i]) * perGeV) / logScale);
      }
    }
    return out;
  }

  @Override
  public float[] encodeLabels(CalorimeterBeam b) {
    float[] out = new float[3 * b.size()];
    for (int k = 0; k < b.size(); k++) {
      out[3 * k] = (float) Math.log(b.energyGeV()[k] / ENERGY_PIVOT_GEV);
      out[3 * k + 1] = (float) (b.impactMm()[2 * k] / IMPACT_UNIT_MM);
      out[3 * k + 2] = (float) (b.impactMm()[2 * k + 1] / IMPACT_UNIT_MM);
    }
    return out;
  }

  @Override
  public CalorimeterBeam conditionsOf(CalorimeterEvents e) {
    return new CalorimeterBeam(e.size(), e.incidentEnergyGeV(), e.impactMm(), e.particlePdg());
  }

  @Override
  public CalorimeterEvents decode(float[] model, CalorimeterBeam b, DetectorConfig config) {
    CalorimeterConfig c = (CalorimeterConfig) config;
    CalorimeterEvents out = CalorimeterEvents.allocate(b.size(), c.layers(), c.rows(), c.cols());
    float[] cellsMip = out.showersMip();
    float threshold = (float) c.thresholdMip();
    for (int k = 0; k < b.size(); k++) {
      double scale = b.energyGeV()[k] / ENERGY_PIVOT_GEV;
      // most cells decode below the threshold: skip their exponential where that is certain (the
      // decoding is monotonic; the margin dwarfs rounding), so the result is bit for bit the same
      double below = Math.log1p(threshold / scale) / logScale - SKIP_MARGIN;
      for (int i = k * cells; i < (k + 1) * cells; i++) {
        if (model[i] < below) {
          continue; // allocate() zeroed the cell
        }
        // clipped to 5% above the largest training cell in log space: the exponential would turn a
        // rare large network output into an unphysical cell of 10^5 MIP
        float e = (float) (scale * Math.expm1(Math.min(MAX_MODEL_VALUE, Math.max(0, model[i])) * logScale));
        cellsMip[i] = e < threshold ? 0f : e;
      }
    }
    System.arraycopy(b.energyGeV(), 0, out.incidentEnergyGeV(), 0, b.size());
    System.arraycopy(b.impactMm(), 0, out.impactMm(), 0, 2 * b.size());
    System.arraycopy(b.particlePdg(), 0, out.particlePdg(), 0, b.size());
    return out;
  }

  @Override
  public LabelRange trainedRange(CalorimeterBeam b) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    double r = 0;
    for (int k = 0; k < b.size(); k++) {
      lo = Math.min(lo, b.energyGeV()[k]);
      hi = Math.max(hi, b.energyGeV()[k]);
      r = Math.max(r, Math.hypot(b.impactMm()[2 * k], b.impactMm()[2 * k + 1]));
    }
    return new LabelRange(lo, hi, r, 0);
  }

  @Override
  public void checkInside(CalorimeterBeam b, LabelRange range) {
    for (int k = 0; k < b.size(); k++) {
      double e = b.energyGeV()[k];
      LabelRange.require(e >= range.energyMin() * 0.999 && e <= range.energyMax() * 1.001,
          String.format(Locale.ROOT, "energy %.4g GeV is outside the trained range %.4g-%.4g GeV", e,
              range.energyMin(), range.energyMax()));
      double r = Math.hypot(b.impactMm()[2 * k], b.impactMm()[2 * k + 1]);
      // a Gaussian beam spot's largest radius grows with the sample size: allow half as much again
      LabelRange.require(r <= range.radialMax() * 1.5 + 1e-6,
          String.format(Locale.ROOT, "impact radius %.3g mm is outside the trained %.3g mm", r, range.radialMax()));
      LabelRange.require(b.particlePdg()[k] == particlePdg,
          "particle " + b.particlePdg()[k] + " differs from the trained " + particlePdg);
    }
  }

  /**
   * The energy of each layer and the total, the sums an energy calibration rests on, and each
   * layer's transverse spread (rms radius in cell widths), which the faint outer cells set. (The
   * centroid feature serves the air-shower footprint, which must be placed around the labelled
   * core across a 10 km array; it has not been tried for the calorimeter.)
   */
  @Override
  public CriticFeatures criticFeatures(float[] encodedEvents, DetectorConfig config) {
    CalorimeterConfig c = (CalorimeterConfig) config;
    int perLayer = c.rows() * c.cols();
    int[][] groups = new int[c.layers() + 1][];
    int[] layerStarts = new int[c.layers()];
    for (int l = 0; l < c.layers(); l++) {
      groups[l] = new int[] {l * perLayer, (l + 1) * perLayer};
      layerStarts[l] = l * perLayer;
    }
    groups[c.layers()] = new int[] {0, cells};
    double[] x = new double[perLayer];
    double[] y = new double[perLayer];
    for (int r = 0; r < c.rows(); r++) {
      for (int col = 0; col < c.cols(); col++) {
        x[r * c.cols() + col] = col - (c.cols() - 1) / 2.0;
        y[r * c.cols() + col] = r - (c.rows() - 1) / 2.0;
      }
    }
    return CriticFeatures.fit(encodedEvents, cells, logScale, groups, null, layerStarts, x, y);
  }

  /**
   * The shower as total energy × layer shares × cell shares within each layer (the longitudinal
   * and lateral profiles), started at the training set's mean shower. The total is per 50 GeV of
   * beam energy, so its prior is the sampling calorimeter's mean response.
   */
  @Override
  public EnergyShareHead outputHead(float[] encodedEvents, DetectorConfig config) {
    CalorimeterConfig c = (CalorimeterConfig) config;
    return EnergyShareHead.fit(encodedEvents, c.layers(), c.rows() * c.cols(), 0, logScale);
  }

  /**
   * Each layer's transverse profile (core and halo) about the impact point, labels 1 and 2 in cm: one cell pitch
   * (fitted by minimum cross-entropy to the training showers' cell shares). GFlash's radial form: on the reference
   * showers it has the measured energy in every ring from the axis to 45 mm within 10–20 % where a double Gaussian's
   * is 1.5–2× too high at 10–20 mm and nil beyond 30 mm, and its cross-entropy is lower by 0.015–0.02 nats a layer.
   */
  @Override
  public TransversePrior transversePrior(float[] encodedEvents, float[] encodedLabels, DetectorConfig config) {
    CalorimeterConfig c = (CalorimeterConfig) config;
    if (Math.abs(c.cellSizeMm() - IMPACT_UNIT_MM) > 1e-9) {
      throw new IllegalArgumentException("the transverse prior measures the impact label (cm) in cell pitches; this"
          + " detector's cells are " + c.cellSizeMm() + " mm, expected " + IMPACT_UNIT_MM + " mm");
    }
    return TransversePrior.fit(encodedEvents, cells, logScale, encodedLabels, labelDim(), c.layers(), c.rows(), c.cols(),
        1, 2, TransversePrior.Profile.GFLASH);
  }

  /** The layer profile's density, on the energy label {@code ln(E / 50 GeV)} (column 0). */
  @Override
  public ProfileDensity profileDensity(EnergyShareHead head, float[] encodedEvents, float[] encodedLabels) {
    return ProfileDensity.fit(head.groupAmounts(encodedEvents), head.groups(), encodedLabels, labelDim(), 0);
  }

  /**
   * The 2 MIP threshold per 50 GeV-scaled cell, {@code threshold · 50 GeV / E}, less {@link
   * #AMOUNT_FLOOR_MARGIN} of it.
   */
  @Override
  public double[] amountFloor(CalorimeterBeam b, DetectorConfig config) {
    double threshold = ((CalorimeterConfig) config).thresholdMip();
    double[] floor = new double[b.size()];
    for (int k = 0; k < b.size(); k++) {
      floor[k] = threshold * ENERGY_PIVOT_GEV / b.energyGeV()[k] * (1 - AMOUNT_FLOOR_MARGIN);
    }
    return floor;
  }

  /**
   * The cell threshold: label 0 is ln(E / 50 GeV), so a cell's MIP are u · exp(label 0). The
   * gradient passes straight through at suppressed cells above half the threshold (1–2 MIP) and is
   * masked below: straight through everywhere, cells far from the shower random-walked across the
   * threshold (twice the reference's hits after 3500 steps); masked everywhere, the hit count
   * ratcheted down (25% short after 5000 steps, most of it below 10 MIP).
   */
  @Override
  public ZeroSuppression zeroSuppression(DetectorConfig config) {
    return new ZeroSuppression(logScale, ((CalorimeterConfig) config).thresholdMip(), cells, 0, GRADIENT_FLOOR);
  }

  @Override
  public JsonNode toJson() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("codec", "calorimeter-log-cells-per-gev");
    n.put("logScale", logScale);
    n.put("particlePdg", particlePdg);
    n.put("cells", cells);
    n.put("energyPivotGeV", ENERGY_PIVOT_GEV);
    n.put("impactUnitMm", IMPACT_UNIT_MM);
    return n;
  }
}
