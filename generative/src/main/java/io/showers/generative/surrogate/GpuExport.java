package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.showers.datasets.AtomicFiles;
import io.showers.datasets.DatasetException;
import io.showers.datasets.FileDigest;
import io.showers.datasets.ShowerFileWriter;
import io.showers.detector.Json;
import io.showers.detector.Seeds;
import io.showers.detector.calorimeter.CalorimeterBeam;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import io.showers.generative.wgan.EnergyShareHead;
import io.showers.generative.wgan.Generator;
import io.showers.generative.wgan.NoiseDistribution;
import io.showers.generative.wgan.TotalDensity;
import io.showers.generative.wgan.TransversePrior;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a trained calorimeter surrogate as one plain HDF5 file that the GPU module ({@code gpu/}, its own JVM, no
 * ND4J) executes: every stage of generation spelled out as float32/float64 arrays and attributes, plus a check batch
 * of inputs and this CPU implementation's outputs, so the GPU result can be compared stage by stage.
 *
 * <p>Layout (all matrices row-major; a dense layer computes {@code y = act(x · weight + bias)}):
 * <pre>
 * /                    attrs format = "showers-gpu-generator", version, detector (JSON), producer (the CPU
 *                      generator's producer JSON), trained_range (JSON), pipeline (JSON list of the stages),
 *                      model_files and model_sha256 (the SHA-256 of those files of the model directory, in order)
 * /generator/layerL    weight [in × out] float32, bias [out] float32; attrs activation, alpha
 *                      attrs noise_dim, label_dim, noise ("GAUSSIAN": event k's noise is Box–Muller pairs of the
 *                      SplitMix64 stream seeded with Seeds.event(seed, k), one pair per value)
 * /total_density       layerL as above (input: the labels); baseline [1 + labels] float64, shift [quadratic basis]
 *                      float64; attrs log_total_std, min_log_spread, max_log_spread
 * /head                group_prior [groups] float64, cell_prior [cells] float32; attrs groups, group_size,
 *                      max_log_total
 * /transverse_prior    core_width, halo_width, halo_fraction [layers] float64 (cell pitches); attrs profile, rows,
 *                      cols, impact_x, impact_y (label columns), share_floor
 * /decode              attrs energy_pivot_gev, impact_unit_mm, log_scale, max_model_value, threshold_mip, particle_pdg
 * /check               energy_gev [n], impact_mm [n × 2] float32, raw [n × network outputs] float32, log_total [n]
 *                      float64, cells_mip [n × cells] float32; attrs seed, first_event
 * </pre>
 * Only the stages of the calorimeter surrogate's head are defined (energy shares under a total drawn from a
 * density, with a transverse prior); a model using other head options is refused with the list of what it uses.
 */
public final class GpuExport {
  /** The value of the root attribute {@code format}. */
  public static final String FORMAT = "showers-gpu-generator";
  /** The layout version this class writes. */
  public static final int VERSION = 1;
  /** Default file name inside a model directory. */
  public static final String FILE_NAME = "generator-gpu.h5";
  /** Events in the check batch. */
  public static final int CHECK_EVENTS = 128;
  /** Seed of the check batch's noise. */
  public static final long CHECK_SEED = 20261125L;

  /** The model directory's files an export is made from, hashed into its {@code model_sha256}. */
  static final List<String> MODEL_FILES = List.of(Generator.JSON_FILE, Generator.WEIGHTS_FILE,
      SurrogateModel.MODEL_FILE);

  private GpuExport() {}

