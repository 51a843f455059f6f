package io.showers.generative.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.observables.AirShowerObservables;
import io.showers.datasets.observables.Observables;
import io.showers.detector.Conditions;
import io.showers.detector.EventBatch;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.AirShowerPrimaries;
import io.showers.detector.airshower.AirShowerSimulator;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.airshower.Composition;
import io.showers.detector.airshower.PrimarySampler;
import io.showers.detector.calorimeter.BeamEnergies;
import io.showers.detector.calorimeter.BeamSampler;
import io.showers.detector.calorimeter.BeamSpot;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.detector.calorimeter.Realism;
import io.showers.detector.calorimeter.ReferenceCalorimeter;
import java.nio.file.Path;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

/**
 * The models shipped in {@code models/} against the reference simulators they replace, on the same
 * labels: a regression guard on what a new user gets without training. The tolerances are the
 * shipped models' measured deviations (their model cards) plus five standard errors of a paired
 * mean difference, so a broken or wrongly decoded model fails and statistics alone do not.
 */
class ShippedModelsTest {
  private static final Path MODELS = Path.of("..", "models");

  /**
   * Air shower, 400 footprints on the simulator's own primaries (3–100 EeV, θ ≤ 60°): the trigger
   * rule holds; the number of triggered stations is within 12 % of the simulator's (shipped: +1.3 %;
   * before the trigger was applied in training −27 %); the total signal within 0.06 dex (shipped:
   * +0.001) and its growth with energy, d log10 S / d log10 E, within 10 % of the simulator's
   * (0.74; signal grows about as E^0.9 at fixed geometry, diluted by the zenith spread).
   */
  @Test
  void airShowerModelTracksTheSimulatorOnTheSameLabels() {
    SurrogateModel<AirShowerPrimaries, AirShowerEvents> model = shipped("airshower-wgan");
    ArrayConfig array = (ArrayConfig) model.detector();
    int n = 400;
    AirShowerPrimaries p = new PrimarySampler(PrimarySampler.Options.defaults()).sample(17, 0, n);
    AirShowerEvents gan = model.asShowerGenerator(false).generate(p, 5, 0);
    AirShowerEvents sim = new AirShowerSimulator(array, AirShowerSimulator.Options.defaults()).generate(p, 5, 0);
    int st = array.stations();
    double dTriggered = 0;
    double dLogTotal = 0;
    double triggeredSim = 0;
    double[] logE = new double[n];
    double[] logGan = new double[n];
    double[] logSim = new double[n];
    for (int k = 0; k < n; k++) {
      int tg = 0;
      int ts = 0;
      double sg = 0;
      double ss = 0;
      for (int s = k * st; s < (k + 1) * st; s++) {
        float v = gan.signalVem()[s];
        assertEquals(Float.isNaN(v), Float.isNaN(gan.timeUs()[s]), "signal and time are set together");
        if (!Float.isNaN(v)) {
          assertTrue(v >= array.triggerThresholdVem(), "a triggered station has at least 3 VEM: " + v);
          tg++;
          sg += v;
        }
        if (!Float.isNaN(sim.signalVem()[s])) {
          ts++;
          ss += sim.signalVem()[s];
        }
      }
      dTriggered += tg - ts;
      triggeredSim += ts;
      logE[k] = Math.log10(p.energyEeV()[k]);
      logGan[k] = Math.log10(1 + sg);
      logSim[k] = Math.log10(1 + ss);
      dLogTotal += logGan[k] - logSim[k];
    }
    double relTriggered = dTriggered / triggeredSim;
    System.out.printf("shipped air-shower model: triggered %+.3f, log10 S_total %+.3f, slope %.3f vs %.3f%n",
        relTriggered, dLogTotal / n, slope(logE, logGan), slope(logE, logSim));
    assertTrue(Math.abs(relTriggered) < 0.12, "triggered stations " + relTriggered + " relative to the simulator");
    assertEquals(0, dLogTotal / n, 0.06, "mean log10 total signal, model minus simulator");
    double slopeGan = slope(logE, logGan);
    double slopeSim = slope(logE, logSim);
    assertEquals(slopeSim, slopeGan, 0.1 * slopeSim, "growth of the total signal with energy");
  }

