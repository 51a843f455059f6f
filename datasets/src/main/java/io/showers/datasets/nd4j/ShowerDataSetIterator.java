package io.showers.datasets.nd4j;

import io.showers.datasets.Batches;
import io.showers.datasets.ShowerDataset;
import io.showers.detector.EventBatch;
import io.showers.detector.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J {@link DataSetIterator} over a showers dataset that streams mini-batches from disk
 * (only one batch is in memory). With a seed, the order of the mini-batches is shuffled anew
 * each epoch, reproducibly.
 */
public final class ShowerDataSetIterator implements DataSetIterator {
  private static final long serialVersionUID = 1L;

  private final transient ShowerDataset dataset;
  private final transient Featurizer featurizer;
  private final int batchSize;
  private final Long shuffleSeed;
  private final List<Long> starts = new ArrayList<>();
  private int cursor;
  private int epoch;
  private transient DataSetPreProcessor preProcessor;
  /** Events read from disk but not yet returned, when {@link #next(int)} asked for fewer than a block. */
  private transient EventBatch pending;

  /**
   * @param dataset the events (not closed by the iterator)
   * @param featurizer how events become features and labels
   * @param batchSize events per mini-batch
   * @param shuffleSeed seed of the per-epoch batch order, or null to keep file order
   */
  public ShowerDataSetIterator(ShowerDataset dataset, Featurizer featurizer, int batchSize, Long shuffleSeed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    this.dataset = dataset;
    this.featurizer = featurizer;
    this.batchSize = batchSize;
    this.shuffleSeed = shuffleSeed;
    for (long s = 0; s < dataset.size(); s += batchSize) {
      starts.add(s);
    }
    order();
  }

  private void order() {
    if (shuffleSeed != null) {
      starts.sort(null);
      Collections.shuffle(starts, new Random(Seeds.derive(shuffleSeed, epoch)));
    }
  }

  /** Converts a batch to a {@link DataSet} (features of shape N × featureShape, labels N × width). */
  public static DataSet toDataSet(EventBatch events, Featurizer featurizer) {
    int n = events.size();
    int[] shape = featurizer.featureShape();
    int per = 1;
    for (int d : shape) {
      per *= d;
    }
    float[] features = new float[n * per];
    float[] labels = new float[n * featurizer.labelWidth()];
    featurizer.featurize(events, features, labels);
    long[] fshape = new long[shape.length + 1];
    fshape[0] = n;
    for (int i = 0; i < shape.length; i++) {
      fshape[i + 1] = shape[i];
    }
    INDArray f = Nd4j.create(features, fshape, DataType.FLOAT);
    INDArray l = Nd4j.create(labels, new long[] {n, featurizer.labelWidth()}, DataType.FLOAT);
    return new DataSet(f, l);
  }

  @Override
  public boolean hasNext() {
    return cursor < starts.size() || pending != null;
  }

  @Override
  public DataSet next() {
    return next(batchSize);
  }

  /**
   * The next {@code num} events in this epoch's order (fewer at the end), whatever the block size:
   * blocks are read as needed and events left over are returned by the following call.
   */
  @Override
  public DataSet next(int num) {
    if (num < 1) {
      throw new IllegalArgumentException("number of events must be positive, got " + num);
    }
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    List<EventBatch> parts = new ArrayList<>();
    int have = 0;
    if (pending != null) {
      parts.add(pending);
      have = pending.size();
      pending = null;
    }
    while (have < num && cursor < starts.size()) {
      long start = starts.get(cursor++);
      EventBatch block = dataset.read(start, (int) Math.min(batchSize, dataset.size() - start));
      parts.add(block);
      have += block.size();
    }
    EventBatch events = Batches.concat(parts);
    if (events.size() > num) {
      pending = events.slice(num, events.size());
      events = events.slice(0, num);
    }
    DataSet ds = toDataSet(events, featurizer);
    if (preProcessor != null) {
      preProcessor.preProcess(ds);
    }
    return ds;
  }

  @Override
  public int inputColumns() {
    int per = 1;
    for (int d : featurizer.featureShape()) {
      per *= d;
    }
    return per;
  }

  @Override
  public int totalOutcomes() {
    return featurizer.labelWidth();
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  @Override
  public boolean asyncSupported() {
    return true;
  }

  @Override
  public void reset() {
    cursor = 0;
    pending = null;
    epoch++;
    order();
  }

  @Override
  public int batch() {
    return batchSize;
  }

  @Override
  public void setPreProcessor(DataSetPreProcessor preProcessor) {
    this.preProcessor = preProcessor;
  }

  @Override
  public DataSetPreProcessor getPreProcessor() {
    return preProcessor;
  }

  @Override
  public List<String> getLabels() {
    return null;
  }
}
