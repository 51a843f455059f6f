package io.showers.detector.calorimeter;

import java.util.Arrays;

/** Manual study tool (not a test): prints profiles, ledgers and timing. */
public final class Probe {
  public static void main(String[] args) {
    double e = Double.parseDouble(args[0]);
    int n = Integer.parseInt(args[1]);
    int pdg = args.length > 2 ? Integer.parseInt(args[2]) : 11;
    CalorimeterConfig cfg = ShowerStudy.block("W", 40);
    CascadeSettings d = CascadeSettings.defaults();
    CascadeSettings set = new CascadeSettings(Double.parseDouble(System.getProperty("ecut", "" + d.absorberElectronCutMeV())),
        d.sensorElectronCutMeV(), d.sensorDeltaThresholdMeV(), Double.parseDouble(System.getProperty("gcut", "" + d.photonCutMeV())),
        Double.parseDouble(System.getProperty("frac", "" + d.maxEnergyLossFraction())), Double.parseDouble(System.getProperty("step", "" + d.maxStepX0())),
        Double.parseDouble(System.getProperty("theta", "" + d.maxScatteringAngleRad())), d.transverseHalfWidthMm());
    ShowerStudy st = new ShowerStudy(cfg, set, 0.5, 1.0, 200);
    st.run(pdg, e, 2, 99); // warm-up
    long t0 = System.nanoTime();
    ShowerStudy.Shower[] s = st.run(pdg, e, n, Long.getLong("seed", 1));
    long t1 = System.nanoTime();
    System.out.printf("%.1f ms/shower, steps/shower %d%n", (t1 - t0) / 1e6 / n, st.cascade.newWorker().steps());
    System.out.println(s[0].ledger + " total " + s[0].ledger.totalMeV());
    double[] L = ShowerStudy.meanLongitudinal(s);
    GammaProfile gp = GammaProfile.fit(L, 0.5);
    System.out.printf("gamma fit a %.3f b %.3f E %.1f tmax %.2f peak %.2f%n", gp.a(), gp.b(), gp.energy(), gp.tMaxX0(), st.peakDepthX0(L));
    double tmax = gp.tMaxX0();
    double ec = 7.97;
    System.out.printf("tmax %.2f  PDG e- %.2f gamma %.2f%n", tmax, Math.log(e * 1000 / ec) - 0.5, Math.log(e * 1000 / ec) + 0.5);
    double[] R = ShowerStudy.meanRadial(s);
    double rm = Materials.get("W").moliereRadiusMm();
    System.out.printf("RM %.2f mm: in 1 RM %.3f, 2 RM %.3f, 3.5RM %.3f%n", rm, st.containedFraction(R, rm), st.containedFraction(R, 2 * rm), st.containedFraction(R, 3.5 * rm));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 60; i++) sb.append(String.format("%.0f ", L[i]));
    System.out.println(sb);
  }
}