  /**
   * Air shower, the lateral distribution an energy estimate rests on, 400 footprints on the
   * simulator's own primaries: the rms of log10 S(1000) (fitted at r ≥ 300 m about the true core)
   * about a fit in log10 E, sec θ and sec² θ to the simulated footprints, the array's energy
   * resolution, is within 1.7× the simulator's (shipped: 1.19×, Xmax drawn first; the twelfth
   * session's model 1.33×, the eleventh's 1.8×, the seventh's 3.2×), and the mean fitted LDF slope
   * within 0.12 of the simulator's (shipped: +0.066; the eleventh session's −0.15). 400 footprints know an rms to 4 % and a mean slope to 0.02.
   */
  @Test
  void airShowerLateralDistributionCarriesTheEnergyAsTheSimulatorsDoes() {
    SurrogateModel<AirShowerPrimaries, AirShowerEvents> model = shipped("airshower-wgan");
    ArrayConfig array = (ArrayConfig) model.detector();
    AirShowerPrimaries p = new PrimarySampler(PrimarySampler.Options.defaults()).sample(29, 0, 400);
    Observables gan = AirShowerObservables.compute(model.asShowerGenerator(false).generate(p, 5, 0), array);
    Observables sim = AirShowerObservables.compute(
        new AirShowerSimulator(array, AirShowerSimulator.Options.defaults()).generate(p, 5, 0), array);
    double[] coefficients = s1000Fit(sim);
    double ganRms = s1000Rms(gan, coefficients);
    double simRms = s1000Rms(sim, coefficients);
    double dSlope = nanMean(gan.values("ldf_slope")) - nanMean(sim.values("ldf_slope"));
    System.out.printf("shipped air-shower model: log10 S(1000) rms about the simulator's fit %.3f vs %.3f,"
        + " LDF slope %+.3f%n", ganRms, simRms, dSlope);
    assertTrue(ganRms < 1.7 * simRms, "S(1000) scatter " + ganRms + " against the simulator's " + simRms);
    assertEquals(0, dSlope, 0.12, "mean LDF slope, model minus simulator");
  }

  /** Rows {@code (1, log10 E, sec θ, sec² θ)} of the events. */
  private static double[][] s1000Basis(Observables o) {
    double[] energy = o.values("energy");
    double[] zenith = o.values("zenith");
    double[][] rows = new double[energy.length][];
    for (int k = 0; k < rows.length; k++) {
      double sec = 1 / Math.cos(Math.toRadians(zenith[k]));
      rows[k] = new double[] {1, Math.log10(energy[k]), sec, sec * sec};
    }
    return rows;
  }

  /** Least-squares coefficients of log10 S(1000) on {@link #s1000Basis} over the events where it is defined. */
  private static double[] s1000Fit(Observables o) {
    double[][] a = new double[4][4];
    double[] b = new double[4];
    double[] s1000 = o.values("s1000");
    double[][] basis = s1000Basis(o);
    for (int k = 0; k < s1000.length; k++) {
      if (s1000[k] > 0) {
        for (int i = 0; i < 4; i++) {
          b[i] += basis[k][i] * Math.log10(s1000[k]);
          for (int j = 0; j < 4; j++) {
            a[i][j] += basis[k][i] * basis[k][j];
          }
        }
      }
    }
    return new LUDecomposition(MatrixUtils.createRealMatrix(a)).getSolver()
        .solve(MatrixUtils.createRealVector(b)).toArray();
  }

  private static double s1000Rms(Observables o, double[] c) {
    double[] s1000 = o.values("s1000");
    double[][] basis = s1000Basis(o);
    double sum2 = 0;
    int n = 0;
    for (int k = 0; k < s1000.length; k++) {
      if (s1000[k] > 0) {
        double fit = 0;
        for (int i = 0; i < 4; i++) {
          fit += c[i] * basis[k][i];
        }
        double r = Math.log10(s1000[k]) - fit;
        sum2 += r * r;
        n++;
      }
    }
    assertTrue(n > 300, "S(1000) defined for " + n + " of " + s1000.length + " footprints");
    return Math.sqrt(sum2 / n);
  }

