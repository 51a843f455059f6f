package io.showers.detector.calorimeter;

import io.showers.detector.Json;
import io.showers.detector.Seeds;
import io.showers.detector.ShowerGenerator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.hipparchus.special.Gamma;

/**
 * The classical fast simulation ({@code --mode parametrised}), after GFlash (Grindhammer et al.,
 * NIM A290 (1990) 469): per shower a fluctuating Gamma-function longitudinal profile with
 * correlated (α, β); for each sensor layer the mean silicon signal from the profile at the
 * layer's depth, split into energy spots (Poisson number, Gamma-distributed energies: the
 * sampling fluctuations) placed at radii from a core + tail profile that widens with depth.
 * All constants ({@link GflashParameters}) are fitted to the reference cascade for a tungsten
 * absorber; other absorbers are refused.
 */
public final class ParametrisedCalorimeter implements ShowerGenerator<CalorimeterBeam, CalorimeterEvents> {
  public static final String NAME = "calorimeter-gflash";
  public static final String VERSION = "1.0";
  private static final double SPOT_SHAPE = 2.0;

  private final CalorimeterConfig config;
  private final Realism realism;
  private final double[] sensorDepthX0;
  private final double moliereMm;
  private final double thicknessScale;

  public ParametrisedCalorimeter(CalorimeterConfig config, Realism realism) {
    config.validate();
    if (!"w".equals(config.absorber().trim().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("parametrised mode is tuned for a W absorber only, got '"
          + config.absorber() + "'; expected W (or use --mode reference)");
    }
    this.config = config;
    this.realism = realism;
    this.sensorDepthX0 = new SlabGeometry(config, 1000).sensorDepthX0;
    this.moliereMm = Materials.get("W").moliereRadiusMm();
    this.thicknessScale = config.sensorThicknessUm() / 300.0;
  }

  @Override
  public CalorimeterConfig detector() {
    return config;
  }

  @Override
  public String producer() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", NAME);
    m.put("version", VERSION);
    m.put("mode", "parametrised");
    m.put("realism", realism.id());
    m.put("tunedTo", ReferenceCalorimeter.NAME + " " + ReferenceCalorimeter.VERSION);
    m.put("mipMeV", SensorReadout.mipMeV(config));
    return Json.write(m);
  }

  static GflashParameters parameters(int pdg) {
    return pdg == CalorimeterBeam.PHOTON ? GflashConstants.PHOTON : GflashConstants.ELECTRON;
  }

  @Override
  public CalorimeterEvents generate(CalorimeterBeam beam, long seed, long firstEventIndex) {
    CalorimeterEvents out = CalorimeterEvents.allocate(beam.size(), config.layers(), config.rows(), config.cols());
    SlabGeometry geometry = new SlabGeometry(config, 1000);
    CellScorer scorer = new CellScorer(geometry, config);
    SensorReadout readout = new SensorReadout(config, realism);
    int cells = config.cells();
    for (int k = 0; k < beam.size(); k++) {
      int pdg = beam.particlePdg()[k];
      float energy = beam.energyGeV()[k];
      ReferenceCalorimeter.checkLabel(pdg, energy, firstEventIndex + k);
      UniformRandomProvider rng = Seeds.rng(Seeds.event(seed, firstEventIndex + k));
      scorer.clear();
      shower(parameters(pdg), energy, beam.impactMm()[2 * k], beam.impactMm()[2 * k + 1], rng, scorer);
      readout.read(scorer.cellsMeV, rng, out.showersMip(), k * cells);
      out.incidentEnergyGeV()[k] = energy;
      out.impactMm()[2 * k] = beam.impactMm()[2 * k];
      out.impactMm()[2 * k + 1] = beam.impactMm()[2 * k + 1];
      out.particlePdg()[k] = pdg;
    }
    return out;
  }

  /** Samples the profile parameters (α, β) of one shower. */
  static double[] sampleProfile(GflashParameters p, double energyGeV, ZigguratSampler.NormalizedGaussian gauss) {
    double lnE = Math.log(energyGeV);
    double z1 = GflashConstants.FLUCTUATION_SCALE * gauss.sample();
    double z2 = GflashConstants.FLUCTUATION_SCALE * gauss.sample();
    double lnA = p.lnAlpha0() + p.lnAlpha1() * lnE + p.sigmaLnAlpha() * z1;
    double lnB = p.lnBeta0() + p.lnBeta1() * lnE
        + p.sigmaLnBeta() * (p.rho() * z1 + Math.sqrt(1 - p.rho() * p.rho()) * z2);
    double a = Math.max(1.05, Math.exp(lnA));
    return new double[] {a, Math.exp(lnB)};
  }

  private void shower(GflashParameters p, double energyGeV, double x0, double y0,
      UniformRandomProvider rng, CellScorer scorer) {
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    double[] ab = sampleProfile(p, energyGeV, gauss);
    double a = ab[0];
    double b = ab[1];
    double tMax = (a - 1) / b;
    double lnGammaA = Gamma.logGamma(a);
    double energyMeV = energyGeV * 1000.0;
    double spot = p.spotMeV() * GflashConstants.SPOT_SCALE * thicknessScale;
    AhrensDieterMarsagliaTsangGammaSampler spotEnergy =
        new AhrensDieterMarsagliaTsangGammaSampler(rng, SPOT_SHAPE, spot / SPOT_SHAPE);
    for (int l = 0; l < sensorDepthX0.length; l++) {
      double t = sensorDepthX0[l];
      double bt = b * t;
      double density = b * Math.exp((a - 1) * Math.log(bt) - bt - lnGammaA);
      double meanMeV = energyMeV * p.sensorPerDensity() * thicknessScale * density;
      double meanSpots = meanMeV / spot;
      if (meanSpots < 1e-9) {
        continue;
      }
      int spots = meanSpots > 1e6 ? (int) Math.round(meanSpots + Math.sqrt(meanSpots) * gauss.sample())
          : PoissonSampler.of(rng, meanSpots).sample();
      double tau = t / tMax;
      double rc = p.interpolate(p.coreRm(), tau) * moliereMm;
      double rt = p.interpolate(p.tailRm(), tau) * moliereMm;
      double pc = p.interpolate(p.coreFraction(), tau);
      for (int s = 0; s < spots; s++) {
        double r0 = rng.nextDouble() < pc ? rc : rt;
        double u = rng.nextDouble();
        double r = r0 * Math.sqrt(u / (1 - u));
        double phi = 2 * Math.PI * rng.nextDouble();
        scorer.add(l, x0 + r * Math.cos(phi), y0 + r * Math.sin(phi), spotEnergy.sample());
      }
    }
  }
}
