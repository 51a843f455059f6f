package io.showers.detector.airshower;

/** Scratch: prints a few shower summaries. */
public final class AirShowerExplore {
  public static void main(String[] args) {
    ArrayConfig array = ArrayConfig.defaults();
    for (String mode : new String[] {"fast", "reference"}) {
      AirShowerSimulator sim = new AirShowerSimulator(array,
          AirShowerSimulator.Options.defaults().withMode(AirShowerSimulator.Mode.parse(mode)));
      for (double e : new double[] {3, 10, 100}) {
        for (double zen : new double[] {0, 30, 45, 60}) {
          int n = 300;
          AirShowerPrimaries p = AirShowerPrimaries.allocate(n);
          for (int k = 0; k < n; k++) {
            p.energyEeV()[k] = (float) e;
            double t = Math.toRadians(zen), ph = 2 * Math.PI * k / n;
            p.showerAxis()[3 * k] = (float) (Math.sin(t) * Math.cos(ph));
            p.showerAxis()[3 * k + 1] = (float) (Math.sin(t) * Math.sin(ph));
            p.showerAxis()[3 * k + 2] = (float) Math.cos(t);
            p.massA()[k] = 1;
          }
          long t0 = System.nanoTime();
          AirShowerEvents ev = sim.generate(p, 5);
          double ms = (System.nanoTime() - t0) / 1e6;
          double trig = 0, s1000 = 0, n1000 = 0, xmax = 0, maxT = 0;
          for (int k = 0; k < n; k++) {
            xmax += ev.xmaxGcm2()[k];
            double ux = p.showerAxis()[3*k], uy = p.showerAxis()[3*k+1];
            for (int i = 0; i < 196; i++) {
              float s = ev.signalVem()[k * 196 + i];
              if (!Float.isNaN(s)) { trig++; maxT = Math.max(maxT, ev.timeUs()[k*196+i]); }
              double x = (i % 14 - 6.5) * 750, y = (i / 14 - 6.5) * 750;
              double along = x * ux + y * uy;
              double r = Math.sqrt(x * x + y * y - along * along);
              if (r > 900 && r < 1100) { s1000 += Float.isNaN(s) ? 0 : s; n1000++; }
            }
          }
          System.out.printf("%-9s E=%5.0f zen=%2.0f  <ntrig>=%6.1f  <S(900-1100)>=%7.1f  <Xmax>=%6.1f maxT=%.2fus  %.2f ms/shower%n",
              mode, e, zen, trig / n, s1000 / n1000, xmax / n, maxT, ms / n);
        }
      }
    }
  }
}