  /**
   * Writes {@code model} to {@code file} (atomically: a temporary name, then a rename).
   *
   * @throws IllegalArgumentException if the model is not a calorimeter surrogate whose stages the GPU module runs
   * @throws DatasetException if {@code file} exists and {@code overwrite} is false, or it cannot be written
   */
  public static void write(SurrogateModel<?, ?> model, Path file, boolean overwrite) {
    CalorimeterCodec codec = requireSupported(model);
    Generator g = model.generator();
    EnergyShareHead head = g.head();
    TotalDensity density = head.totalDensity();
    TransversePrior prior = head.transversePrior();
    ShowerFileWriter.prepareTarget(file, overwrite);
    try {
      AtomicFiles.write(file, tmp -> {
        try (WritableHdfFile h5 = HdfFile.write(tmp)) {
          h5.putAttribute("format", FORMAT);
          h5.putAttribute("version", VERSION);
          h5.putAttribute("detector", model.detector().toJson());
          h5.putAttribute("producer", model.asShowerGenerator(true).producer());
          h5.putAttribute("trained_range", Json.write(Json.mapper().valueToTree(model.trainedRange())));
          h5.putAttribute("pipeline", pipeline(g, density));
          // what the export was made from: the GPU module refuses an export older than the model beside it
          h5.putAttribute("model_files", String.join(",", MODEL_FILES));
          h5.putAttribute("model_sha256", FileDigest.sha256(model.dir(), MODEL_FILES));

          WritableGroup net = h5.putGroup("generator");
          net.putAttribute("noise_dim", g.noiseDim());
          net.putAttribute("label_dim", g.labelDim());
          net.putAttribute("noise", g.noise().name());
          putLayers(net, g.net());

          WritableGroup td = h5.putGroup("total_density");
          putLayers(td, DenseNet.of(density.spec(), density.params()));
          td.putDataset("baseline", density.baseline());
          td.putDataset("shift", density.shift());
          td.putAttribute("log_total_std", density.logTotalStd());
          td.putAttribute("min_log_spread", TotalDensity.MIN_LOG_SPREAD);
          td.putAttribute("max_log_spread", TotalDensity.MAX_LOG_SPREAD);

          WritableGroup hd = h5.putGroup("head");
          hd.putDataset("group_prior", head.priorGroupLogits());
          hd.putDataset("cell_prior", head.priorCellLogits());
          hd.putAttribute("groups", head.groups());
          hd.putAttribute("group_size", head.groupSize());
          hd.putAttribute("max_log_total", EnergyShareHead.MAX_LOG_TOTAL);

          WritableGroup tp = h5.putGroup("transverse_prior");
          tp.putDataset("core_width", prior.coreWidth());
          tp.putDataset("halo_width", prior.haloWidth());
          tp.putDataset("halo_fraction", prior.haloFraction());
          tp.putAttribute("profile", prior.profile().name());
          tp.putAttribute("rows", prior.rows());
          tp.putAttribute("cols", prior.cols());
          tp.putAttribute("impact_x", prior.impactX());
          tp.putAttribute("impact_y", prior.impactY());
          tp.putAttribute("share_floor", TransversePrior.SHARE_FLOOR);

          WritableGroup dc = h5.putGroup("decode");
          dc.putAttribute("energy_pivot_gev", CalorimeterCodec.ENERGY_PIVOT_GEV);
          dc.putAttribute("impact_unit_mm", CalorimeterCodec.IMPACT_UNIT_MM);
          dc.putAttribute("log_scale", codec.logScale());
          dc.putAttribute("max_model_value", CalorimeterCodec.MAX_MODEL_VALUE);
          dc.putAttribute("threshold_mip", ((io.showers.detector.calorimeter.CalorimeterConfig) model.detector())
              .thresholdMip());
          dc.putAttribute("particle_pdg", codec.particlePdg());

          putCheck(h5.putGroup("check"), model, codec);
        }
      });
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot write: " + e, e);
    }
  }

  /** The codec, if every stage of {@code model} is one the GPU module runs; otherwise a list of what is not. */
  static CalorimeterCodec requireSupported(SurrogateModel<?, ?> model) {
    if (!(model.codec() instanceof CalorimeterCodec codec)) {
      throw new IllegalArgumentException("the GPU path runs calorimeter surrogates; " + model.dir() + " is a "
          + model.detector().kind().id() + " model (generate it with the CPU path)");
    }
    Generator g = model.generator();
    EnergyShareHead h = g.head();
    List<String> unsupported = new ArrayList<>();
    if (g.labelledColumn() >= 0) {
      unsupported.add("an event value given as a label" + (g.drawnValue() == null ? "" : " and drawn first"));
    }
    if (h == null) {
      unsupported.add("no energy-share head");
    } else {
      if (h.totalDensity() == null) {
        unsupported.add("no total density");
      } else if (h.totalDensity().footprint() != null) {
        unsupported.add("a total density with a footprint input");
      }
      if (h.transversePrior() == null) {
        unsupported.add("no transverse prior");
      }
      if (h.lateralPrior() != null) {
        unsupported.add("a lateral prior");
      }
      if (h.cellSpread()) {
        unsupported.add(h.countingSpread() ? "counting spread" : "cell spread");
      }
      if (h.profileDensity() != null) {
        unsupported.add("a profile density");
      }
      if (h.passThrough() != 0) {
        unsupported.add(h.passThrough() + " pass-through outputs");
      }
      if (h.totalRatioDensity() != null || h.anchored()) {
        unsupported.add("an anchored amplitude");
      }
    }
    if (g.noise() != NoiseDistribution.GAUSSIAN) {
      unsupported.add(g.noise() + " noise");
    }
    if (!unsupported.isEmpty()) {
      throw new IllegalArgumentException("the GPU path runs calorimeter surrogates whose head draws the total from a"
          + " density and shares it out under a transverse prior; " + model.dir() + " has "
          + String.join(", ", unsupported) + " (generate it with the CPU path)");
    }
    return codec;
  }

