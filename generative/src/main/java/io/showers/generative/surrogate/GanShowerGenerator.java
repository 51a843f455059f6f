package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.showers.detector.Conditions;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.detector.Json;
import io.showers.detector.Seeds;
import io.showers.detector.ShowerGenerator;
import io.showers.generative.nn.Rng;
import io.showers.generative.wgan.Generator;

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
    Generator g = model.generator();
    float[] labels = model.codec().encodeLabels(conditions);
    // each event's noise straight into the input buffer, from its own (seed, index) stream
    // cells the detector threshold will drop skip their encoding (bit-identical result)
    float[] out = g.generateTransient(labels, n, (k, in, offset) ->
        g.noise().fill(in, offset, g.noiseDim(), new Rng(Seeds.event(seed, firstEventIndex + k))),
        model.codec().amountFloor(conditions, model.detector()));
    return model.codec().decode(out, conditions, model.detector());
  }

  /** Network inference is multi-threaded inside ND4J; batches run one after another. */
  @Override
  public boolean isThreadSafe() {
    return false;
  }
}
