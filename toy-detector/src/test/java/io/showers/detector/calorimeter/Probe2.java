package io.showers.detector.calorimeter;

import java.util.Arrays;

/** Manual study: default geometry, sum of MIPs, resolution, timing. */
public final class Probe2 {
  public static void main(String[] args) {
    int n = Integer.parseInt(args[1]);
    CalorimeterConfig cfg = args.length > 2
        ? ShowerStudy.fine(Integer.parseInt(args[2]), Double.parseDouble(args[3]))
        : CalorimeterConfig.defaults();
    if (args.length > 4) {
      cfg = new CalorimeterConfig("W", cfg.absorberBeforeLayerX0(), 300, 40, 40, 10.0, Double.parseDouble(args[4]));
    }
    ReferenceCalorimeter ref = new ReferenceCalorimeter(cfg, Realism.SIM);
    for (String es : args[0].split(",")) {
      double e = Double.parseDouble(es);
      CalorimeterBeam beam = CalorimeterBeam.allocate(n);
      Arrays.fill(beam.energyGeV(), (float) e);
      Arrays.fill(beam.particlePdg(), 11);
      ref.generate(beam.slice(0, Math.min(n, 3)), 77, 0);
      long t0 = System.nanoTime();
      CalorimeterEvents ev = ref.generate(beam, 1, 0);
      long t1 = System.nanoTime();
      double[] sums = new double[n];
      double[] layer = new double[cfg.layers()];
      int hits = 0;
      for (int k = 0; k < n; k++) {
        for (int c = 0; c < cfg.cells(); c++) {
          float v = ev.showersMip()[k * cfg.cells() + c];
          int l = c / (cfg.rows() * cfg.cols());
          sums[k] += v * cfg.absorberBeforeLayerX0()[l];
          layer[l] += v / n;
          if (v > 0) hits++;
        }
      }
      double m = Arrays.stream(sums).average().orElse(0);
      double sd = Math.sqrt(Arrays.stream(sums).map(x -> (x - m) * (x - m)).sum() / (n - 1));
      System.out.printf("E %.0f GeV: %.1f ms/shower  weighted sum %.1f (per GeV %.2f) sigma/E %.4f  a=%.3f  hits %.1f layers %s%n",
          e, (t1 - t0) / 1e6 / n, m, m / e, sd / m, sd / m * Math.sqrt(e), hits / (double) n,
          Arrays.toString(Arrays.stream(layer).map(x -> Math.round(x)).toArray()));
    }
  }
}
