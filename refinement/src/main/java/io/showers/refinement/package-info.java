/**
 * Adversarial sim-to-data refinement (SimGAN, Shrivastava et al. 2017; Wasserstein refinement
 * of arXiv:1802.03325): {@link io.showers.refinement.CalorimeterRefiner} (model, save/load,
 * apply), {@link io.showers.refinement.RefinerTraining} (unpaired WGAN-GP training with
 * self-regularisation and a history buffer), {@link io.showers.refinement.CalorimeterRefinementEvaluation}
 * (the downstream energy-regression proof) and {@link io.showers.refinement.Refinement} (file-level
 * entry points used by {@code showers refine}). Calorimeter only in this build.
 */
package io.showers.refinement;
