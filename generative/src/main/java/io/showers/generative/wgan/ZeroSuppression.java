package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The detector's zero suppression applied to generated events during training, in model space:
 * a column {@code i < columns} of a log-encoded amount {@code x = ln(1 + u) / logScale} is set to
 * 0 when the physical amount {@code u · exp(label[energyLabel])} is below {@code threshold}
 * (with {@code energyLabel < 0}, {@code u} itself is compared). With {@code pairedOffset > 0} the
 * column {@code i + pairedOffset} is dropped with it: a station that did not trigger has no
 * arrival time either.
 *
 * <p>Why: the training events were zero-suppressed by the detector, but a generator's raw output
 * is not, and its sub-threshold values would otherwise be seen by the critic and summed into the
 * {@link CriticFeatures} while decoding later deletes them; the critic then compares two different
 * things. The backward pass passes the gradient straight through (identity) at cells whose raw
 * amount is at least {@code gradientFloor · threshold}, so a cell just under the threshold still
 * learns whether it should rise above it, and gives zero below that: {@code gradientFloor = 0} is
 * the straight-through estimator everywhere, {@code 1} the exact (masked) gradient. Neither end
 * works for a calorimeter: straight through everywhere lets the critic's arbitrary gradient at
 * cells far from the shower, empty in both samples, random-walk them across the threshold; the
 * exact gradient is a ratchet, since a cell pushed under the threshold never feels the way back,
 * and the hit count falls throughout training.
 *
 * @param logScale the encoding's divisor {@code L}
 * @param threshold the detector threshold in the amount's physical unit (e.g. 2 MIP)
 * @param columns the leading columns the rule applies to
 * @param energyLabel label column holding {@code ln(physical / encoded scale)}, or -1
 * @param gradientFloor fraction of the threshold, in [0, 1], below which a suppressed cell passes no gradient
 * @param pairedOffset 0, or the offset ({@code >= columns}) of a column suppressed together with each amount
 */
public record ZeroSuppression(double logScale, double threshold, int columns, int energyLabel, double gradientFloor,
    int pairedOffset) {

  /** Validates the settings. */
  public ZeroSuppression {
    if (!(logScale > 0) || !(threshold >= 0) || columns < 1 || energyLabel < -1
        || !(gradientFloor >= 0 && gradientFloor <= 1) || (pairedOffset != 0 && pairedOffset < columns)) {
      throw new IllegalArgumentException("invalid zero suppression: logScale " + logScale + ", threshold "
          + threshold + ", columns " + columns + ", energy label " + energyLabel + ", gradient floor "
          + gradientFloor + " (expected in [0, 1]), paired offset " + pairedOffset + " (expected 0 or >= columns)");
    }
  }

  /** Suppression of amounts alone, nothing paired with them. */
  public ZeroSuppression(double logScale, double threshold, int columns, int energyLabel, double gradientFloor) {
    this(logScale, threshold, columns, energyLabel, gradientFloor, 0);
  }

  /**
   * Reads the settings; models saved before the gradient floor existed hold {@code maskGradient}
   * instead (true = floor 1, false = floor 0).
   */
  @JsonCreator
  static ZeroSuppression fromJson(@JsonProperty("logScale") double logScale, @JsonProperty("threshold") double threshold,
      @JsonProperty("columns") int columns, @JsonProperty("energyLabel") int energyLabel,
      @JsonProperty("gradientFloor") Double gradientFloor, @JsonProperty("maskGradient") Boolean maskGradient,
      @JsonProperty("pairedOffset") Integer pairedOffset) {
    double floor = gradientFloor != null ? gradientFloor : Boolean.TRUE.equals(maskGradient) ? 1.0 : 0.0;
    return new ZeroSuppression(logScale, threshold, columns, energyLabel, floor, pairedOffset == null ? 0 : pairedOffset);
  }

  /** The suppressed copy of {@code events} ({@code n x eventDim}); {@code labels} is {@code n x labelDim}. */
  public INDArray apply(INDArray events, INDArray labels) {
    int n = (int) events.rows();
    int d = (int) events.columns();
    if (columns + pairedOffset > d || (energyLabel >= 0 && (labels == null || energyLabel >= labels.columns()))) {
      throw new IllegalArgumentException("zero suppression of " + columns + " columns with energy label "
          + energyLabel + " does not fit events of " + d + " columns and the labels");
    }
    return zeroBelowCut(events, events, labels, 1.0);
  }

  /**
   * The gradient w.r.t. the raw events given the gradient {@code dSuppressed} w.r.t. {@link
   * #apply}'s output: itself, except zero at cells (and their paired columns) whose raw amount is
   * below {@code gradientFloor · threshold}.
   */
  public INDArray backward(INDArray rawEvents, INDArray labels, INDArray dSuppressed) {
    return gradientFloor == 0 ? dSuppressed : zeroBelowCut(rawEvents, dSuppressed, labels, gradientFloor);
  }

  /**
   * {@code values} with the cells whose {@code events} amount is below {@code fraction · threshold}
   * (and their paired columns) set to 0.
   */
  private INDArray zeroBelowCut(INDArray events, INDArray values, INDArray labels, double fraction) {
    int n = (int) events.rows();
    int d = (int) events.columns();
    float[] x = events.dup('c').data().asFloat();
    float[] v = values == events ? x : values.dup('c').data().asFloat(); // x is read only below columns
    for (int i = 0; i < n; i++) {
      double scaled = fraction * (energyLabel < 0 ? threshold : threshold * Math.exp(-labels.getDouble(i, energyLabel)));
      // u < t  <=>  x < ln(1 + t) / L: one comparison per cell
      float cut = (float) (Math.log1p(scaled) / logScale);
      for (int c = i * d; c < i * d + columns; c++) {
        if (x[c] < cut) {
          v[c] = 0f;
          if (pairedOffset > 0) {
            v[c + pairedOffset] = 0f;
          }
        }
      }
    }
    return Nd4j.create(v, new long[] {n, d}, 'c');
  }
}
