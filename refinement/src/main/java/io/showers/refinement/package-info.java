/**
 * Adversarial sim-to-data refinement (SimGAN, Shrivastava et al. 2017; Wasserstein refinement
 * of arXiv:1802.03325) for both detectors. Shared: {@link io.showers.refinement.Refiner} (what a
 * trained refiner offers; {@code Refiner.load} dispatches on the directory's kind), the residual
 * per-unit network with the detector's projection ({@code ResidualRefiner}), the training loop
 * ({@code AdversarialLoop}: WGAN-GP critic of the generative core, history buffer,
 * self-regularisation), critic summaries ({@code EventSummary}), refiner files ({@code RefinerFiles})
 * and the downstream proof ({@link io.showers.refinement.RefinementEvaluation}). Per detector:
 * {@link io.showers.refinement.CalorimeterRefiner} with {@code CalorimeterSummary}, and
 * {@link io.showers.refinement.AirShowerRefiner} (footprint level) with {@code AirShowerSummary}.
 * {@link io.showers.refinement.RefinerTraining} trains either; {@link io.showers.refinement.Refinement}
 * holds the file-level entry points used by {@code showers refine}.
 */
package io.showers.refinement;
