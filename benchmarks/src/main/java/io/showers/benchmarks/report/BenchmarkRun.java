package io.showers.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one {@code showers benchmark} run measured: the rows, the machine and backend, the
 * GEMM peak measured in the same run, and the generator's FLOPs per shower.
 *
 * @param quick whether the short version ran
 * @param settings how it ran (iterations, times, forks), for the report
 * @param machine {@code MachineInfo.describe()}
 * @param gemmPeakGflops float32 matrix-multiply peak, GFLOP/s (NaN if not measured)
 * @param gemmSize n of the n × n GEMM
 * @param model model directory and architecture, or why it is not available
 * @param flopsPerShower generator FLOPs per shower (0 if no model)
 * @param hostPeakRssMiB peak resident memory of the process that ran the suite
 * @param rows measured and unavailable rows
 * @param seconds wall time of the whole run
 * @param timestamp when it ran (ISO 8601)
 */
public record BenchmarkRun(boolean quick, String settings, Map<String, String> machine, double gemmPeakGflops,
    int gemmSize, String model, long flopsPerShower, double hostPeakRssMiB, List<BenchmarkRow> rows,
    double seconds, String timestamp) {

  public BenchmarkRun {
    machine = Map.copyOf(machine);
    rows = List.copyOf(rows);
  }

  /** The speed-up baseline of the calorimeter rows: the calorimeter reference at 50 GeV, if it was measured. */
  public BenchmarkRow baseline() {
    return reference(BenchmarkRow.CALORIMETER, "50 GeV");
  }

  /** The speed-up baseline of the air-shower rows: the air-shower reference at 10 EeV, if it was measured. */
  public BenchmarkRow airShowerBaseline() {
    return reference(BenchmarkRow.AIR_SHOWER, "10 EeV");
  }

  /** The baseline {@code row} is compared with: its own detector's reference simulation. */
  public BenchmarkRow baselineOf(BenchmarkRow row) {
    boolean air = row.group().equals(BenchmarkRow.AIR_SHOWER) || row.group().equals(BenchmarkRow.AIR_GAN);
    return air ? airShowerBaseline() : baseline();
  }

  private BenchmarkRow reference(String group, String setting) {
    for (BenchmarkRow r : rows) {
      if (r.available() && r.group().equals(group) && r.method().equals("reference") && r.setting().equals(setting)) {
        return r;
      }
    }
    return null;
  }

  /**
   * Median speed-up of {@code row} over its detector's baseline ({@link #baselineOf}), NaN when either is missing or
   * the row is no shower generator (a refiner works on showers that were already simulated).
   */
  public double speedUp(BenchmarkRow row) {
    BenchmarkRow b = baselineOf(row);
    if (b == null || !row.available() || row.group().equals(BenchmarkRow.REFINER)) {
      return Double.NaN;
    }
    return b.median() / row.median();
  }

  /** Achieved GFLOP/s of a generator row (FLOPs per shower / median time), NaN if not a generator row. */
  public double gflops(BenchmarkRow row) {
    if (!row.available() || flopsPerShower <= 0
        || !(row.group().equals(BenchmarkRow.GAN) || row.group().equals(BenchmarkRow.GAN_NETWORK)
            || row.group().equals(BenchmarkRow.PYTORCH))) {
      return Double.NaN;
    }
    return flopsPerShower / (row.median() * 1e-3) / 1e9;
  }

  /** The row of {@code group} at {@code batch}, or null. */
  public BenchmarkRow find(String group, int batch) {
    for (BenchmarkRow r : rows) {
      if (r.group().equals(group) && r.batch() == batch) {
        return r;
      }
    }
    return null;
  }
}
