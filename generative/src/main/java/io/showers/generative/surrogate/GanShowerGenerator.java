package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.Conditions;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.Json;
import io.showers.detector.Seeds;
import io.showers.detector.ShowerGenerator;
import io.showers.generative.nn.Rng;

/**
 * A trained surrogate behind the {@link ShowerGenerator} interface: a drop-in replacement for the
 * simulator it learned. Event k's noise comes from {@code Seeds.event(seed, firstEventIndex + k)},
 * so results do not depend on the batching.
 */
public final class GanShowerGenerator<C extends Conditions, E extends EventBatch> implements ShowerGenerator<C, E> {
  private final SurrogateModel<C, E> model;
  private final boolean allowExtrapolation;
  private final String producer;

  GanShowerGenerator(SurrogateModel<C, E> model, boolean allowExtrapolation) {
    this.model = model;
    this.allowExtrapolation = allowExtrapolation;
    ObjectNode p = Json.mapper().createObjectNode();
    p.put("name", "wgan-surrogate");
    p.put("model", model.dir().getFileName().toString());
    p.set("codec", model.codec().toJson());
    p.set("generator", Json.mapper().valueToTree(model.generator().spec()));
    p.set("training", model.training());
    this.producer = Json.write(p);
  }

  @Override
  public DetectorConfig detector() {
    return model.detector();
  }

  @Override
  public String producer() {
    return producer;
  }

  @Override
  public E generate(C conditions, long seed, long firstEventIndex) {
    if (!allowExtrapolation) {
      model.codec().checkInside(conditions, model.trainedRange());
    }
    int n = conditions.size();
    int noiseDim = model.generator().noiseDim();
    float[] noise = new float[n * noiseDim];
    for (int k = 0; k < n; k++) {
      Rng rng = new Rng(Seeds.event(seed, firstEventIndex + k));
      model.generator().noise().fill(noise, k * noiseDim, noiseDim, rng);
    }
    float[] labels = model.codec().encodeLabels(conditions);
    float[] out = model.generator().generate(noise, labels, n);
    return model.codec().decode(out, conditions, model.detector());
  }

  /** Network inference is multi-threaded inside ND4J; batches run one after another. */
  @Override
  public boolean isThreadSafe() {
    return false;
  }
}
