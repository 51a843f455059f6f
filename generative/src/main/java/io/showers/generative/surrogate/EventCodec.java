package io.showers.generative.surrogate;

import com.fasterxml.jackson.databind.JsonNode;
import io.showers.detector.Conditions;
import io.showers.detector.Detector;
import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import io.showers.generative.wgan.CountingNoise;
import io.showers.generative.wgan.CriticFeatures;
import io.showers.generative.wgan.EnergyShareHead;
import io.showers.generative.wgan.GumbelDensity;
import io.showers.generative.wgan.LateralPrior;
import io.showers.generative.wgan.TransversePrior;
import io.showers.generative.wgan.ProfileDensity;
import io.showers.generative.wgan.ZeroSuppression;

/**
 * A surrogate's preprocessing: events and labels in physical units to and from the normalised
 * "model space" the networks see. It lives with the model, so a generator always writes physical
 * units in the file schema.
 */
public interface EventCodec<C extends Conditions, E extends EventBatch> {
  /**
   * Relative margin of an {@link #amountFloor} under the detector threshold: far more than the
   * float rounding of a log encoding (~1e-6), so a cell under the floor certainly decodes to 0.
   */
  double AMOUNT_FLOOR_MARGIN = 1e-4;

  /**
   * Fraction of the detector threshold above which a cell suppressed in training still passes
   * gradient (see {@link ZeroSuppression#gradientFloor}): cells and stations between half the
   * threshold and the threshold keep learning whether they should cross it.
   */
  double GRADIENT_FLOOR = 0.5;

  Detector detector();

  /** Width of one event in model space. */
  int eventDim();

  /** Width of one label vector in model space. */
  int labelDim();

  /** Events to model space, N × eventDim row-major. */
  float[] encodeEvents(E events);

  /** Labels to model space, N × labelDim row-major. */
  float[] encodeLabels(C conditions);

  /** The conditions (labels) of file events, to train on. */
  C conditionsOf(E events);

  /** Model-space events back to physical events with the given labels. */
  E decode(float[] model, C conditions, DetectorConfig config);

  /** The range of labels seen in training; generation outside it is extrapolation. */
  LabelRange trainedRange(C conditions);

  /** Throws {@link IllegalArgumentException} naming the first label outside {@code range}. */
  void checkInside(C conditions, LabelRange range);

  /**
   * Energy-like sums the critic should see beside the event (see {@link CriticFeatures}),
   * standardised on the encoded training events, or null if this codec defines none.
   */
  default CriticFeatures criticFeatures(float[] encodedEvents, DetectorConfig config) {
    return null;
  }

  /**
   * The cells' counting noise fitted to the encoded training events ({@link CountingNoise#fit}), for a head whose
   * counting coefficient is fixed instead of set by the network, or null if this codec defines no such fit.
   */
  default CountingNoise countingNoise(float[] encodedEvents, float[] encodedLabels, DetectorConfig config) {
    return null;
  }

  /**
   * Rings around the labelled core for the critic's lateral-distribution features (unfitted: see
   * {@link CriticFeatures#withRings}), or null if this codec defines none.
   */
  default CriticFeatures.Rings lateralRings() {
    return null;
  }

  /**
   * The detector's zero suppression in model space, applied to generated events in training so
   * the critic sees what decoding will keep, or null if decoding suppresses nothing this way.
   */
  default ZeroSuppression zeroSuppression(DetectorConfig config) {
    return null;
  }

  /**
   * A generator output head that builds events from a total and its shares, fitted to the
   * encoded training events, or null if this codec defines none (see {@link EnergyShareHead}).
   */
  default EnergyShareHead outputHead(float[] encodedEvents, DetectorConfig config) {
    return null;
  }

  /**
   * Per-event cell priors of the {@link #outputHead} from the labels, fitted to the encoded
   * training events and labels, or null if this codec defines none (see {@link LateralPrior}).
   */
  default LateralPrior lateralPrior(float[] encodedEvents, float[] encodedLabels, DetectorConfig config) {
    return null;
  }

  /**
   * Per-event cell priors of the {@link #outputHead} from the impact point, for a layered detector, fitted to the
   * encoded training events and labels, or null if this codec defines none (see {@link TransversePrior}).
   */
  default TransversePrior transversePrior(float[] encodedEvents, float[] encodedLabels, DetectorConfig config) {
    return null;
  }

  /**
   * The shower-plane distance, in the {@link #lateralPrior}'s unit, at which the lateral distribution's amplitude is
   * the energy estimator (S(1000) for the air shower), or NaN if this codec defines none (see {@link
   * EnergyShareHead#withAnchoredAmplitude}).
   */
  default double anchorDistance() {
    return Double.NaN;
  }

  /**
   * The density of the {@link #outputHead}'s group shares given the labels and the total, fitted to
   * the encoded training events and labels, or null if this codec defines none (see {@link
   * ProfileDensity}).
   */
  default ProfileDensity profileDensity(EnergyShareHead head, float[] encodedEvents, float[] encodedLabels) {
    return null;
  }

  /**
   * Per event, an amount (in the unit the {@link #outputHead} shares out) below which decoding
   * certainly drops a cell, a safe margin under the detector threshold, so inference may skip
   * encoding such cells; or null if decoding drops nothing this way.
   */
  default double[] amountFloor(C conditions, DetectorConfig config) {
    return null;
  }

  /**
   * An event value that a generator may draw first, from an explicit density of the labels, and be
   * conditioned on (see {@link io.showers.generative.wgan.Generator#withDrawnValue}).
   *
   * @param name the value's name, for messages and the model card
   * @param column its event column in model space
   * @param ceiling the form of its bound (limit unfitted), or null for none
   */
  record LeadingValue(String name, int column, GumbelDensity.Ceiling ceiling) {}

  /** The event value a generator may draw first (the air shower's Xmax), or null if this codec defines none. */
  default LeadingValue leadingValue() {
    return null;
  }

  /** Parameters for {@code model.json}. */
  JsonNode toJson();
}
