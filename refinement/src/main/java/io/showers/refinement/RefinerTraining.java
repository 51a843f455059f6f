package io.showers.refinement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.Json;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.nn.Rng;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Training of a refiner for either detector: settings, the channels found dead in data, the
 * detector's model space and critic summaries; the loop itself is {@link AdversarialLoop}. Data
 * labels are never used in training (only the particle is checked to match the simulation's).
 */
public final class RefinerTraining {
  private RefinerTraining() {}

  /**
   * @param steps refiner updates
   * @param batchSize events per mini-batch
   * @param criticSteps critic updates per refiner update
   * @param lambda gradient-penalty weight
   * @param alpha self-regularisation weight
   * @param lrRefiner refiner learning rate
   * @param lrCritic critic learning rate
   * @param refinerHidden hidden widths of the per-cell network
   * @param criticHidden hidden widths of the critic
   * @param bufferSize history buffer capacity (events)
   * @param criticPretrain critic updates before the first refiner update
   * @param criticSeesCells whether the critic sees every cell besides the event summaries
   * @param refineEmptyCells whether empty cells (calorimeter) or untriggered stations (air shower) next to
   *     hits are refined, so they may cross the threshold
   * @param seed seed of weights and draws
   */
  public record Settings(int steps, int batchSize, int criticSteps, double lambda, double alpha, double lrRefiner,
      double lrCritic, int[] refinerHidden, int[] criticHidden, int bufferSize, int criticPretrain, boolean criticSeesCells, boolean refineEmptyCells, long seed) {
    public static Settings defaults() {
      return new Settings(600, 64, 5, 10, 20.0, 3e-4, 5e-4, new int[] {32, 32}, new int[] {64, 64}, 2048, 50, false, true, 1);
    }

    public Settings withSteps(int s) {
      return new Settings(s, batchSize, criticSteps, lambda, alpha, lrRefiner, lrCritic, refinerHidden,
          criticHidden, bufferSize, criticPretrain, criticSeesCells, refineEmptyCells, seed);
    }

    public Settings withAlpha(double a) {
      return new Settings(steps, batchSize, criticSteps, lambda, a, lrRefiner, lrCritic, refinerHidden,
          criticHidden, bufferSize, criticPretrain, criticSeesCells, refineEmptyCells, seed);
    }

    public Settings withCritic(boolean seesCells, boolean emptyCells) {
      return new Settings(steps, batchSize, criticSteps, lambda, alpha, lrRefiner, lrCritic, refinerHidden,
          criticHidden, bufferSize, criticPretrain, seesCells, emptyCells, seed);
    }

    public Settings withLearningRate(double lr) {
      return new Settings(steps, batchSize, criticSteps, lambda, alpha, lr, lrCritic, refinerHidden,
          criticHidden, bufferSize, criticPretrain, criticSeesCells, refineEmptyCells, seed);
    }

    public Settings withSeed(long s) {
      return new Settings(steps, batchSize, criticSteps, lambda, alpha, lrRefiner, lrCritic, refinerHidden,
          criticHidden, bufferSize, criticPretrain, criticSeesCells, refineEmptyCells, s);
    }

    void validate() {
      if (steps < 0 || batchSize < 2 || criticSteps < 1 || lambda < 0 || alpha < 0 || lrRefiner <= 0
          || lrCritic <= 0 || bufferSize < batchSize || criticPretrain < 0) {
        throw new IllegalArgumentException("invalid refiner settings " + this);
      }
    }
  }

  /**
   * Figures of one refiner step; {@code logEnergyShift} is the mean log total signal (energy) of the
   * current refinements minus that of the data batch.
   */
  public record Step(int step, double wasserstein, double penalty, double meanAbsCorrection, double logEnergyShift) {}

  /** Dead channels: hit in at least 2% of simulated events, never in (at least 200) data events. */
  static boolean[] deadCells(CalorimeterEvents sim, CalorimeterEvents data) {
    int cells = sim.cells();
    boolean[] dead = new boolean[cells];
    if (data.size() < 200) {
      return dead;
    }
    int[] simHits = new int[cells];
    int[] dataHits = new int[cells];
    for (int i = 0; i < sim.showersMip().length; i++) {
      simHits[i % cells] += sim.showersMip()[i] > 0 ? 1 : 0;
    }
    for (int i = 0; i < data.showersMip().length; i++) {
      dataHits[i % cells] += data.showersMip()[i] > 0 ? 1 : 0;
    }
    for (int c = 0; c < cells; c++) {
      dead[c] = dataHits[c] == 0 && simHits[c] >= 0.02 * sim.size();
    }
    return dead;
  }

  /** Trains a calorimeter refiner from simulated to data events of one detector configuration and particle. */
  public static CalorimeterRefiner train(CalorimeterConfig config, CalorimeterEvents sim, CalorimeterEvents data,
      Settings s, Consumer<Step> listener) {
    s.validate();
    if (sim.cells() != config.cells() || data.cells() != config.cells()) {
      throw new IllegalArgumentException("simulation and data must both have the detector's " + config.cells() + " cells");
    }
    CellSpace space = CellSpace.fit(sim);
    space.requireParticle(data, "data");
    Rng rng = new Rng(s.seed());
    CalorimeterRefiner refiner = CalorimeterRefiner.initialise(config, space, s.refinerHidden(),
        deadCells(sim, data), s.refineEmptyCells(), rng.nextLong());
    float[] xs = space.encode(sim);
    float[] xd = space.encode(data);
    EventSummary summary = new CalorimeterSummary(config, space.logScale(), s.criticSeesCells()).fit(xs, sim.size());
    AdversarialLoop.Outcome o = AdversarialLoop.run(refiner, summary, xs, sim.size(), xd, data.size(), s, rng, listener);
    ObjectNode t = record(s, o, sim.size(), data.size());
    t.put("criticSeesCells", s.criticSeesCells());
    t.put("refineEmptyCells", s.refineEmptyCells());
    t.put("deadCellsFound", refiner.deadCellCount());
    refiner.training(t);
    return refiner;
  }

  /** Dead stations: triggered in at least 2% of simulated events, never in (at least 200) data events. */
  static boolean[] deadStations(AirShowerEvents sim, AirShowerEvents data) {
    int st = sim.side() * sim.side();
    boolean[] dead = new boolean[st];
    if (data.size() < 200) {
      return dead;
    }
    int[] simHits = new int[st];
    int[] dataHits = new int[st];
    for (int i = 0; i < sim.signalVem().length; i++) {
      simHits[i % st] += Float.isNaN(sim.signalVem()[i]) ? 0 : 1;
    }
    for (int i = 0; i < data.signalVem().length; i++) {
      dataHits[i % st] += Float.isNaN(data.signalVem()[i]) ? 0 : 1;
    }
    for (int s = 0; s < st; s++) {
      dead[s] = dataHits[s] == 0 && simHits[s] >= 0.02 * sim.size();
    }
    return dead;
  }

  /** Trains an air-shower refiner from simulated to data footprints of one array configuration. */
  public static AirShowerRefiner train(ArrayConfig config, AirShowerEvents sim, AirShowerEvents data, Settings s,
      Consumer<Step> listener) {
    s.validate();
    if (sim.side() != config.stationsPerSide() || data.side() != config.stationsPerSide()) {
      throw new IllegalArgumentException("simulation and data must both have the array's " + config.stations()
          + " stations");
    }
    Rng rng = new Rng(s.seed());
    AirShowerRefiner refiner = AirShowerRefiner.initialise(config, s.refinerHidden(), deadStations(sim, data),
        s.refineEmptyCells(), rng.nextLong());
    float[] xs = StationSpace.encode(sim);
    float[] xd = StationSpace.encode(data);
    EventSummary summary = new AirShowerSummary(new Grid(config.stationsPerSide()), refiner.threshold())
        .fit(xs, sim.size());
    AdversarialLoop.Outcome o = AdversarialLoop.run(refiner, summary, xs, sim.size(), xd, data.size(), s, rng, listener);
    ObjectNode t = record(s, o, sim.size(), data.size());
    t.put("createStations", s.refineEmptyCells());
    t.put("deadStationsFound", refiner.deadStationCount());
    refiner.training(t);
    return refiner;
  }

  /** The training record saved with a refiner: settings and final figures. */
  static ObjectNode record(Settings s, AdversarialLoop.Outcome o, int simEvents, int dataEvents) {
    ObjectNode t = Json.mapper().createObjectNode();
    t.put("trainedAt", Instant.now().toString());
    t.put("steps", s.steps());
    t.put("batchSize", s.batchSize());
    t.put("criticSteps", s.criticSteps());
    t.put("lambda", s.lambda());
    t.put("alpha", s.alpha());
    t.put("lrRefiner", s.lrRefiner());
    t.put("lrCritic", s.lrCritic());
    t.set("refinerHidden", Json.mapper().valueToTree(s.refinerHidden()));
    t.set("criticHidden", Json.mapper().valueToTree(s.criticHidden()));
    t.put("bufferSize", s.bufferSize());
    t.put("criticPretrain", s.criticPretrain());
    t.put("seed", s.seed());
    t.put("simEvents", simEvents);
    t.put("dataEvents", dataEvents);
    t.put("finalWasserstein", o.wasserstein());
    t.put("finalPenalty", o.penalty());
    t.put("finalMeanAbsCorrection", o.meanAbsCorrection());
    t.put("seconds", o.seconds());
    return t;
  }
}
