package io.showers.gpu;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.showers.datasets.FileDigest;
import io.showers.detector.DetectorConfig;
import io.showers.detector.Json;
import io.showers.detector.calorimeter.CalorimeterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A calorimeter surrogate as written by {@code showers export} (the layout is documented in the generative module's
 * {@code GpuExport}): the generator's dense layers, the total-energy density, the energy-share head's priors, the
 * transverse prior, the decoding constants and a check batch of the CPU implementation's outputs. Read with jhdf and
 * validated on load: a file that is not such an export, or whose arrays do not fit together or the detector, is
 * refused with what was wrong and what was expected.
 *
 * @param file where it was read from
 * @param detector the detector configuration the model was trained for
 * @param producer the CPU generator's producer description (JSON)
 * @param energyMinGeV lower end of the trained energy range
 * @param energyMaxGeV upper end of the trained energy range
 * @param radialMaxMm largest trained impact radius
 * @param noiseDim noise values per event
 * @param labelDim labels per event
 * @param generator the generator network
 * @param totalDensity the network of the total density
 * @param baseline the density's linear baseline {@code (b0, b·y)}
 * @param shift the density's quadratic mean correction
 * @param logTotalStd the density's unit of log total
 * @param minLogSpread lower clamp of the density's log spread output
 * @param maxLogSpread upper clamp of the density's log spread output
 * @param groupPrior per-layer prior logits
 * @param cellPrior per-cell prior logits
 * @param maxLogTotal clamp of the drawn log total
 * @param gflash whether the transverse prior is GFlash's profile (else two Gaussians)
 * @param coreWidth per-layer core radius (cell pitches)
 * @param haloWidth per-layer halo radius (cell pitches)
 * @param haloFraction per-layer halo fraction
 * @param impactX label column of the impact x (cell pitches)
 * @param impactY label column of the impact y (cell pitches)
 * @param shareFloor floor of a prior share
 * @param energyPivotGeV energy of the label origin and of the amount unit
 * @param impactUnitMm millimetres per impact label unit
 * @param logScale the encoding's log divisor
 * @param maxModelValue clip of the encoded value before decoding
 * @param particlePdg the particle trained on
 * @param check the check batch
 */
