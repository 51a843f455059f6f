package io.showers.generative.wgan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The detector's zero suppression applied to generated events during training, in model space:
 * a column {@code i < columns} of a log-encoded amount {@code x = ln(1 + u) / logScale} is set to
 * 0 when the physical amount {@code u · exp(label[energyLabel])} is below {@code threshold}
 * (with {@code energyLabel < 0}, {@code u} itself is compared).
 *
 * <p>Why: the training events were zero-suppressed by the detector, but a generator's raw output
 * is not, and its sub-threshold values would otherwise be seen by the critic and summed into the
 * {@link CriticFeatures} while decoding later deletes them; the critic then compares two different
 * things. The backward pass is either the straight-through estimator (identity), so a suppressed
 * cell still learns whether it should rise above the threshold, or the exact gradient
 * ({@code maskGradient}: zero for suppressed cells), which stops the critic's arbitrary gradient at
 * cells that are empty in both samples from random-walking them across the threshold.
 *
 * @param logScale the encoding's divisor {@code L}
 * @param threshold the detector threshold in the amount's physical unit (e.g. 2 MIP)
 * @param columns the leading columns the rule applies to
 * @param energyLabel label column holding {@code ln(physical / encoded scale)}, or -1
 * @param maskGradient exact (masked) backward pass instead of the straight-through one
 */
public record ZeroSuppression(double logScale, double threshold, int columns, int energyLabel, boolean maskGradient) {

  /** Validates the settings. */
  @JsonCreator
  public ZeroSuppression(@JsonProperty("logScale") double logScale, @JsonProperty("threshold") double threshold,
      @JsonProperty("columns") int columns, @JsonProperty("energyLabel") int energyLabel,
      @JsonProperty("maskGradient") boolean maskGradient) {
    if (!(logScale > 0) || !(threshold >= 0) || columns < 1 || energyLabel < -1) {
      throw new IllegalArgumentException("invalid zero suppression: logScale " + logScale + ", threshold "
          + threshold + ", columns " + columns + ", energy label " + energyLabel);
    }
    this.logScale = logScale;
    this.threshold = threshold;
    this.columns = columns;
    this.energyLabel = energyLabel;
    this.maskGradient = maskGradient;
  }

  /** The suppressed copy of {@code events} ({@code n x eventDim}); {@code labels} is {@code n x labelDim}. */
  public INDArray apply(INDArray events, INDArray labels) {
    int n = (int) events.rows();
    int d = (int) events.columns();
    if (columns > d || (energyLabel >= 0 && (labels == null || energyLabel >= labels.columns()))) {
      throw new IllegalArgumentException("zero suppression of " + columns + " columns with energy label "
          + energyLabel + " does not fit events of " + d + " columns and the labels");
    }
    return zeroBelowCut(events, events, labels);
  }

  /**
   * The gradient w.r.t. the raw events given the gradient {@code dSuppressed} w.r.t. {@link
   * #apply}'s output: itself (straight through), or zero at suppressed cells ({@code maskGradient}).
   */
  public INDArray backward(INDArray rawEvents, INDArray labels, INDArray dSuppressed) {
    return maskGradient ? zeroBelowCut(rawEvents, dSuppressed, labels) : dSuppressed;
  }

  /** {@code values} with the cells whose {@code events} value is below the cut set to 0. */
  private INDArray zeroBelowCut(INDArray events, INDArray values, INDArray labels) {
    int n = (int) events.rows();
    int d = (int) events.columns();
    float[] x = events.dup('c').data().asFloat();
    float[] v = values == events ? x : values.dup('c').data().asFloat();
    for (int i = 0; i < n; i++) {
      double scaled = energyLabel < 0 ? threshold : threshold * Math.exp(-labels.getDouble(i, energyLabel));
      // u < t  <=>  x < ln(1 + t) / L: one comparison per cell
      float cut = (float) (Math.log1p(scaled) / logScale);
      for (int c = i * d; c < i * d + columns; c++) {
        if (x[c] < cut) {
          v[c] = 0f;
        }
      }
    }
    return Nd4j.create(v, new long[] {n, d}, 'c');
  }
}