  private static double nanMean(double[] v) {
    return java.util.Arrays.stream(v).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /**
   * Air shower at fixed labels (10 EeV vertical protons, core in the middle of a cell): the total
   * signal's spread, the array's energy resolution, is within twice the simulator's (shipped: 1.2×,
   * its total drawn from a density given the labels and Xmax; 1.5× given the labels alone; a
   * generator that emitted it scattered 3.5×). 300 simulated and 300 generated showers know each spread to 4 %.
   */
  @Test
  void airShowerTotalSignalSpreadAtFixedLabelsIsThePhysicalOne() {
    SurrogateModel<AirShowerPrimaries, AirShowerEvents> model = shipped("airshower-wgan");
    ArrayConfig array = (ArrayConfig) model.detector();
    int n = 300;
    PrimarySampler.Options fixed = PrimarySampler.Options.defaults().withEnergyRange(10, 10.001)
        .withMaxZenithDeg(1).withCoreRadiusM(1).withComposition(Composition.parse("p:1"));
    AirShowerPrimaries p = new PrimarySampler(fixed).sample(23, 0, n);
    double gan = logTotalSpread(model.asShowerGenerator(false).generate(p, 5, 0), array.stations());
    double sim = logTotalSpread(new AirShowerSimulator(array, AirShowerSimulator.Options.defaults()).generate(p, 5, 0),
        array.stations());
    System.out.printf("shipped air-shower model at 10 EeV: log10 S_total spread %.3f vs %.3f%n", gan, sim);
    assertTrue(gan < 2 * sim, "total-signal spread at fixed labels " + gan + " dex against the simulator's " + sim);
  }

  /**
   * Air shower, Xmax of 600 protons and 600 iron nuclei at 10 EeV (θ ≤ 60°), generated and simulated
   * on the same labels: the mean within 8 g/cm² and the width within 15 % of the simulator's for
   * each (the shipped model draws Xmax first from a generalised-Gumbel density: within 1.1 g/cm², the
   * width +0.4 % for protons and +11 % for iron; 600 showers know a mean to 2 g/cm² and a width to
   * 3 %). The previous model, whose network generated Xmax beside the footprint, gave both masses
   * about the same width (44 g/cm² against 54 for protons) and fails.
   */
  @Test
  void airShowerXmaxHasTheSimulatorsMassDependentMeanAndWidth() {
    SurrogateModel<AirShowerPrimaries, AirShowerEvents> model = shipped("airshower-wgan");
    ArrayConfig array = (ArrayConfig) model.detector();
    for (String mass : new String[] {"p:1", "Fe:1"}) {
      PrimarySampler.Options fixed = PrimarySampler.Options.defaults().withEnergyRange(10, 10.001)
          .withComposition(Composition.parse(mass));
      AirShowerPrimaries p = new PrimarySampler(fixed).sample(29, 0, 600);
      double[] gan = moments(model.asShowerGenerator(false).generate(p, 7, 0).xmaxGcm2());
      double[] sim = moments(new AirShowerSimulator(array, AirShowerSimulator.Options.fast()).generate(p, 7, 0)
          .xmaxGcm2());
      System.out.printf("shipped air-shower model, %s at 10 EeV: Xmax %.1f ± %.1f against %.1f ± %.1f g/cm²%n", mass,
          gan[0], gan[1], sim[0], sim[1]);
      assertEquals(sim[0], gan[0], 8, "mean Xmax of " + mass);
      assertEquals(1, gan[1] / sim[1], 0.15, "Xmax width of " + mass + " relative to the simulator's");
    }
  }

  /** Mean and standard deviation. */
  private static double[] moments(float[] v) {
    double mean = 0;
    for (float x : v) {
      mean += x / (double) v.length;
    }
    double var = 0;
    for (float x : v) {
      var += (x - mean) * (x - mean) / (v.length - 1);
    }
    return new double[] {mean, Math.sqrt(var)};
  }

  private static double logTotalSpread(AirShowerEvents e, int stations) {
    double[] v = new double[e.size()];
    for (int k = 0; k < e.size(); k++) {
      double s = 0;
      for (int i = k * stations; i < (k + 1) * stations; i++) {
        s += Float.isNaN(e.signalVem()[i]) ? 0 : e.signalVem()[i];
      }
      v[k] = Math.log10(1 + s);
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
  }

  /**
   * Calorimeter, 100 showers at each of 20, 50 (both trained) and 70 GeV (held out in training):
   * the mean visible energy per shower within 5 % of the reference Monte Carlo's at every energy
   * (shipped: within 1.5 %), every cell zero or above the 2 MIP threshold, and the hit count
   * within 12 % (shipped: within 10 %, 0.90 at 70 GeV; 100 showers know a mean hit count to about 1 %, so a model
   * back at the previous one's 19 % deficit fails).
   */
  @Test
  void calorimeterModelTracksTheReferenceMonteCarloOnTheSameLabels() {
    SurrogateModel<CalorimeterBeam, CalorimeterEvents> model = shipped("calorimeter-wgan");
    CalorimeterConfig cfg = (CalorimeterConfig) model.detector();
    for (double energy : new double[] {20, 50, 70}) {
      CalorimeterBeam beam = new BeamSampler(11, BeamEnergies.fixed(energy), BeamSpot.parse("gaussian:5")).sample(3, 0, 100);
      CalorimeterEvents gan = model.asShowerGenerator(false).generate(beam, 9, 0);
      CalorimeterEvents ref = new ReferenceCalorimeter(cfg, Realism.SIM).generate(beam, 9, 0);
      double[] g = totalsAndHits(gan, cfg);
      double[] r = totalsAndHits(ref, cfg);
      System.out.printf("shipped calorimeter model at %.0f GeV: energy ratio %.3f, hits ratio %.3f%n", energy,
          g[0] / r[0], g[1] / r[1]);
      assertEquals(1, g[0] / r[0], 0.05, "mean visible energy relative to the reference at " + energy + " GeV");
      assertEquals(1, g[1] / r[1], 0.12, "hits relative to the reference at " + energy + " GeV");
    }
  }

  @SuppressWarnings("unchecked")
  private static <C extends Conditions, E extends EventBatch> SurrogateModel<C, E> shipped(String name) {
    return (SurrogateModel<C, E>) SurrogateModel.load(MODELS.resolve(name));
  }

  /** Mean summed MIP and mean hit count per shower; checks that no cell lies under the threshold. */
  private static double[] totalsAndHits(CalorimeterEvents e, CalorimeterConfig cfg) {
    double total = 0;
    double hits = 0;
    for (float v : e.showersMip()) {
      assertTrue(v == 0 || v >= cfg.thresholdMip(), "a cell is 0 or above the threshold: " + v);
      total += v;
      hits += v > 0 ? 1 : 0;
    }
    return new double[] {total / e.size(), hits / e.size()};
  }

  /** Least-squares slope of y on x. */
  private static double slope(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxy / sxx;
  }
}
