package io.showers.datasets.nd4j;

import io.showers.detector.EventBatch;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.calorimeter.CalorimeterEvents;

/**
 * Turns an event batch into network inputs (features) and targets (labels) as flat float
 * arrays with their per-event shapes. Models own their preprocessing; these are the standard
 * ones used for regressors and classifiers.
 */
public interface Featurizer {

  /** Per-event feature shape, e.g. {@code {7, 12, 15}} or {@code {1260}}. */
  int[] featureShape();

  /** Per-event label width. */
  int labelWidth();

  /** Fills {@code features} (N × prod(featureShape)) and {@code labels} (N × labelWidth). */
  void featurize(EventBatch events, float[] features, float[] labels);

  /**
   * Calorimeter cells as {@code log(1 + E/MIP)} in (layer, row, column) layout; labels: incident
   * energy in GeV and impact (x, y) in mm.
   */
  static Featurizer calorimeterCells(int layers, int rows, int cols) {
    return new Featurizer() {
      @Override
      public int[] featureShape() {
        return new int[] {layers, rows, cols};
      }

      @Override
      public int labelWidth() {
        return 3;
      }

      @Override
      public void featurize(EventBatch batch, float[] features, float[] labels) {
        CalorimeterEvents e = (CalorimeterEvents) batch;
        float[] cells = e.showersMip();
        for (int i = 0; i < cells.length; i++) {
          features[i] = (float) Math.log1p(Math.max(0, cells[i]));
        }
        for (int k = 0; k < e.size(); k++) {
          labels[3 * k] = e.incidentEnergyGeV()[k];
          labels[3 * k + 1] = e.impactMm()[2 * k];
          labels[3 * k + 2] = e.impactMm()[2 * k + 1];
        }
      }
    };
  }

  /**
   * Air-shower stations as three channels (side × side each): {@code log10(1 + S/VEM)}, the
   * arrival time T in µs, and the trigger mask (1 = triggered); untriggered stations are 0 in
   * all three. Labels: energy in EeV and the shower axis (3 components).
   */
  static Featurizer airShowerStations(int side) {
    return new Featurizer() {
      @Override
      public int[] featureShape() {
        return new int[] {3, side, side};
      }

      @Override
      public int labelWidth() {
        return 4;
      }

      @Override
      public void featurize(EventBatch batch, float[] features, float[] labels) {
        AirShowerEvents e = (AirShowerEvents) batch;
        int st = side * side;
        for (int k = 0; k < e.size(); k++) {
          for (int s = 0; s < st; s++) {
            float sig = e.signalVem()[k * st + s];
            float t = e.timeUs()[k * st + s];
            boolean on = !Float.isNaN(sig) && !Float.isNaN(t);
            int base = k * 3 * st + s;
            features[base] = on ? (float) Math.log10(1 + sig) : 0f;
            features[base + st] = on ? t : 0f;
            features[base + 2 * st] = on ? 1f : 0f;
          }
          labels[4 * k] = e.energyEeV()[k];
          System.arraycopy(e.showerAxis(), 3 * k, labels, 4 * k + 1, 3);
        }
      }
    };
  }
}
