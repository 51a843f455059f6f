package io.showers.generative.wgan;

import io.showers.generative.nn.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training events in model space and their labels as row-major float arrays, checked once for
 * shape and finiteness; mini-batches are drawn with replacement by a caller-supplied {@link Rng}.
 */
public final class TrainingData {
  private final float[] events;
  private final float[] labels;
  private final int size;
  private final int eventDim;
  private final int labelDim;

  private TrainingData(float[] events, int eventDim, float[] labels, int labelDim) {
    if (eventDim <= 0 || labelDim < 0) {
      throw new IllegalArgumentException("need eventDim > 0 and labelDim >= 0, got " + eventDim + ", " + labelDim);
    }
    if (events == null || events.length == 0 || events.length % eventDim != 0) {
      throw new IllegalArgumentException(
          "events length " + (events == null ? "null" : events.length) + " is not a positive multiple of " + eventDim);
    }
    int n = events.length / eventDim;
    float[] lab = labels == null ? new float[0] : labels;
    if (lab.length != (long) n * labelDim) {
      throw new IllegalArgumentException(
          "labels length " + lab.length + " != " + n + " events x " + labelDim + " labels");
    }
    checkFinite("events", events, eventDim);
    checkFinite("labels", lab, labelDim);
    this.events = events;
    this.labels = lab;
    this.size = n;
    this.eventDim = eventDim;
    this.labelDim = labelDim;
  }

  /**
   * Wraps (does not copy) the arrays: {@code events} holds {@code n x eventDim} values, {@code
   * labels} {@code n x labelDim} (may be null when {@code labelDim == 0}).
   *
   * @throws IllegalArgumentException on inconsistent lengths or any NaN/Inf value (the message
   *     names the array, the flat index, the row and the column)
   */
  public static TrainingData of(float[] events, int eventDim, float[] labels, int labelDim) {
    return new TrainingData(events, eventDim, labels, labelDim);
  }

  /** Throws if {@code values} holds a NaN or infinity, naming the array, index, row and column. */
  public static void checkFinite(String name, float[] values, int rowLength) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + "[" + i + "] (row " + i / rowLength + ", column " + i % rowLength + ") is "
                + values[i] + "; training data must be finite");
      }
    }
  }

  /** All labels, row-major (the live array: callers in this package only read it). */
  float[] allLabels() {
    return labels;
  }

  public int size() {
    return size;
  }

  public int eventDim() {
    return eventDim;
  }

  public int labelDim() {
    return labelDim;
  }

  /** Row indices of a batch drawn uniformly with replacement. */
  public int[] sampleIndices(int batch, Rng rng) {
    int[] idx = new int[batch];
    for (int i = 0; i < batch; i++) {
      idx[i] = rng.nextInt(size);
    }
    return idx;
  }

  /** The events of the given rows, {@code rows x eventDim}. */
  public INDArray events(int[] rows) {
    return gather(events, eventDim, rows);
  }

  /** The labels of the given rows, {@code rows x labelDim}. */
  public INDArray labels(int[] rows) {
    return gather(labels, labelDim, rows);
  }

  private static INDArray gather(float[] src, int dim, int[] rows) {
    float[] out = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(src, rows[i] * dim, out, i * dim, dim);
    }
    return Nd4j.create(out, new long[] {rows.length, dim}, 'c');
  }
}