public record ExportedCalorimeter(Path file, CalorimeterConfig detector, String producer, double energyMinGeV,
    double energyMaxGeV, double radialMaxMm, int noiseDim, int labelDim, List<Dense> generator,
    List<Dense> totalDensity, double[] baseline, double[] shift, double logTotalStd, double minLogSpread,
    double maxLogSpread, double[] groupPrior, float[] cellPrior, double maxLogTotal, boolean gflash,
    double[] coreWidth, double[] haloWidth, double[] haloFraction, int impactX, int impactY, double shareFloor,
    double energyPivotGeV, double impactUnitMm, double logScale, double maxModelValue, int particlePdg,
    Check check) {

  /** The root attribute {@code format} of an export. */
  public static final String FORMAT = "showers-gpu-generator";
  /** The layout version read here. */
  public static final int VERSION = 1;
  /** Default file name of an export inside a model directory. */
  public static final String FILE_NAME = "generator-gpu.h5";

  /**
   * One dense layer {@code y = act(x · weight + bias)}.
   *
   * @param in inputs
   * @param out outputs
   * @param weight {@code in × out}, row-major
   * @param bias {@code out} values
   * @param activation the activation's name (as the generative module's {@code Activation})
   * @param alpha the leaky activations' negative slope
   */
  public record Dense(int in, int out, float[] weight, float[] bias, String activation, float alpha) {
    /** Activations the kernels know, in the order of their codes. */
    static final List<String> ACTIVATIONS =
        List.of("IDENTITY", "RELU", "LEAKY_RELU", "SMOOTH_LEAKY_RELU", "TANH", "SIGMOID");

    /** The kernel's code of {@link #activation}. */
    public int activationCode() {
      return ACTIVATIONS.indexOf(activation);
    }
  }

  /**
   * Inputs and CPU outputs of the check batch.
   *
   * @param seed master seed of the noise
   * @param firstEvent global index of the first event
   * @param energyGeV incident energies
   * @param impactMm impact points, {@code n × 2}
   * @param raw the generator network's outputs, {@code n × outputs}
   * @param logTotal the drawn log totals
   * @param cellsMip the decoded showers, {@code n × cells}
   */
  public record Check(long seed, long firstEvent, float[] energyGeV, float[] impactMm, float[] raw, double[] logTotal,
      float[] cellsMip) {
    /** Events in the batch. */
    public int size() {
      return energyGeV.length;
    }
  }

  /** Cells per event. */
  public int cells() {
    return detector.cells();
  }

  /** Network outputs per event: the cells, one logit per layer and one for the total. */
  public int rawDim() {
    return generator.get(generator.size() - 1).out();
  }

  /**
   * Reads {@code path}: an export file, or a model directory holding {@value #FILE_NAME}.
   *
   * @throws IllegalArgumentException if it is missing, not an export, or inconsistent (the message says what)
   */
  public static ExportedCalorimeter read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    if (!Files.isRegularFile(file)) {
      String hint = Files.isDirectory(path) ? " (write it with 'showers export --model " + path + "'; models whose"
          + " head the kernels do not implement are refused there; the shipped GPU model is"
          + " models/calorimeter-wgan-gpu, the default)" : "";
      throw new IllegalArgumentException(file + ": no such export file" + hint);
    }
    try (HdfFile h5 = new HdfFile(file)) {
      String format = string(h5.getAttribute("format"), file, "format");
      if (!FORMAT.equals(format)) {
        throw new IllegalArgumentException(file + ": format '" + format + "', expected '" + FORMAT + "'");
      }
      int version = (int) number(h5, "/", "version", file);
      if (version != VERSION) {
        throw new IllegalArgumentException(file + ": export version " + version + ", this build reads " + VERSION
            + " (export the model again with this build's 'showers export')");
      }
      DetectorConfig config = DetectorConfig.fromJson(string(h5.getAttribute("detector"), file, "detector"));
      if (!(config instanceof CalorimeterConfig calo)) {
        throw new IllegalArgumentException(file + ": a " + config.kind().id() + " model; the GPU path runs calorimeter"
            + " surrogates");
      }
      calo.validate();
      var range = Json.mapper().readTree(string(h5.getAttribute("trained_range"), file, "trained_range"));
      List<Dense> generator = layers(h5, "generator", file);
      List<Dense> density = layers(h5, "total_density", file);
      ExportedCalorimeter m = new ExportedCalorimeter(file, calo, string(h5.getAttribute("producer"), file, "producer"),
          range.path("energyMin").asDouble(Double.NaN), range.path("energyMax").asDouble(Double.NaN),
          range.path("radialMax").asDouble(Double.NaN),
          (int) number(h5, "generator", "noise_dim", file), (int) number(h5, "generator", "label_dim", file),
          generator, density, doubles(h5, "total_density/baseline", file), doubles(h5, "total_density/shift", file),
          number(h5, "total_density", "log_total_std", file), number(h5, "total_density", "min_log_spread", file),
          number(h5, "total_density", "max_log_spread", file), doubles(h5, "head/group_prior", file),
          floats(h5, "head/cell_prior", file), number(h5, "head", "max_log_total", file),
          profile(h5, file), doubles(h5, "transverse_prior/core_width", file),
          doubles(h5, "transverse_prior/halo_width", file), doubles(h5, "transverse_prior/halo_fraction", file),
          (int) number(h5, "transverse_prior", "impact_x", file), (int) number(h5, "transverse_prior", "impact_y", file),
          number(h5, "transverse_prior", "share_floor", file), number(h5, "decode", "energy_pivot_gev", file),
          number(h5, "decode", "impact_unit_mm", file), number(h5, "decode", "log_scale", file),
          number(h5, "decode", "max_model_value", file), (int) number(h5, "decode", "particle_pdg", file),
          check(h5, file));
      m.validate(h5, file);
      requireCurrent(h5, file);
      return m;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException(file + ": not a readable GPU export (" + e.getMessage() + ")", e);
    }
  }

  /** Checks that the parts fit together and the detector; the message names the part and what was expected. */
  private void validate(HdfFile h5, Path file) {
    List<String> bad = new ArrayList<>();
    chain(generator, noiseDim + labelDim, "generator", bad);
    chain(totalDensity, labelDim, "total_density", bad);
    int groups = detector.layers();
    int cells = detector.cells();
    if (!generator.isEmpty() && rawDim() != cells + groups + 1) {
      bad.add("generator output " + rawDim() + ", expected " + (cells + groups + 1) + " (cells, layer logits, total)");
    }
    if (!totalDensity.isEmpty() && totalDensity.get(totalDensity.size() - 1).out() != 2) {
      bad.add("total_density output " + totalDensity.get(totalDensity.size() - 1).out() + ", expected 2");
    }
    int basis = 1 + labelDim + labelDim * (labelDim + 1) / 2;
    if (baseline.length != 1 + labelDim || shift.length != basis) {
      bad.add("total_density baseline/shift of " + baseline.length + "/" + shift.length + " values, expected "
          + (1 + labelDim) + "/" + basis);
    }
    if (groupPrior.length != groups || cellPrior.length != cells) {
      bad.add("head priors of " + groupPrior.length + " layers and " + cellPrior.length + " cells, the detector has "
          + groups + " and " + cells);
    }
    if (coreWidth.length != groups || haloWidth.length != groups || haloFraction.length != groups) {
      bad.add("transverse prior for " + coreWidth.length + " layers, the detector has " + groups);
    }
    int rows = (int) number(h5, "transverse_prior", "rows", file);
    int cols = (int) number(h5, "transverse_prior", "cols", file);
    if (rows != detector.rows() || cols != detector.cols()) {
      bad.add("transverse prior of " + rows + " × " + cols + " cells, the detector has " + detector.rows() + " × "
          + detector.cols());
    }
    if (impactX < 0 || impactX >= labelDim || impactY < 0 || impactY >= labelDim) {
      bad.add("impact label columns " + impactX + ", " + impactY + " outside the " + labelDim + " labels");
    }
    if (!(energyMinGeV > 0) || !(energyMaxGeV >= energyMinGeV) || !(radialMaxMm >= 0)) {
      bad.add("trained range " + energyMinGeV + "-" + energyMaxGeV + " GeV, radius " + radialMaxMm + " mm");
    }
    String noise = string(h5.getByPath("generator").getAttribute("noise"), file, "generator noise");
    if (!noise.equals("GAUSSIAN") || noiseDim < 1) {
      bad.add("generator noise " + noiseDim + " × " + noise + ", expected at least one GAUSSIAN value");
    }
    // the label encoding the GPU writes: ln(E / pivot), then the impact in the prior's columns
    if (labelDim != 3 || impactX != 1 || impactY != 2) {
      bad.add("labels " + labelDim + " with the impact in columns " + impactX + ", " + impactY
          + ", expected 3: ln(E / pivot), impact x, impact y");
    }
    for (double v : new double[] {logTotalStd, logScale, energyPivotGeV, impactUnitMm, shareFloor, maxModelValue}) {
      if (!(v > 0) || Double.isInfinite(v)) {
        bad.add("a scale of the total density, prior or decoding is " + v + ", expected finite and positive"
            + " (log_total_std, log_scale, energy_pivot_gev, impact_unit_mm, share_floor, max_model_value)");
        break;
      }
    }
    if (!(minLogSpread <= maxLogSpread) || !Double.isFinite(maxLogTotal)) {
      bad.add("total-density clamps [" + minLogSpread + ", " + maxLogSpread + "], max log total " + maxLogTotal);
    }
    if (Math.abs(impactUnitMm - detector.cellSizeMm()) > 1e-9 * impactUnitMm) {
      bad.add("impact unit " + impactUnitMm + " mm, but the prior's cell pitch is the detector's "
          + detector.cellSizeMm() + " mm");
    }
    if (Math.abs(number(h5, "decode", "threshold_mip", file) - detector.thresholdMip()) > 1e-9) {
      bad.add("decoding threshold " + number(h5, "decode", "threshold_mip", file) + " MIP, the detector's is "
          + detector.thresholdMip());
    }
    for (int g = 0; g < Math.min(coreWidth.length, Math.min(haloWidth.length, haloFraction.length)); g++) {
      if (!(coreWidth[g] > 0) || !(haloWidth[g] >= coreWidth[g]) || Double.isInfinite(haloWidth[g])
          || !(haloFraction[g] >= 0 && haloFraction[g] <= 1)) {
        bad.add("transverse profile of layer " + g + ": core " + coreWidth[g] + ", halo " + haloWidth[g]
            + " (expected 0 < core ≤ halo), halo fraction " + haloFraction[g] + " (expected in [0, 1])");
      }
    }
    if (!allFinite(baseline) || !allFinite(shift) || !allFinite(groupPrior)) {
      bad.add("non-finite total-density coefficients or layer priors");
    }
    for (float v : cellPrior) {
      if (!Float.isFinite(v)) {
        bad.add("a non-finite cell prior (" + v + ")");
        break;
      }
    }
    for (Dense d : generator) {
      finite(d, "generator", bad);
    }
    for (Dense d : totalDensity) {
      finite(d, "total_density", bad);
    }
    int n = check.size();
    if (check.impactMm.length != 2 * n || check.raw.length != (long) n * rawDim() || check.logTotal.length != n
        || check.cellsMip.length != (long) n * cells) {
      bad.add("check batch arrays do not hold " + n + " events");
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(file + ": inconsistent export: " + String.join("; ", bad));
    }
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Refuses an export older than the model beside it: when the export's folder holds the model files it was made
   * from (its {@code model_files}), their SHA-256 must still be its {@code model_sha256}.
   */
  private static void requireCurrent(HdfFile h5, Path file) throws java.io.IOException {
    Path dir = file.toAbsolutePath().getParent();
    String[] files = string(h5.getAttribute("model_files"), file, "model_files").split(",");
    for (String f : files) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        return; // an export on its own (a bundle, a copy): nothing to compare with
      }
    }
    String now = FileDigest.sha256(dir, List.of(files));
    if (!now.equals(string(h5.getAttribute("model_sha256"), file, "model_sha256"))) {
      throw new IllegalArgumentException(file + " was exported from an earlier state of the model in " + dir
          + " (its " + String.join(", ", files) + " changed since); run 'showers export --model " + dir
          + " --force'");
    }
  }

  private static void chain(List<Dense> layers, int inputs, String name, List<String> bad) {
    int expected = inputs;
    for (int l = 0; l < layers.size(); l++) {
      Dense d = layers.get(l);
      if (d.in() != expected) {
        bad.add(name + " layer " + l + " takes " + d.in() + " inputs, expected " + expected);
      }
      if (d.activationCode() < 0) {
        bad.add(name + " layer " + l + " activation " + d.activation() + ", expected one of " + Dense.ACTIVATIONS);
      }
      expected = d.out();
    }
    if (layers.isEmpty()) {
      bad.add(name + " has no layers");
    }
  }

  private static void finite(Dense d, String name, List<String> bad) {
    for (float v : d.weight()) {
      if (!Float.isFinite(v)) {
        bad.add(name + " has a non-finite weight (" + v + ")");
        return;
      }
    }
    for (float v : d.bias()) {
      if (!Float.isFinite(v)) {
        bad.add(name + " has a non-finite bias (" + v + ")");
        return;
      }
    }
  }

  private static List<Dense> layers(HdfFile h5, String group, Path file) {
    int count = (int) number(h5, group, "layers", file);
    List<Dense> out = new ArrayList<>();
    for (int l = 0; l < count; l++) {
      String p = group + "/layer" + l;
      Dataset w = dataset(h5, p + "/weight", file);
      int[] dims = w.getDimensions();
      if (dims.length != 2) {
        throw new IllegalArgumentException(file + ": " + p + "/weight has " + dims.length + " dimensions, expected 2");
      }
      float[] bias = floats(h5, p + "/bias", file);
      if (bias.length != dims[1]) {
        throw new IllegalArgumentException(file + ": " + p + "/bias has " + bias.length + " values, expected "
            + dims[1]);
      }
      out.add(new Dense(dims[0], dims[1], flatten((float[][]) w.getData(), dims[1]), bias,
          string(h5.getByPath(p).getAttribute("activation"), file, p + " activation"),
          (float) number(h5, p, "alpha", file)));
    }
    return out;
  }

  private static boolean profile(HdfFile h5, Path file) {
    String p = string(h5.getByPath("transverse_prior").getAttribute("profile"), file, "transverse_prior profile");
    if (!p.equals("GFLASH") && !p.equals("GAUSSIAN")) {
      throw new IllegalArgumentException(file + ": transverse prior profile " + p + ", expected GFLASH or GAUSSIAN");
    }
    return p.equals("GFLASH");
  }

  private static Check check(HdfFile h5, Path file) {
    float[] energy = floats(h5, "check/energy_gev", file);
    return new Check((long) number(h5, "check", "seed", file), (long) number(h5, "check", "first_event", file),
        energy, flatten((float[][]) dataset(h5, "check/impact_mm", file).getData(), 2),
        flatten((float[][]) dataset(h5, "check/raw", file).getData(), -1), doubles(h5, "check/log_total", file),
        flatten((float[][]) dataset(h5, "check/cells_mip", file).getData(), -1));
  }

  private static Dataset dataset(HdfFile h5, String path, Path file) {
    Node n;
    try {
      n = h5.getByPath(path);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": missing array " + path);
    }
    if (!(n instanceof Dataset d)) {
      throw new IllegalArgumentException(file + ": " + path + " is not an array");
    }
    return d;
  }

  private static float[] floats(HdfFile h5, String path, Path file) {
    Object data = dataset(h5, path, file).getData();
    if (!(data instanceof float[] f)) {
      throw new IllegalArgumentException(file + ": " + path + " is not a float32 vector");
    }
    return f;
  }

  private static double[] doubles(HdfFile h5, String path, Path file) {
    Object data = dataset(h5, path, file).getData();
    if (!(data instanceof double[] d)) {
      throw new IllegalArgumentException(file + ": " + path + " is not a float64 vector");
    }
    return d;
  }

  private static float[] flatten(float[][] rows, int width) {
    int w = rows.length == 0 ? 0 : rows[0].length;
    if (width >= 0 && w != width) {
      throw new IllegalArgumentException("rows of " + w + " values, expected " + width);
    }
    float[] out = new float[rows.length * w];
    for (int k = 0; k < rows.length; k++) {
      if (rows[k].length != w) {
        throw new IllegalArgumentException("ragged matrix");
      }
      System.arraycopy(rows[k], 0, out, k * w, w);
    }
    return out;
  }

  private static double number(HdfFile h5, String node, String name, Path file) {
    Attribute a;
    try {
      a = (node.equals("/") ? h5 : h5.getByPath(node)).getAttribute(name);
    } catch (RuntimeException e) {
      a = null;
    }
    if (a == null || !(a.getData() instanceof Number v)) {
      throw new IllegalArgumentException(file + ": missing numeric attribute '" + name + "' of " + node);
    }
    return v.doubleValue();
  }

  private static String string(Attribute a, Path file, String name) {
    if (a == null || !(a.getData() instanceof String s)) {
      throw new IllegalArgumentException(file + ": missing text attribute '" + name + "'");
    }
    return s;
  }
}
