package io.showers.generative.wgan;

/**
 * Figures of one training step (n_critic critic updates and one generator update); critic
 * figures are means over that step's critic updates.
 *
 * @param step 1-based index of the completed step
 * @param criticLoss {@code mean D(fake) - mean D(real) + penalty}
 * @param generatorLoss {@code -mean D(fake)} plus the constrainer term
 * @param wasserstein the Wasserstein-1 estimate {@code mean D(real) - mean D(fake)}
 * @param gradientPenalty the penalty term (with lambda)
 * @param constrainerLoss {@code kappa |MSE(fake) - MSE(real)|}, 0 without a constrainer
 * @param criticLr critic learning rate used
 * @param generatorLr generator learning rate used
 */
public record StepMetrics(
    long step,
    double criticLoss,
    double generatorLoss,
    double wasserstein,
    double gradientPenalty,
    double constrainerLoss,
    double criticLr,
    double generatorLr) {}
