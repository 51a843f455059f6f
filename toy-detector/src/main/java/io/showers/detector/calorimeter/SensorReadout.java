package io.showers.detector.calorimeter;

import io.showers.detector.Seeds;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Turns the energy deposited in the silicon cells (MeV) into the recorded cell values (MIP):
 * divides by the most probable deposit of a minimum-ionising particle, applies the realism
 * profile's response changes and sets cells below the threshold to zero.
 *
 * <p>MIP scale: the most probable energy loss of a minimum-ionising particle in 300 µm of silicon
 * is 82 keV (PDG: 80–85 keV); it is scaled linearly with the sensor thickness.
 */
final class SensorReadout {
  /** Most probable MIP deposit in 300 µm of silicon, MeV. */
  static final double MIP_MEV_PER_300_UM = 0.082;

  private final int layers;
  private final int rows;
  private final int cols;
  private final double mipMeV;
  private final double thresholdMip;
  private final Realism realism;
  private final boolean[] dead;
  private final double[] work;

  SensorReadout(CalorimeterConfig config, Realism realism) {
    this.layers = config.layers();
    this.rows = config.rows();
    this.cols = config.cols();
    this.mipMeV = mipMeV(config);
    this.thresholdMip = config.thresholdMip();
    this.realism = realism;
    this.dead = deadCells(config.cells(), realism.deadCellFraction());
    this.work = new double[config.cells()];
  }

  /** The MIP energy of the configured sensors, MeV. */
  static double mipMeV(CalorimeterConfig config) {
    return MIP_MEV_PER_300_UM * config.sensorThicknessUm() / 300.0;
  }

  /** The fixed dead-cell pattern of a profile (the same for every event and every run). */
  static boolean[] deadCells(int cells, double fraction) {
    boolean[] d = new boolean[cells];
    int count = (int) Math.round(fraction * cells);
    UniformRandomProvider r = Seeds.rng(0x44454144L); // "DEAD"
    for (int i = 0; i < count; ) {
      int c = r.nextInt(cells);
      if (!d[c]) {
        d[c] = true;
        i++;
      }
    }
    return d;
  }

  /**
   * Converts one event's cell energies into MIP values written to {@code out[offset ...]}.
   *
   * @param cellsMeV (layers, rows, cols) deposited energy, MeV
   * @param rng the event's random stream (used for noise only in the data profile)
   */
  void read(double[] cellsMeV, UniformRandomProvider rng, float[] out, int offset) {
    int cells = cellsMeV.length;
    double scale = realism.responseScale() / mipMeV;
    double xt = realism.crossTalkPerNeighbour();
    if (xt > 0) {
      java.util.Arrays.fill(work, 0);
      for (int l = 0; l < layers; l++) {
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            int i = (l * rows + r) * cols + c;
            double v = cellsMeV[i];
            if (v == 0) {
              continue;
            }
            double share = v * xt;
            double kept = v;
            if (c > 0) { work[i - 1] += share; kept -= share; }
            if (c < cols - 1) { work[i + 1] += share; kept -= share; }
            if (r > 0) { work[i - cols] += share; kept -= share; }
            if (r < rows - 1) { work[i + cols] += share; kept -= share; }
            work[i] += kept;
          }
        }
      }
    } else {
      System.arraycopy(cellsMeV, 0, work, 0, cells);
    }
    double noise = realism.noiseMip();
    ZigguratSampler.NormalizedGaussian gauss = noise > 0 ? ZigguratSampler.NormalizedGaussian.of(rng) : null;
    for (int i = 0; i < cells; i++) {
      double mip = work[i] * scale;
      if (gauss != null) {
        mip += noise * gauss.sample();
      }
      if (dead[i] || mip < thresholdMip) {
        mip = 0;
      }
      out[offset + i] = (float) mip;
    }
  }
}
