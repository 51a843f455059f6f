package io.showers.generative.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.datasets.FileMetadata;
import io.showers.datasets.ShowerDataset;
import io.showers.datasets.ShowerFileWriter;
import io.showers.datasets.testing.SyntheticEvents;
import io.showers.detector.Detector;
import io.showers.detector.Json;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.AirShowerPrimaries;
import io.showers.detector.airshower.AirShowerSimulator;
import io.showers.detector.airshower.ShowerModel;
import io.showers.detector.airshower.PrimarySampler;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.wgan.TransversePrior;
import io.showers.generative.wgan.Generator;
import io.showers.generative.wgan.CountingNoise;
import io.showers.generative.wgan.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurrogateTest {
  @TempDir Path dir;

  private static final SurrogateTraining.Settings TINY = new SurrogateTraining.Settings(
      6, 32, 2, 10, 1e-4, 1e-4, 8, new int[] {32}, new int[] {32}, 0.01, 20, 5L, 3, true, true, false, false, false, true, false, false, false, false, false, false, false, false, false, false);

  private Path calorimeterModel() throws Exception {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    return trainCalorimeter("model", TINY, SyntheticEvents.calorimeter(cfg, 200, 3, new double[] {20, 50, 90}));
  }

  /** Writes {@code events} to a file and trains {@code name} on them with {@code settings}. */
  private Path trainCalorimeter(String name, SurrogateTraining.Settings settings, CalorimeterEvents events)
      throws Exception {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    Path file = dir.resolve(name + ".h5");
    ShowerFileWriter.write(file, events, FileMetadata.of(cfg, "{\"name\":\"synthetic\"}", 3, 0), false);
    Path model = dir.resolve(name);
    try (ShowerDataset d = ShowerDataset.open(file)) {
      SurrogateTraining.train(d, settings, model, false, TrainingListener.none(), "test");
    }
    return model;
  }

  @Test
  void calorimeterCodecRoundTripsCellsAboveThreshold() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterEvents e = SyntheticEvents.calorimeter(cfg, 20, 1, new double[] {50});
    CalorimeterCodec codec = CalorimeterCodec.fit(e);
    CalorimeterEvents back = codec.decode(codec.encodeEvents(e), codec.conditionsOf(e), cfg);
    for (int i = 0; i < e.showersMip().length; i++) {
      float v = e.showersMip()[i];
      float expected = v < cfg.thresholdMip() ? 0f : v;
      assertEquals(expected, back.showersMip()[i], 1e-4 * Math.max(1, v));
    }
    assertArrayEquals(e.incidentEnergyGeV(), back.incidentEnergyGeV());
  }

  /**
   * The calorimeter's energy-share head starts at the training set's mean shower: a zero network
   * output decodes to a 50 GeV shower whose longitudinal profile (energy share per layer) is the
   * mean profile of the training showers and whose energy sum is their geometric mean, so the
   * layers of the flattened cell vector are where the head thinks they are.
   */
  @Test
  void calorimeterEnergyShareHeadStartsAtTheMeanShower() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterEvents e = SyntheticEvents.calorimeter(cfg, 60, 8, new double[] {50});
    CalorimeterCodec codec = CalorimeterCodec.fit(e);
    io.showers.generative.wgan.EnergyShareHead head = codec.outputHead(codec.encodeEvents(e), cfg);
    assertEquals(cfg.layers(), head.groups());
    assertEquals(cfg.cells() + cfg.layers() + 1, head.rawDim());
    int perLayer = cfg.rows() * cfg.cols();
    double[] meanShare = new double[cfg.layers()];
    double meanLogSum = 0;
    for (int k = 0; k < e.size(); k++) {
      double[] layer = new double[cfg.layers()];
      double sum = 0;
      for (int i = 0; i < cfg.cells(); i++) {
        layer[i / perLayer] += e.showersMip()[k * cfg.cells() + i];
        sum += e.showersMip()[k * cfg.cells() + i];
      }
      for (int l = 0; l < cfg.layers(); l++) {
        meanShare[l] += layer[l] / sum / e.size();
      }
      meanLogSum += Math.log(sum) / e.size();
    }
    float[] prior = new float[cfg.cells()];
    head.apply(new float[head.rawDim()], prior, 1);
    double[] layer = new double[cfg.layers()];
    double sum = 0;
    for (int i = 0; i < cfg.cells(); i++) {
      double u = Math.expm1(prior[i] * codec.logScale()); // before the threshold: the head's own amounts
      layer[i / perLayer] += u;
      sum += u;
    }
    assertEquals(Math.exp(meanLogSum), sum, 1e-4 * sum, "energy sum of the prior shower");
    for (int l = 0; l < cfg.layers(); l++) {
      // the 1e-6 share floor shifts a layer share by at most ~1e-6 relative
      assertEquals(meanShare[l], layer[l] / sum, 1e-5, "energy share of layer " + l);
    }
  }

  /**
   * The training-time zero suppression removes exactly the cells that decoding turns into zeros
   * (the detector's 2 MIP threshold at each event's energy), so the critic judges what a user
   * will get.
   */
  @Test
  void zeroSuppressionInTrainingMatchesTheDecodedThreshold() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterEvents e = SyntheticEvents.calorimeter(cfg, 6, 3, new double[] {20, 50, 90});
    CalorimeterCodec codec = CalorimeterCodec.fit(e);
    int cells = codec.eventDim();
    float[] x = new float[e.size() * cells];
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rnd.nextDouble() * 0.6 - 0.1); // around the threshold at every energy
    }
    float[] y = codec.encodeLabels(codec.conditionsOf(e));
    org.nd4j.linalg.api.ndarray.INDArray raw = org.nd4j.linalg.factory.Nd4j.create(x, new long[] {e.size(), cells}, 'c');
    org.nd4j.linalg.api.ndarray.INDArray labels = org.nd4j.linalg.factory.Nd4j.create(y, new long[] {e.size(), 3}, 'c');
    io.showers.generative.wgan.ZeroSuppression rule = codec.zeroSuppression(cfg);
    float[] suppressed = rule.apply(raw, labels).data().asFloat();
    // the backward pass lets gradient through at kept cells and at dropped cells above half the threshold
    float[] grad = rule.backward(raw, labels, raw.ulike().assign(1)).data().asFloat();
    double floorMip = cfg.thresholdMip() * EventCodec.GRADIENT_FLOOR;
    CalorimeterConfig halfThreshold = new CalorimeterConfig(cfg.absorber(), cfg.absorberBeforeLayerX0(),
        cfg.sensorThicknessUm(), cfg.rows(), cfg.cols(), cfg.cellSizeMm(), floorMip);
    float[] aboveFloor = codec.decode(x, codec.conditionsOf(e), halfThreshold).showersMip();
    int passedBelowThreshold = 0;
    for (int i = 0; i < x.length; i++) {
      if (Math.abs(aboveFloor[i] - floorMip) > 1e-3) {
        assertEquals(aboveFloor[i] > 0 ? 1f : 0f, grad[i], 0f, "gradient mask at cell " + i);
      }
      if (suppressed[i] == 0f && grad[i] == 1f) {
        passedBelowThreshold++;
      }
    }
    assertTrue(passedBelowThreshold > 50, passedBelowThreshold + " cells just under the threshold pass gradient");
    CalorimeterEvents decoded = codec.decode(x, codec.conditionsOf(e), cfg);
    int kept = 0;
    int dropped = 0;
    for (int i = 0; i < x.length; i++) {
      boolean hit = decoded.showersMip()[i] > 0;
      // a cell within float rounding of the threshold may go either way
      double margin = Math.abs(decoded.showersMip()[i] - cfg.thresholdMip());
      if (margin > 1e-3 || !hit) {
        assertEquals(hit, suppressed[i] != 0f, "cell " + i + " decoded to " + decoded.showersMip()[i] + " MIP");
      }
      if (hit) {
        assertEquals(x[i], suppressed[i], 0f, "kept cells are unchanged");
        kept++;
      } else {
        dropped++;
      }
    }
    assertTrue(kept > 100 && dropped > 100, kept + " kept, " + dropped + " dropped: the test must straddle the threshold");
  }

  /**
   * Skipping the exponential of sub-threshold cells changes nothing: the decode equals the plain
   * formula bit for bit, also for values a hair either side of the threshold's pre-image.
   */
  @Test
  void calorimeterDecodeEqualsThePlainFormulaNearTheThreshold() {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterCodec codec = new CalorimeterCodec(9.3, 11, cfg.cells());
    int n = 40;
    CalorimeterBeam beam = CalorimeterBeam.allocate(n);
    float[] model = new float[n * cfg.cells()];
    io.showers.generative.nn.Rng rng = new io.showers.generative.nn.Rng(4);
    for (int k = 0; k < n; k++) {
      beam.energyGeV()[k] = (float) (10 + 2.3 * k);
      beam.particlePdg()[k] = 11;
      double scale = beam.energyGeV()[k] / 50.0;
      double cut = Math.log1p(cfg.thresholdMip() / scale) / codec.logScale();
      for (int i = k * cfg.cells(); i < (k + 1) * cfg.cells(); i++) {
        double r = rng.nextDouble();
        // a third exactly around the cut (±a few float ulps), the rest spread over [-0.2, 1.2]
        model[i] = (float) (r < 0.33 ? Math.nextAfter((float) cut, rng.nextInt(2) == 0 ? -1 : 2)
            + (rng.nextInt(5) - 2) * Math.ulp((float) cut) : -0.2 + 1.4 * rng.nextDouble());
      }
    }
    float[] got = codec.decode(model, beam, cfg).showersMip();
    float threshold = (float) cfg.thresholdMip();
    int above = 0;
    for (int k = 0; k < n; k++) {
      double scale = beam.energyGeV()[k] / 50.0;
      for (int i = k * cfg.cells(); i < (k + 1) * cfg.cells(); i++) {
        float e = (float) (scale * Math.expm1(Math.min(1.05, Math.max(0, model[i])) * codec.logScale()));
        float expected = e < threshold ? 0f : e;
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got[i]), "cell " + i + " model " + model[i]);
        above += expected > 0 ? 1 : 0;
      }
    }
    assertTrue(above > 0 && above < model.length, "both sides of the threshold tested: " + above);
  }

  @Test
  void airShowerCodecKeepsTheTriggerRuleAndEarliestStationAtZero() {
    ArrayConfig cfg = ArrayConfig.defaults();
    AirShowerEvents e = SyntheticEvents.airShower(cfg, 10, 2, 0);
    AirShowerCodec codec = AirShowerCodec.of(cfg);
    AirShowerEvents back = codec.decode(codec.encodeEvents(e), codec.conditionsOf(e), cfg);
    int st = 196;
    for (int k = 0; k < e.size(); k++) {
      float earliest = Float.POSITIVE_INFINITY;
      for (int s = 0; s < st; s++) {
        float sig = e.signalVem()[k * st + s];
        boolean on = !Float.isNaN(sig) && sig >= cfg.triggerThresholdVem();
        assertEquals(on, !Float.isNaN(back.signalVem()[k * st + s]), "station " + s);
        assertEquals(Float.isNaN(back.signalVem()[k * st + s]), Float.isNaN(back.timeUs()[k * st + s]));
        if (on) {
          assertEquals(sig, back.signalVem()[k * st + s], 1e-3 * sig);
          earliest = Math.min(earliest, back.timeUs()[k * st + s]);
        }
      }
      assertEquals(0f, earliest, 1e-6f);
      assertEquals(e.xmaxGcm2()[k], back.xmaxGcm2()[k], 1e-3);
    }
  }

  /**
   * The trigger applied in training drops exactly the stations decoding drops, signal and time
   * together, and passes gradient at stations above half the threshold (1.5–3 VEM) as well.
   */
  @Test
  void airShowerTriggerInTrainingMatchesTheDecodedTrigger() {
    ArrayConfig cfg = ArrayConfig.defaults();
    AirShowerEvents e = SyntheticEvents.airShower(cfg, 8, 3, 0);
    AirShowerCodec codec = AirShowerCodec.of(cfg);
    int d = codec.eventDim();
    int st = 196;
    float[] x = codec.encodeEvents(e);
    java.util.Random rnd = new java.util.Random(9);
    for (int k = 0; k < e.size(); k++) {
      for (int s = 0; s < st; s++) {
        x[k * d + s] = (float) (rnd.nextDouble() * 0.3); // 0-15 VEM, around the 3 VEM threshold
        x[k * d + st + s] = (float) (0.1 + rnd.nextDouble());
      }
    }
    org.nd4j.linalg.api.ndarray.INDArray raw = org.nd4j.linalg.factory.Nd4j.create(x, new long[] {e.size(), d}, 'c');
    io.showers.generative.wgan.ZeroSuppression rule = codec.zeroSuppression(cfg);
    float[] suppressed = rule.apply(raw, null).data().asFloat();
    float[] grad = rule.backward(raw, null, raw.ulike().assign(1)).data().asFloat();
    AirShowerEvents decoded = codec.decode(x, codec.conditionsOf(e), cfg);
    int kept = 0;
    int band = 0;
    for (int k = 0; k < e.size(); k++) {
      for (int s = 0; s < st; s++) {
        double vem = Math.pow(10, 4 * x[k * d + s]) - 1;
        if (Math.abs(vem - cfg.triggerThresholdVem()) < 1e-3) {
          continue; // float rounding may go either way
        }
        boolean triggered = !Float.isNaN(decoded.signalVem()[k * st + s]);
        assertEquals(triggered, suppressed[k * d + s] != 0f, "signal of station " + s + " at " + vem + " VEM");
        assertEquals(triggered, suppressed[k * d + st + s] != 0f, "time of station " + s + " at " + vem + " VEM");
        boolean passes = vem >= EventCodec.GRADIENT_FLOOR * cfg.triggerThresholdVem();
        assertEquals(passes ? 1f : 0f, grad[k * d + s], 0f, "signal gradient at " + vem + " VEM");
        assertEquals(passes ? 1f : 0f, grad[k * d + st + s], 0f, "time gradient at " + vem + " VEM");
        kept += triggered ? 1 : 0;
        band += passes && !triggered ? 1 : 0;
      }
      assertEquals(x[k * d + 2 * st], suppressed[k * d + 2 * st], 0f, "Xmax is not a station");
    }
    assertTrue(kept > 100 && band > 50 && kept < e.size() * st - 100, kept + " triggered, " + band + " in the band");
  }

  /**
   * Simulated showers up to 60° zenith: arrival times span several µs across the footprint, but
   * their residuals to the labelled plane front (curvature off) are only the particle delays and
   * jitter, so the encoded times of every triggered station lie in [0, 2.5 µs] and their spread per
   * event is at most a fifth of the raw spread. Absolute times (the old encoding) fail the first
   * bound for inclined showers.
   */
  @Test
  void airShowerTimesAreEncodedAsResidualsToThePlaneFront() {
    ArrayConfig cfg = ArrayConfig.defaults();
    AirShowerPrimaries p = new PrimarySampler(PrimarySampler.Options.defaults()).sample(3, 0, 40);
    AirShowerEvents e = new AirShowerSimulator(cfg, AirShowerSimulator.Options.fast()).generate(p, 4, 0);
    AirShowerCodec codec = AirShowerCodec.of(cfg);
    float[] x = codec.encodeEvents(e);
    int st = cfg.stations();
    int d = codec.eventDim();
    int inclined = 0;
    for (int k = 0; k < e.size(); k++) {
      double rawMin = Double.POSITIVE_INFINITY;
      double rawMax = Double.NEGATIVE_INFINITY;
      double resMax = 0;
      for (int s = 0; s < st; s++) {
        float t = e.timeUs()[k * st + s];
        if (!Float.isNaN(t)) {
          rawMin = Math.min(rawMin, t);
          rawMax = Math.max(rawMax, t);
          float r = x[k * d + st + s];
          assertTrue(r >= 0 && r <= 2.5, "event " + k + " station " + s + " residual " + r + " µs");
          resMax = Math.max(resMax, r);
        }
      }
      if (rawMax - rawMin > 3) {
        inclined++;
        assertTrue(resMax <= 0.2 * (rawMax - rawMin), "event " + k + ": residual spread " + resMax
            + " µs vs raw " + (rawMax - rawMin) + " µs");
      }
    }
    assertTrue(inclined >= 10, "only " + inclined + " of 40 showers span more than 3 µs");
    // decoding restores the simulated times
    AirShowerEvents back = codec.decode(x, codec.conditionsOf(e), cfg);
    for (int i = 0; i < e.timeUs().length; i++) {
      if (!Float.isNaN(back.timeUs()[i])) {
        assertEquals(e.timeUs()[i], back.timeUs()[i], 1e-5 * Math.max(1, e.timeUs()[i]));
      }
    }
  }

  /** The model generates the same showers for events 40..89 in a batch of their own as in the whole batch. */
  @SuppressWarnings("unchecked")
  private static void assertBatchIndependent(SurrogateModel<?, ?> loaded, CalorimeterEvents events) {
    GanShowerGenerator<CalorimeterBeam, CalorimeterEvents> g =
        (GanShowerGenerator<CalorimeterBeam, CalorimeterEvents>) loaded.asShowerGenerator(false);
    CalorimeterBeam beam = new CalorimeterBeam(events.size(), events.incidentEnergyGeV(), events.impactMm(),
        events.particlePdg());
    CalorimeterEvents out = g.generate(beam, 3L, 0);
    assertArrayEquals(out.slice(40, 90).showersMip(), g.generate(beam.slice(40, 90), 3L, 40).showersMip(),
        "the same showers in a smaller batch");
  }

  /**
   * A calorimeter trained with the profile density saves it (one knot per beam energy) and
   * generates batch-independent showers (the profile's noise is the generator's noise inputs 1 to
   * 7); the air shower, which has no layers, refuses it with a clear error.
   */
  @Test
  void profileDensityTrainsAndSavesForTheCalorimeterOnly() throws Exception {
    SurrogateTraining.Settings profile = new SurrogateTraining.Settings(3, 32, 2, 10, 1e-4, 1e-4, 8,
        new int[] {32}, new int[] {32}, 0.01, 20, 5L, 3, true, true, false, false, false, true, true, true, false, false, false, false, false, false, false, false);
    CalorimeterEvents events =
        SyntheticEvents.calorimeter(CalorimeterConfig.defaults(), 240, 3, new double[] {20, 50, 90});
    Path model = trainCalorimeter("profile-model", profile, events);
    SurrogateModel<?, ?> loaded = SurrogateModel.load(model);
    assertEquals(3, loaded.generator().head().profileDensity().knots().length, "one knot per beam energy");
    assertBatchIndependent(loaded, events);

    ArrayConfig array = ArrayConfig.defaults();
    Path air = dir.resolve("air-profile.h5");
    ShowerFileWriter.write(air, SyntheticEvents.airShower(array, 100, 4, 0),
        FileMetadata.of(array, "{\"name\":\"synthetic\"}", 4, 0), false);
    try (ShowerDataset d = ShowerDataset.open(air)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SurrogateTraining.train(d, profile, dir.resolve("air-m"), false, TrainingListener.none(), "test"));
      assertTrue(e.getMessage().contains("profile density"), e.getMessage());
    }
  }

  /**
   * An air-shower model trained with the lateral prior (and label-calibrated critic features)
   * saves it, reloads it, and generates
   * footprints centred on the labelled core from the first steps (the prior alone puts the
   * brightest station next to the core); a calorimeter training asking for it is refused.
   */
  @Test
  void lateralPriorTrainsSavesAndCentresFootprints() throws Exception {
    ArrayConfig cfg = ArrayConfig.defaults();
    AirShowerEvents events = SyntheticEvents.airShower(cfg, 500, 4, 0);
    Path file = dir.resolve("air.h5");
    ShowerFileWriter.write(file, events, FileMetadata.of(cfg, "{\"name\":\"synthetic\"}", 4, 0), false);
    SurrogateTraining.Settings withPrior = new SurrogateTraining.Settings(4, 32, 2, 10, 1e-4, 1e-4, 8,
        new int[] {32}, new int[] {32}, 0.01, 20, 5L, 3, true, true, false, true, true, false, true, false, true, true, true, true, true, true, false, false);
    Path model = dir.resolve("air-model");
    try (ShowerDataset d = ShowerDataset.open(file)) {
      SurrogateTraining.train(d, withPrior, model, false, TrainingListener.none(), "test");
    }
    SurrogateModel<?, ?> loaded = SurrogateModel.load(model);
    assertTrue(loaded.generator().head().lateralPrior() != null, "the prior is saved with the model");
    assertTrue(loaded.generator().head().countingSpread() && loaded.generator().head().cellSpread(),
        "--counting-spread gives cell spread that falls with the expected signal");
    assertTrue(loaded.generator().head().symmetricRadial(), "symmetric radial corrections are saved with the model");
    assertEquals(1000.0 / 750, loaded.generator().head().anchorDistance(), 1e-12, "S(1000) is drawn, in 750 m units");
    assertTrue(loaded.generator().head().totalRatioDensity() != null, "and the total's ratio to it");
    String checkpoint = Files.readString(model.resolve("checkpoints/step-000000003/trainer.json"));
    assertTrue(checkpoint.contains("\"labelFit\""), "the critic's features are calibrated on the labels");
    assertEquals(5, Json.mapper().readTree(checkpoint).findValue("rings").get("edges").size(), "and five ring shares");
    assertTrue(loaded.generator().head().lateralPrior().slope() > 1, "a falling lateral distribution");
    @SuppressWarnings("unchecked")
    GanShowerGenerator<AirShowerPrimaries, AirShowerEvents> g =
        (GanShowerGenerator<AirShowerPrimaries, AirShowerEvents>) loaded.asShowerGenerator(false);
    AirShowerPrimaries p = new AirShowerPrimaries(events.size(), events.energyEeV(), events.showerAxis(),
        events.showerCoreM(), events.massA());
    AirShowerEvents out = g.generate(p, 3L, 0);
    // the drawn total (a network of its own) does not depend on the batch either
    for (int[] s : new int[][] {{0, 1}, {70, 150}}) {
      assertArrayEquals(out.slice(s[0], s[1]).signalVem(), g.generate(p.slice(s[0], s[1]), 3L, s[0]).signalVem(),
          "events " + s[0] + ".." + s[1]);
    }
    int side = cfg.stationsPerSide();
    int st = side * side;
    double meanDistance = 0;
    for (int k = 0; k < out.size(); k++) {
      int best = -1;
      for (int s = 0; s < st; s++) {
        float v = out.signalVem()[k * st + s];
        if (!Float.isNaN(v) && (best < 0 || v > out.signalVem()[k * st + best])) {
          best = s;
        }
      }
      assertTrue(best >= 0, "event " + k + " triggers");
      meanDistance += Math.hypot(ArrayConfig.gridCoordinateM(best % side, side, cfg.spacingM()) - p.showerCoreM()[2 * k],
          ArrayConfig.gridCoordinateM(best / side, side, cfg.spacingM()) - p.showerCoreM()[2 * k + 1]) / out.size();
    }
    System.out.printf("lateral prior, 4 steps: brightest station %.0f m from the core on average%n", meanDistance);
    // the station nearest a core uniform within 750 m of the centre is ~290 m away on average; the
    // array's central station, where the mean-footprint prior peaks, ~500 m
    assertTrue(meanDistance < 400, "brightest station " + meanDistance + " m from the core on average");

    CalorimeterConfig cal = CalorimeterConfig.defaults();
    Path calFile = dir.resolve("cal.h5");
    ShowerFileWriter.write(calFile, SyntheticEvents.calorimeter(cal, 50, 3, new double[] {20, 50}),
        FileMetadata.of(cal, "{\"name\":\"synthetic\"}", 3, 0), false);
    try (ShowerDataset d = ShowerDataset.open(calFile)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SurrogateTraining.train(d, withPrior, dir.resolve("cal-model"), false, TrainingListener.none(), "t"));
      assertTrue(e.getMessage().contains("lateral rings") && e.getMessage().contains("calorimeter"), e.getMessage());
      SurrogateTraining.Settings priorRadial = new SurrogateTraining.Settings(4, 32, 2, 10, 1e-4, 1e-4, 8,
          new int[] {32}, new int[] {32}, 0.01, 20, 5L, 3, true, true, false, true, false, false, true, false, false, true, false, false, false, false, false, false);
      e = assertThrows(IllegalArgumentException.class,
          () -> SurrogateTraining.train(d, priorRadial, dir.resolve("cal-model"), false, TrainingListener.none(), "t"));
      assertTrue(e.getMessage().contains("radial share corrections"), e.getMessage());
    }
  }

  /**
   * {@code --xmax-first}: Xmax is drawn from a generalised-Gumbel density fitted to the training
   * showers and given to the network and the total's density as a last label; the generated Xmax
   * has the training showers' mean and width, never lies beyond the deepest training maximum, does
   * not depend on the batch, and a resumed training draws from the same density. The calorimeter,
   * which has no Xmax, refuses the option.
   */
  @Test
  @SuppressWarnings("unchecked")
  void xmaxFirstDrawsXmaxFromItsDensityAndConditionsTheFootprintOnIt() throws Exception {
    ArrayConfig cfg = ArrayConfig.defaults();
    AirShowerEvents events = SyntheticEvents.airShower(cfg, 500, 4, 0);
    Path file = dir.resolve("air.h5");
    ShowerFileWriter.write(file, events, FileMetadata.of(cfg, "{\"name\":\"synthetic\"}", 4, 0), false);
    SurrogateTraining.Settings xmaxFirst = new SurrogateTraining.Settings(4, 32, 2, 10, 1e-4, 1e-4, 4,
        new int[] {32}, new int[] {32}, 0.01, 20, 5L, 2, true, true, false, true, false, false, true, false, true,
        true, true, true, false, false, true, false);
    Path model = dir.resolve("air-xmax");
    Path resumed = dir.resolve("air-xmax-resumed");
    try (ShowerDataset d = ShowerDataset.open(file)) {
      SurrogateTraining.train(d, xmaxFirst, model, false, TrainingListener.none(), "test");
      SurrogateTraining.Settings half = new SurrogateTraining.Settings(2, 32, 2, 10, 1e-4, 1e-4, 4,
          new int[] {32}, new int[] {32}, 0.01, 20, 5L, 2, true, true, false, true, false, false, true, false, true,
          true, true, true, false, false, true, false);
      SurrogateTraining.train(d, half, resumed, false, TrainingListener.none(), "test");
      SurrogateTraining.train(d, xmaxFirst, resumed, true, TrainingListener.none(), "test");
    }
    SurrogateModel<?, ?> loaded = SurrogateModel.load(model);
    int st = cfg.stationsPerSide() * cfg.stationsPerSide();
    assertEquals(2 * st, loaded.generator().labelledColumn(), "the Xmax column is the network's last label");
    assertEquals(7, loaded.generator().labelDim());
    assertEquals(8, loaded.generator().networkLabelDim());
    assertEquals(8, loaded.generator().head().totalDensity().labelDim(), "the total's density is conditioned on Xmax");
    assertTrue(Files.readString(model.resolve(SurrogateModel.CARD_FILE)).contains("drawn first from GumbelDensity"));

    GanShowerGenerator<AirShowerPrimaries, AirShowerEvents> g =
        (GanShowerGenerator<AirShowerPrimaries, AirShowerEvents>) loaded.asShowerGenerator(false);
    AirShowerPrimaries p = new AirShowerPrimaries(events.size(), events.energyEeV(), events.showerAxis(),
        events.showerCoreM(), events.massA());
    AirShowerEvents out = g.generate(p, 3L, 0);
    assertArrayEquals(out.slice(70, 150).xmaxGcm2(), g.generate(p.slice(70, 150), 3L, 70).xmaxGcm2());
    assertArrayEquals(out.slice(70, 150).signalVem(), g.generate(p.slice(70, 150), 3L, 70).signalVem());
    double limit = loaded.generator().drawnValue().ceiling().limit();
    double[] real = new double[events.size()];
    double[] fake = new double[events.size()];
    for (int k = 0; k < events.size(); k++) {
      real[k] = events.xmaxGcm2()[k];
      fake[k] = out.xmaxGcm2()[k];
      assertTrue(fake[k] * events.showerAxis()[3 * k + 2] <= limit + 1e-3, "event " + k + " below the deepest maximum");
    }
    // 500 vs 500 showers of a 60 g/cm² spread: means within 4 standard errors, widths within 15 %
    double sd = new org.hipparchus.stat.descriptive.moment.StandardDeviation().evaluate(real);
    assertEquals(org.hipparchus.stat.StatUtils.mean(real), org.hipparchus.stat.StatUtils.mean(fake),
        4 * sd * Math.sqrt(2.0 / real.length));
    assertEquals(sd, new org.hipparchus.stat.descriptive.moment.StandardDeviation().evaluate(fake), 0.15 * sd);

    // the network and the total's density read Xmax: the same noise and labels with another Xmax give another footprint
    Generator net = loaded.generator();
    Generator conditioned = new Generator(net.net(), net.noiseDim(), 8, net.noise(), net.head(), net.labelledColumn(), null);
    float[] noise = new float[2 * net.noiseDim()];
    java.util.Arrays.fill(noise, 0.3f);
    float[] labels = new float[16];
    float[] seven = AirShowerCodec.of(cfg).encodeLabels(p.slice(0, 1));
    System.arraycopy(seven, 0, labels, 0, 7);
    System.arraycopy(seven, 0, labels, 8, 7);
    labels[7] = -1f;
    labels[15] = 1f;
    float[] two = conditioned.generate(noise, labels, 2);
    int w = conditioned.eventDim();
    assertEquals(-1f, two[2 * st]);
    assertEquals(1f, two[w + 2 * st]);
    assertTrue(!java.util.Arrays.equals(java.util.Arrays.copyOfRange(two, 0, st), java.util.Arrays.copyOfRange(two, w, w + st)),
        "the footprint depends on Xmax");
    assertTrue(Files.isRegularFile(resumed.resolve("checkpoints/leading-value-density.json")), "the density is kept");

    SurrogateModel<?, ?> again = SurrogateModel.load(resumed);
    assertEquals(loaded.generator().drawnValue(), again.generator().drawnValue(), "the resumed run refits the same density");
    assertArrayEquals(out.xmaxGcm2(),
        ((GanShowerGenerator<AirShowerPrimaries, AirShowerEvents>) again.asShowerGenerator(false)).generate(p, 3L, 0)
            .xmaxGcm2());

    CalorimeterConfig cal = CalorimeterConfig.defaults();
    Path calFile = dir.resolve("cal.h5");
    ShowerFileWriter.write(calFile, SyntheticEvents.calorimeter(cal, 50, 3, new double[] {20, 50}),
        FileMetadata.of(cal, "{\"name\":\"synthetic\"}", 3, 0), false);
    SurrogateTraining.Settings caloXmax = new SurrogateTraining.Settings(4, 32, 2, 10, 1e-4, 1e-4, 8,
        new int[] {32}, new int[] {32}, 0.01, 20, 5L, 3, true, true, false, false, false, false, false, false, false,
        false, false, false, false, false, true, false);
    try (ShowerDataset d = ShowerDataset.open(calFile)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SurrogateTraining.train(d, caloXmax, dir.resolve("cal-model"), false, TrainingListener.none(), "t"));
      assertTrue(e.getMessage().contains("Xmax") && e.getMessage().contains("calorimeter"), e.getMessage());
    }
  }

  /**
   * The stations' counting noise fitted to simulated footprints is the physical one. A station's signal is a sum of
   * Poisson-many particle deposits, so its variance is {@code κ S} with {@code κ = E[q²] / E[q]}: between the
   * electromagnetic particles' 0.4 VEM (exponential deposits of 0.2 VEM) and a muon's track through the tank (about
   * 1.2 VEM; the log-space fit reads a few per cent more, see CountingNoiseTest), and no flat part (the toy simulator
   * has no station-to-station gain spread). A model trained with {@code fittedCounting} keeps that fit and uses it for
   * every event; the calorimeter, which defines no such fit, is refused.
   */
  @Test
  void fittedCountingNoiseIsThePhysicalOneAndIsKeptWithTheModel() throws Exception {
    ArrayConfig cfg = ArrayConfig.defaults();
    AirShowerPrimaries p = new PrimarySampler(PrimarySampler.Options.defaults()).sample(41, 0, 400);
    AirShowerEvents events = new AirShowerSimulator(cfg, AirShowerSimulator.Options.fast()).generate(p, 4, 0);
    AirShowerCodec codec = AirShowerCodec.of(cfg);
    CountingNoise noise = codec.countingNoise(codec.encodeEvents(events), codec.encodeLabels(codec.conditionsOf(events)),
        cfg);
    assertTrue(noise.kappa() > 2 * ShowerModel.EM_DEPOSIT_VEM && noise.kappa() < 1.4, noise.toString());
    assertTrue(noise.flatSpread() < 0.03, noise.toString());

    Path file = dir.resolve("air-sim.h5");
    ShowerFileWriter.write(file, events, FileMetadata.of(cfg, "{\"name\":\"fast\"}", 4, 0), false);
    SurrogateTraining.Settings fitted = new SurrogateTraining.Settings(4, 32, 2, 10, 1e-4, 1e-4, 8,
        new int[] {32}, new int[] {32}, 0.01, 20, 5L, 3, true, true, false, true, false, false, true, false, false,
        true, true, true, false, false, false, true);
    Path model = dir.resolve("air-fitted");
    try (ShowerDataset d = ShowerDataset.open(file)) {
      SurrogateTraining.train(d, fitted, model, false, TrainingListener.none(), "test");
    }
    CountingNoise kept = SurrogateModel.load(model).generator().head().fixedCounting();
    assertTrue(kept != null, "the fit is saved with the model");
    // the same events in the same order: the same fit, up to the file's float rounding of the signals
    assertEquals(noise.kappa(), kept.kappa(), 1e-3 * noise.kappa());

    CalorimeterConfig cal = CalorimeterConfig.defaults();
    Path calFile = dir.resolve("cal-fitted.h5");
    ShowerFileWriter.write(calFile, SyntheticEvents.calorimeter(cal, 50, 3, new double[] {20, 50}),
        FileMetadata.of(cal, "{\"name\":\"synthetic\"}", 3, 0), false);
    SurrogateTraining.Settings caloFitted = new SurrogateTraining.Settings(4, 32, 2, 10, 1e-4, 1e-4, 8,
        new int[] {32}, new int[] {32}, 0.01, 20, 5L, 3, true, true, false, false, false, false, false, false, false,
        false, true, false, false, false, false, true);
    try (ShowerDataset d = ShowerDataset.open(calFile)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SurrogateTraining.train(d, caloFitted, dir.resolve("cal-fitted"), false, TrainingListener.none(), "t"));
      assertTrue(e.getMessage().contains("counting noise"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new SurrogateTraining.Settings(4, 32, 2, 10, 1e-4, 1e-4, 8,
        new int[] {32}, new int[] {32}, 0.01, 20, 5L, 3, true, true, false, false, false, false, false, false, false,
        false, false, false, false, false, false, true), "--fitted-counting without --counting-spread");
  }

  /**
   * For the calorimeter, {@code lateralPrior} means each layer's transverse profile about the impact point: it is
   * fitted, saved with the model (the head then reads the impact labels), and the generated
   * showers do not depend on the batch.
   */
  @Test
  void transversePriorTrainsAndSavesForTheCalorimeter() throws Exception {
    SurrogateTraining.Settings priorOnly = new SurrogateTraining.Settings(4, 32, 2, 10, 1e-4, 1e-4, 8,
        new int[] {32}, new int[] {32}, 0.01, 20, 5L, 3, true, true, false, true, false, false, true, false, false,
        false, false, false, false, false, false, false);
    CalorimeterEvents events =
        SyntheticEvents.calorimeter(CalorimeterConfig.defaults(), 200, 3, new double[] {20, 50, 90});
    Path model = trainCalorimeter("transverse-model", priorOnly, events);
    SurrogateModel<?, ?> loaded = SurrogateModel.load(model);
    TransversePrior prior = loaded.generator().head().transversePrior();
    assertTrue(prior != null && loaded.generator().head().lateralPrior() == null, "the transverse prior is saved");
    assertEquals(7, prior.layers());
    assertEquals(3, loaded.generator().head().labelsRead(), "the head reads the impact labels");
    assertBatchIndependent(loaded, events);
  }

  @Test
  @SuppressWarnings("unchecked")
  void trainedModelIsAReproducibleShowerGeneratorThatRefusesExtrapolation() throws Exception {
    Path modelDir = calorimeterModel();
    for (String f : new String[] {"model.json", "generator.json", "generator.weights", "losses.png"}) {
      assertTrue(Files.exists(modelDir.resolve(f)), f);
    }
    SurrogateModel<?, ?> loaded = SurrogateModel.load(modelDir);
    loaded.requireDetector(Detector.CALORIMETER, CalorimeterConfig.defaults());
    assertEquals(20.0, loaded.trainedRange().energyMin(), 1e-6);
    assertEquals(90.0, loaded.trainedRange().energyMax(), 1e-6);
    GanShowerGenerator<CalorimeterBeam, CalorimeterEvents> g =
        (GanShowerGenerator<CalorimeterBeam, CalorimeterEvents>) loaded.asShowerGenerator(false);
    CalorimeterBeam beam = CalorimeterBeam.allocate(6);
    for (int k = 0; k < 6; k++) {
      beam.energyGeV()[k] = 30 + 10 * k;
      beam.particlePdg()[k] = 11;
    }
    CalorimeterEvents all = g.generate(beam, 9L, 0);
    CalorimeterEvents tail = g.generate(beam.slice(3, 6), 9L, 3);
    assertArrayEquals(all.slice(3, 6).showersMip(), tail.showersMip());
    // also across GEMM block boundaries and batch sizes that take other BLAS kernels
    CalorimeterBeam many = CalorimeterBeam.allocate(300);
    for (int k = 0; k < 300; k++) {
      many.energyGeV()[k] = 25 + k % 60;
      many.particlePdg()[k] = 11;
    }
    CalorimeterEvents big = g.generate(many, 9L, 0);
    for (int[] s : new int[][] {{0, 1}, {7, 9}, {120, 260}, {299, 300}}) {
      assertArrayEquals(big.slice(s[0], s[1]).showersMip(), g.generate(many.slice(s[0], s[1]), 9L, s[0]).showersMip(),
          "events " + s[0] + ".." + s[1]);
    }
    for (float v : all.showersMip()) {
      assertTrue(v == 0f || v >= 2f, "cell " + v + " MIP below the 2 MIP threshold");
    }
    // skipping the encoding of cells under the threshold floor changes no decoded cell
    SurrogateModel<CalorimeterBeam, CalorimeterEvents> typed = (SurrogateModel<CalorimeterBeam, CalorimeterEvents>) loaded;
    io.showers.generative.wgan.Generator net = typed.generator();
    float[] labels = typed.codec().encodeLabels(many);
    io.showers.generative.wgan.Generator.NoiseRows noise = (k, in, offset) ->
        net.noise().fill(in, offset, net.noiseDim(), new io.showers.generative.nn.Rng(k));
    float[] plain = net.generateTransient(labels, 300, noise, null).clone();
    float[] floored = net.generateTransient(labels, 300, noise, typed.codec().amountFloor(many, CalorimeterConfig.defaults()));
    assertArrayEquals(typed.codec().decode(plain, many, CalorimeterConfig.defaults()).showersMip(),
        typed.codec().decode(floored, many, CalorimeterConfig.defaults()).showersMip());
    int skipped = 0;
    for (int i = 0; i < plain.length; i++) {
      skipped += floored[i] == 0f && plain[i] != 0f ? 1 : 0;
    }
    assertTrue(skipped > plain.length / 10, "the floor skipped only " + skipped + " of " + plain.length + " cells");
    assertArrayEquals(beam.energyGeV(), all.incidentEnergyGeV());
    assertTrue(g.producer().contains("wgan-surrogate"));

    beam.energyGeV()[0] = 150;
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> g.generate(beam, 9L, 0));
    assertTrue(ex.getMessage().contains("outside the trained range 20.00-90.00 GeV"), ex.getMessage());
    assertTrue(ex.getMessage().contains("--allow-extrapolation"), ex.getMessage());
    GanShowerGenerator<CalorimeterBeam, CalorimeterEvents> free =
        (GanShowerGenerator<CalorimeterBeam, CalorimeterEvents>) loaded.asShowerGenerator(true);
    assertEquals(6, free.generate(beam, 9L, 0).size());

    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> loaded.requireDetector(Detector.AIRSHOWER, null));
    assertTrue(wrong.getMessage().contains("a calorimeter model, expected a airshower model")
        || wrong.getMessage().contains("expected a airshower"), wrong.getMessage());
  }

  @Test
  void missingOrCorruptModelDirectoriesGiveOneLineErrors() throws Exception {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> SurrogateModel.load(dir.resolve("nope")));
    assertTrue(ex.getMessage().endsWith("nope: no such model directory"), ex.getMessage());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    ex = assertThrows(IllegalArgumentException.class, () -> SurrogateModel.load(empty));
    assertTrue(ex.getMessage().contains("missing model.json"), ex.getMessage());
    Path model = calorimeterModel();
    Files.writeString(model.resolve("model.json"), "{\"format\": 1, \"kind\": \"showers-wgan-surrogate\", \"detector");
    ex = assertThrows(IllegalArgumentException.class, () -> SurrogateModel.load(model));
    assertTrue(ex.getMessage().contains("corrupt model"), ex.getMessage());
    assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
  }

  @Test
  void nanInTrainingDataIsRefusedWithItsPosition() throws Exception {
    CalorimeterConfig cfg = CalorimeterConfig.defaults();
    CalorimeterEvents events = SyntheticEvents.calorimeter(cfg, 20, 3, new double[] {20, 50});
    events.incidentEnergyGeV()[4] = Float.NaN;
    Path file = dir.resolve("nan.h5");
    ShowerFileWriter.write(file, events, FileMetadata.of(cfg, "{}", 3, 0), false);
    try (ShowerDataset d = ShowerDataset.open(file)) {
      IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
          () -> SurrogateTraining.train(d, TINY, dir.resolve("m"), false, TrainingListener.none(), "test"));
      assertTrue(ex.getMessage().contains("labels"), ex.getMessage());
      assertTrue(ex.getMessage().toLowerCase().contains("nan"), ex.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("m").resolve("model.json")));
  }
}
