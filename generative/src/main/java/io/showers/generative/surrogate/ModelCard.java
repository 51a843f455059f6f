package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.JsonNode;
import io.showers.detector.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The human-readable {@code MODEL_CARD.md} of a model directory: what it was trained on, how,
 * and (appended by whoever evaluated it) how good it is.
 */
public final class ModelCard {
  /** Heading under which quality figures are kept; text from it on is replaced by {@link #writeQuality}. */
  static final String QUALITY_HEADING = "## Quality";

  private ModelCard() {}

  /** Writes the training part of the card from {@code model.json}. */
  public static void write(SurrogateModel<?, ?> model) throws IOException {
    JsonNode t = model.training();
    StringBuilder md = new StringBuilder();
    md.append("# ").append(model.dir().getFileName()).append("\n\n");
    md.append("Conditional WGAN-GP surrogate of the ").append(model.detector().kind())
        .append(" simulator (showers). Load it with `showers generate ").append(model.detector().kind())
        .append(" --model ").append(model.dir().getFileName()).append("`.\n\n");
    md.append("| | |\n|---|---|\n");
    row(md, "detector", "`" + model.detector().toJson() + "`");
    row(md, "training data", t.path("data").asText() + " (" + t.path("events").asLong() + " events, seed "
        + t.path("dataSeed").asText() + ")");
    row(md, "data producer", "`" + t.path("dataProducer").asText() + "`");
    boolean calo = model.detector().kind() == io.showers.detector.Detector.CALORIMETER;
    row(md, "trained label range", model.trainedRange().describe(calo ? "GeV" : "EeV", calo ? "mm (impact)" : "m (core)"));
    row(md, "generator", model.generator().spec().toString() + ", noise " + model.generator().noiseDim()
        + " (" + model.generator().noise() + ")" + (model.generator().head() == null ? ""
            : ", output through " + model.generator().head() + " (total × group shares × cell shares)")
        + (model.generator().drawnValue() == null ? "" : "; event column " + model.generator().labelledColumn()
            + " drawn first from " + model.generator().drawnValue() + " and given to the network as its last label"));
    row(md, "preprocessing", "`" + Json.write(model.codec().toJson()) + "`");
    row(md, "settings", "`" + Json.write(t.path("settings")) + "`");
    long steps = t.path("steps").asLong();
    long planned = t.path("plannedSteps").asLong(steps);
    row(md, "seed / steps", t.path("seed").asText() + " / " + steps
        + (steps < planned ? " (training in progress: checkpoint of a " + planned + "-step run)" : ""));
    row(md, "training time", String.format(Locale.ROOT, "%d s on %d cores", t.path("seconds").asLong(),
        Runtime.getRuntime().availableProcessors()));
    row(md, "command", "`" + t.path("command").asText() + "`");
    md.append("\nLoss curves: `losses.png`, `losses.csv`.\n");
    Files.writeString(model.dir().resolve(SurrogateModel.CARD_FILE), md.toString());
  }

  /** Replaces the quality section of the card with {@code markdown}. */
  public static void writeQuality(Path modelDir, String markdown) throws IOException {
    Path card = modelDir.resolve(SurrogateModel.CARD_FILE);
    String text = Files.exists(card) ? Files.readString(card) : "";
    int at = text.indexOf(QUALITY_HEADING);
    if (at >= 0) {
      text = text.substring(0, at);
    }
    Files.writeString(card, text.stripTrailing() + "\n\n" + QUALITY_HEADING + "\n\n" + markdown.strip() + "\n");
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
  }
}
