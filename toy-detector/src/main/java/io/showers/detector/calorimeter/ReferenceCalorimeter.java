package io.showers.detector.calorimeter;

import io.showers.detector.Json;
import io.showers.detector.Seeds;
import io.showers.detector.ShowerGenerator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The reference calorimeter simulation ({@code --mode reference}): a full electromagnetic cascade
 * Monte Carlo ({@link CascadeMonteCarlo}) per shower, sensor deposits scored in cells and read
 * out in MIP ({@link SensorReadout}). Thread-safe: each call uses its own worker and stack.
 */
public final class ReferenceCalorimeter implements ShowerGenerator<CalorimeterBeam, CalorimeterEvents> {
  public static final String NAME = "calorimeter-cascade";
  public static final String VERSION = "1.0";

  private final CalorimeterConfig config;
  private final CascadeSettings settings;
  private final Realism realism;
  private final CascadeMonteCarlo cascade;

  public ReferenceCalorimeter(CalorimeterConfig config, CascadeSettings settings, Realism realism) {
    config.validate();
    this.config = config;
    this.settings = settings;
    this.realism = realism;
    this.cascade = new CascadeMonteCarlo(config, settings);
  }

  public ReferenceCalorimeter(CalorimeterConfig config, Realism realism) {
    this(config, CascadeSettings.defaults(), realism);
  }

  @Override
  public CalorimeterConfig detector() {
    return config;
  }

  public Realism realism() {
    return realism;
  }

  @Override
  public String producer() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", NAME);
    m.put("version", VERSION);
    m.put("mode", "reference");
    m.put("realism", realism.id());
    m.put("settings", settings);
    m.put("mipMeV", SensorReadout.mipMeV(config));
    return Json.write(m);
  }

  /** Kinetic energy of the primary for a beam energy (total energy for e±), MeV. */
  static double kineticMeV(int pdg, double energyGeV) {
    double e = energyGeV * 1000.0;
    return pdg == CalorimeterBeam.PHOTON ? e : e - PhysicsConstants.ELECTRON_MASS_MEV;
  }

  @Override
  public CalorimeterEvents generate(CalorimeterBeam beam, long seed, long firstEventIndex) {
    CalorimeterEvents out = CalorimeterEvents.allocate(beam.size(), config.layers(), config.rows(), config.cols());
    CascadeMonteCarlo.Worker worker = cascade.newWorker();
    CellScorer scorer = new CellScorer(cascade.geometry, config);
    SensorReadout readout = new SensorReadout(config, realism);
    EnergyLedger ledger = new EnergyLedger();
    int cells = config.cells();
    for (int k = 0; k < beam.size(); k++) {
      UniformRandomProvider rng = Seeds.rng(Seeds.event(seed, firstEventIndex + k));
      int pdg = beam.particlePdg()[k];
      checkLabel(pdg, beam.energyGeV()[k], firstEventIndex + k);
      scorer.clear();
      ledger.clear();
      worker.run(pdg, kineticMeV(pdg, beam.energyGeV()[k]),
          beam.impactMm()[2 * k], beam.impactMm()[2 * k + 1], rng, scorer, ledger);
      readout.read(scorer.cellsMeV, rng, out.showersMip(), k * cells);
      out.incidentEnergyGeV()[k] = beam.energyGeV()[k];
      out.impactMm()[2 * k] = beam.impactMm()[2 * k];
      out.impactMm()[2 * k + 1] = beam.impactMm()[2 * k + 1];
      out.particlePdg()[k] = pdg;
    }
    return out;
  }

  /** Rejects labels the simulators cannot run (one-line message naming value and expectation). */
  static void checkLabel(int pdg, float energyGeV, long event) {
    if (pdg != CalorimeterBeam.ELECTRON && pdg != CalorimeterBeam.PHOTON) {
      throw new IllegalArgumentException("event " + event + ": particle PDG code " + pdg
          + " is not supported; expected 11 (e-) or 22 (gamma)");
    }
    if (!(energyGeV >= BeamEnergies.MIN_GEV && energyGeV <= BeamEnergies.MAX_GEV)) {
      throw new IllegalArgumentException("event " + event + ": beam energy " + energyGeV
          + " GeV is invalid; expected " + BeamEnergies.MIN_GEV + " to " + BeamEnergies.MAX_GEV + " GeV");
    }
  }

  /** The cascade engine, for studies and tests in this package. */
  CascadeMonteCarlo cascade() {
    return cascade;
  }
}
