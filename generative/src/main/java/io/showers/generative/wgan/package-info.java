/**
 * Conditional WGAN-GP: {@link io.showers.generative.wgan.WganConfig} (architecture and
 * hyper-parameters), {@link io.showers.generative.wgan.WganTrainer} (training loop, listener,
 * checkpoints, resume), {@link io.showers.generative.wgan.Critic} and
 * {@link io.showers.generative.wgan.GradientPenalty} (exact penalty gradient),
 * {@link io.showers.generative.wgan.Constrainer} (regressor term of arXiv:1807.01954),
 * {@link io.showers.generative.wgan.Generator} (saved model and fast batch inference) and
 * {@link io.showers.generative.wgan.TrainingHistory} (loss curves as CSV and PNG).
 *
 * <p>All data are in the model's normalised space; preprocessing to and from physical units
 * belongs to the detector surrogates built on this package.
 */
package io.showers.generative.wgan;
