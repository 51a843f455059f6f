package io.showers.detector.calorimeter;

import io.showers.detector.ShowerGenerator;
import java.util.Arrays;

/** Manual timing study (not a test): ms per shower, one thread, median of runs. */
public final class TimingProbe {
  public static void main(String[] args) {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    ShowerGenerator<CalorimeterBeam, CalorimeterEvents> g = args[0].equals("fast")
        ? new ParametrisedCalorimeter(cfg, Realism.SIM) : new ReferenceCalorimeter(cfg, Realism.SIM);
    for (String es : args[1].split(",")) {
      double e = Double.parseDouble(es);
      int n = Integer.parseInt(args[2]);
      CalorimeterBeam b = CalorimeterBeam.allocate(n);
      Arrays.fill(b.energyGeV(), (float) e);
      Arrays.fill(b.particlePdg(), 11);
      g.generate(b, 999); // warm-up
      double[] ms = new double[5];
      for (int r = 0; r < ms.length; r++) {
        long t0 = System.nanoTime();
        g.generate(b, r, r * n);
        ms[r] = (System.nanoTime() - t0) / 1e6 / n;
      }
      Arrays.sort(ms);
      System.out.printf("%s %5.0f GeV: median %.3f ms/shower (min %.3f, max %.3f) over 5 runs of %d%n",
          args[0], e, ms[2], ms[0], ms[4], n);
    }
  }
}
