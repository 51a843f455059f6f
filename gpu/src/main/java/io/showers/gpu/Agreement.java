package io.showers.gpu;

import io.showers.detector.calorimeter.CalorimeterBeam;
import java.util.Locale;

/**
 * The GPU generator against the CPU implementation on an export's check batch, stage by stage: the network outputs,
 * the drawn log totals and the decoded showers.
 *
 * <p>Tolerances (float32 arithmetic on both sides, products accumulated in other orders): network outputs within
 * {@value #RAW_TOLERANCE} absolute (they are of order 1 to 20; float32 rounding over 512 products is ~1e-5); log
 * totals within {@value #LOG_TOTAL_TOLERANCE}; a cell within {@value #CELL_RELATIVE_TOLERANCE} relative (a logit
 * error of 1e-4 moves a cell by 1e-4); a cell may be zero on one side only when the other lies within
 * {@value #CELL_RELATIVE_TOLERANCE} relative of the threshold.
 */
public record Agreement(int events, double maxRawError, double maxLogTotalError, double maxCellRelativeError,
    long litCells, long thresholdFlips, long unexplainedFlips) {
  /** Largest absolute difference of a network output. */
  public static final double RAW_TOLERANCE = 2e-4;
  /** Largest absolute difference of a log total. */
  public static final double LOG_TOTAL_TOLERANCE = 1e-5;
  /** Largest relative difference of a cell above threshold on both sides. */
  public static final double CELL_RELATIVE_TOLERANCE = 1e-3;

  /** Whether every stage agrees within its tolerance. */
  public boolean passes() {
    return maxRawError <= RAW_TOLERANCE && maxLogTotalError <= LOG_TOTAL_TOLERANCE
        && maxCellRelativeError <= CELL_RELATIVE_TOLERANCE && unexplainedFlips == 0;
  }

  /** Runs the check batch of the generator's model and compares. */
  public static Agreement measure(GpuCalorimeterGenerator g) {
    ExportedCalorimeter m = g.model();
    ExportedCalorimeter.Check c = m.check();
    int n = c.size();
    CalorimeterBeam beam = CalorimeterBeam.allocate(n);
    System.arraycopy(c.energyGeV(), 0, beam.energyGeV(), 0, n);
    System.arraycopy(c.impactMm(), 0, beam.impactMm(), 0, 2 * n);
    java.util.Arrays.fill(beam.particlePdg(), m.particlePdg());
    g.run(beam, c.seed(), c.firstEvent());
    GpuCalorimeterGenerator.Stages s = g.stages(n);
    double raw = 0;
    for (int i = 0; i < s.raw().length; i++) {
      raw = Math.max(raw, Math.abs(s.raw()[i] - c.raw()[i]));
    }
    double logTotal = 0;
    for (int k = 0; k < n; k++) {
      logTotal = Math.max(logTotal, Math.abs(s.logTotal()[k] - c.logTotal()[k]));
    }
    double threshold = m.detector().thresholdMip();
    double cell = 0;
    long lit = 0;
    long flips = 0;
    long unexplained = 0;
    for (int i = 0; i < s.cellsMip().length; i++) {
      float gpu = s.cellsMip()[i];
      float cpu = c.cellsMip()[i];
      if (gpu > 0 && cpu > 0) {
        lit++;
        cell = Math.max(cell, Math.abs(gpu - cpu) / cpu);
      } else if (gpu > 0 || cpu > 0) {
        flips++;
        if (Math.max(gpu, cpu) > threshold * (1 + CELL_RELATIVE_TOLERANCE)) {
          unexplained++;
        }
      }
    }
    return new Agreement(n, raw, logTotal, cell, lit, flips, unexplained);
  }

  /** The comparison in a few lines, with the tolerances. */
  public String report() {
    return String.format(Locale.ROOT, """
        check batch: %d events against the CPU implementation
          network outputs   max |GPU - CPU| = %.3g   (tolerance %.0e)
          log totals        max |GPU - CPU| = %.3g   (tolerance %.0e)
          cells above 2 MIP max relative difference = %.3g over %d cells   (tolerance %.0e)
          cells at the threshold, lit on one side only: %d (%d farther than the tolerance from it)
        %s""", events, maxRawError, RAW_TOLERANCE, maxLogTotalError, LOG_TOTAL_TOLERANCE, maxCellRelativeError,
        litCells, CELL_RELATIVE_TOLERANCE, thresholdFlips, unexplainedFlips, passes() ? "AGREES" : "DISAGREES");
  }
}