  private static String pipeline(Generator g, TotalDensity density) {
    ArrayNode stages = Json.mapper().createArrayNode();
    ObjectNode noise = stages.addObject();
    noise.put("stage", "noise");
    noise.put("values", g.noiseDim());
    noise.put("distribution", g.noise().name());
    stages.addObject().put("stage", "labels").put("encoding", "ln(E / energy_pivot_gev), impact_mm / impact_unit_mm");
    addDense(stages, "generator", g.spec());
    addDense(stages, "total_density", density.spec());
    stages.addObject().put("stage", "total").put("form",
        "ln T = baseline · (1, labels) + log_total_std · m0 + shift · quadratic_basis(labels)"
            + " + log_total_std · exp(clamp(m1, min_log_spread, max_log_spread)) · noise[0]");
    stages.addObject().put("stage", "transverse_prior").put("form",
        "per layer: core (1 - halo_fraction) and halo (halo_fraction) of radii core_width, halo_width around the"
            + " impact, integrated over each cell, floored at share_floor");
    stages.addObject().put("stage", "energy_shares").put("form",
        "u_i = exp(min(ln T, max_log_total)) · softmax_g(group_prior + raw[cells + g])"
            + " · exp(cell_prior_i + raw_i) · prior_i / Σ_layer exp(cell_prior_j + raw_j) · prior_j");
    stages.addObject().put("stage", "decode").put("form",
        "MIP_i = E / energy_pivot_gev · min(u_i, expm1(max_model_value · log_scale)), 0 below threshold_mip");
    return Json.write(stages);
  }

  private static void addDense(ArrayNode stages, String name, DenseSpec spec) {
    ObjectNode s = stages.addObject();
    s.put("stage", "dense");
    s.put("group", name);
    ArrayNode layers = s.putArray("layers");
    for (int l = 0; l < spec.layers(); l++) {
      layers.addObject().put("in", spec.size(l)).put("out", spec.size(l + 1)).put("activation",
          spec.activation(l).name());
    }
  }

  private static void putLayers(WritableGroup group, DenseNet net) {
    DenseSpec spec = net.spec();
    group.putAttribute("layers", spec.layers());
    for (int l = 0; l < spec.layers(); l++) {
      WritableGroup layer = group.putGroup("layer" + l);
      layer.putDataset("weight", net.weight(l).toFloatMatrix());
      layer.putDataset("bias", net.bias(l).toFloatVector());
      layer.putAttribute("activation", spec.activation(l).name());
      layer.putAttribute("alpha", spec.alpha());
    }
  }

  /**
   * The check batch: energies across the trained range, impacts on a spiral inside the trained radius, and what this
   * CPU implementation makes of them at each stage.
   */
  private static void putCheck(WritableGroup check, SurrogateModel<?, ?> model, CalorimeterCodec codec) {
    int n = CHECK_EVENTS;
    LabelRange range = model.trainedRange();
    CalorimeterBeam beam = CalorimeterBeam.allocate(n);
    for (int k = 0; k < n; k++) {
      beam.energyGeV()[k] = (float) (range.energyMin() + (range.energyMax() - range.energyMin()) * (k + 0.5) / n);
      double r = range.radialMax() * Math.sqrt((k % 16 + 0.5) / 16);
      double phi = 2.39996 * k;
      beam.impactMm()[2 * k] = (float) (r * Math.cos(phi));
      beam.impactMm()[2 * k + 1] = (float) (r * Math.sin(phi));
      beam.particlePdg()[k] = codec.particlePdg();
    }
    Generator g = model.generator();
    float[] labels = codec.encodeLabels(beam);
    int w = g.noiseDim() + g.labelDim();
    float[] input = new float[n * w];
    float[] z0 = new float[n];
    for (int k = 0; k < n; k++) {
      g.noise().fill(input, k * w, g.noiseDim(), new Rng(Seeds.event(CHECK_SEED, k)));
      System.arraycopy(labels, k * g.labelDim(), input, k * w + g.noiseDim(), g.labelDim());
      z0[k] = input[k * w];
    }
    float[] raw = rawOutputs(g, input, n);
    double[] logTotal = g.head().totalDensity().logTotals(labels, n, z0);
    @SuppressWarnings("unchecked")
    CalorimeterEvents events = ((GanShowerGenerator<CalorimeterBeam, CalorimeterEvents>)
        (GanShowerGenerator<?, ?>) model.asShowerGenerator(true)).generate(beam, CHECK_SEED, 0);
    check.putAttribute("seed", CHECK_SEED);
    check.putAttribute("first_event", 0L);
    check.putDataset("energy_gev", beam.energyGeV());
    check.putDataset("impact_mm", rows(beam.impactMm(), n, 2));
    check.putDataset("raw", rows(raw, n, g.spec().outputSize()));
    check.putDataset("log_total", logTotal);
    check.putDataset("cells_mip", rows(events.showersMip(), n, events.cells()));
  }

  /** The network's outputs (before the head) for {@code n} input rows. */
  private static float[] rawOutputs(Generator g, float[] input, int n) {
    var inference = g.inference(n);
    System.arraycopy(input, 0, inference.input(), 0, input.length);
    return inference.run().clone();
  }

  private static float[][] rows(float[] flat, int n, int width) {
    float[][] out = new float[n][width];
    for (int k = 0; k < n; k++) {
      System.arraycopy(flat, k * width, out[k], 0, width);
    }
    return out;
  }
}
