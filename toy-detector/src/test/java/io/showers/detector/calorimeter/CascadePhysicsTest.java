package io.showers.detector.calorimeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.detector.Seeds;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reference cascade against textbook facts (PDG "Passage of particles through matter"), in a
 * homogeneous 40 X0 tungsten block (all deposits scored by depth and radius). Fixed seeds; the
 * tolerances are several standard errors of the sample sizes used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CascadePhysicsTest {
  private static final double BIN_X0 = 0.5;
  private final ShowerStudy block = new ShowerStudy(ShowerStudy.block("W", 40), BIN_X0, 0.5, 400);
  private final Map<String, ShowerStudy.Shower[]> cache = new HashMap<>();

  private ShowerStudy.Shower[] showers(int pdg, double energyGeV, int n) {
    return cache.computeIfAbsent(pdg + "@" + energyGeV,
        k -> block.run(pdg, energyGeV, n, 1000 + (long) energyGeV + pdg));
  }

  /** Events per energy for the profile tests: mean-profile t_max error 0.1 (10 GeV) to 0.15 X0 (100 GeV). */
  private static int events(double energyGeV) {
    return energyGeV <= 10 ? 120 : energyGeV <= 30 ? 60 : 64;
  }

  @Test
  void energyIsConservedInEveryShower() {
    for (CalorimeterConfig cfg : new CalorimeterConfig[] {
        ShowerStudy.block("W", 40), CalorimeterConfig.defaults(), ShowerStudy.fine(30, 0.5),
        ShowerStudy.block("Pb", 5)}) {
      ShowerStudy st = new ShowerStudy(cfg, 1.0, 1.0, 10);
      for (int pdg : new int[] {11, 22}) {
        for (ShowerStudy.Shower s : st.run(pdg, 5.0, 5, 7)) {
          double expected = ReferenceCalorimeter.kineticMeV(pdg, 5.0);
          // all of the primary's energy is deposited or leaks, to double rounding
          assertEquals(expected, s.ledger.totalMeV(), 1e-9 * expected, cfg + " " + s.ledger);
          double deposited = Arrays.stream(s.longitudinalMeV).sum();
          assertEquals(s.ledger.absorberMeV + s.ledger.sensorMeV, deposited, 1e-9 * expected);
          assertTrue(s.ledger.belowCutMeV > 0 && s.ledger.belowCutMeV < deposited);
        }
      }
    }
  }

  @Test
  void depthOfMaximumFollowsLnEOverEcMinusHalfForElectronsPlusHalfForPhotons() {
    double ec = Materials.get("W").criticalEnergyMeV();
    StringBuilder report = new StringBuilder();
    for (int pdg : new int[] {11, 22}) {
      for (double e : new double[] {10, 30, 100}) {
        double[] profile = ShowerStudy.meanLongitudinal(showers(pdg, e, events(e)));
        GammaProfile fit = GammaProfile.fit(profile, BIN_X0);
        double expected = Math.log(e * 1000 / ec) + (pdg == 11 ? -0.5 : 0.5);
        report.append(String.format("%s %.0f GeV: t_max %.2f X0 (PDG %.2f), b %.3f%n",
            pdg == 11 ? "e-" : "gamma", e, fit.tMaxX0(), expected, fit.b()));
        assertEquals(expected, fit.tMaxX0(), 0.5, report.toString());
        // the PDG's b ≈ 0.5
        assertEquals(0.5, fit.b(), 0.08, report.toString());
      }
    }
    System.out.print(report);
  }

  @Test
  void gammaFunctionDescribesTheMeanProfile() {
    for (int pdg : new int[] {11, 22}) {
      double[] profile = ShowerStudy.meanLongitudinal(showers(pdg, 30.0, events(30)));
      GammaProfile fit = GammaProfile.fit(profile, BIN_X0);
      double peak = Arrays.stream(profile).max().getAsDouble() / BIN_X0;
      double ss = 0;
      int n = 0;
      for (int i = 0; i < 50; i++) { // the first 25 X0 hold > 99% of the energy
        double r = profile[i] / BIN_X0 - fit.density((i + 0.5) * BIN_X0);
        ss += r * r;
        n++;
        assertTrue(Math.abs(r) < 0.08 * peak, "bin " + i + " off by " + r / peak + " of the peak");
      }
      double rms = Math.sqrt(ss / n) / peak;
      assertTrue(rms < 0.03, "Gamma fit rms residual " + rms + " of the peak");
      // the fit holds the whole deposited energy
      double total = Arrays.stream(profile).sum();
      assertEquals(total, fit.energy(), 0.02 * total);
    }
  }

  @Test
  void aboutNinetyPercentOfTheEnergyLiesWithinOneMoliereRadius() {
    double rm = Materials.get("W").moliereRadiusMm();
    for (double e : new double[] {10, 30}) {
      double[] radial = ShowerStudy.meanRadial(showers(11, e, events(e)));
      double in1 = block.containedFraction(radial, rm);
      double in2 = block.containedFraction(radial, 2 * rm);
      System.out.printf("e- %.0f GeV: %.3f within 1 R_M (%.2f mm), %.3f within 2 R_M%n", e, in1, rm, in2);
      assertEquals(0.90, in1, 0.04, "fraction within 1 R_M");
      assertEquals(0.955, in2, 0.02, "fraction within 2 R_M");
    }
  }

  @Test
  void mipDepositInThreeHundredMicronsOfSiliconPeaksAtEightyTwoKeV() {
    // a bare 300 µm sensor: single crossings of 1 GeV electrons (minimum ionising within the
    // Fermi plateau)
    CalorimeterConfig bare = new CalorimeterConfig("W", new double[] {0}, 300.0, 12, 15, 10.0, 2.0);
    ShowerStudy st = new ShowerStudy(bare, 1.0, 1.0, 10);
    int[] hist = new int[100]; // 4 keV bins
    for (ShowerStudy.Shower s : st.run(11, 1.0, 4000, 5)) {
      int b = (int) (s.ledger.sensorMeV / 0.004);
      if (b < hist.length) {
        hist[b]++;
      }
    }
    int mode = 0;
    for (int i = 1; i < hist.length; i++) {
      if (hist[i] > hist[mode]) {
        mode = i;
      }
    }
    double mpvKeV = (mode + 0.5) * 4;
    System.out.printf("most probable deposit of a 1 GeV e- in 300 um Si: %.0f keV%n", mpvKeV);
    assertEquals(SensorReadout.MIP_MEV_PER_300_UM * 1000, mpvKeV, 12.0);
  }

  @Test
  void seedsGiveIdenticalShowersAndDifferentSeedsDifferentOnes() {
    ShowerStudy.Shower a = block.run(11, 2.0, 1, 5)[0];
    ShowerStudy.Shower b = block.run(11, 2.0, 1, 5)[0];
    ShowerStudy.Shower c = block.run(11, 2.0, 1, Seeds.mix(5))[0];
    assertTrue(Arrays.equals(a.longitudinalMeV, b.longitudinalMeV));
    assertTrue(!Arrays.equals(a.longitudinalMeV, c.longitudinalMeV));
  }
}
