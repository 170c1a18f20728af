package org.petuum4j.ml.softmax;

import org.petuum4j.ps.Consistency;

/**
 * Settings of a {@link SoftmaxJob} run; validated when built.
 *
 * @param consistency of the weight table (SSP with a staleness, or ASP)
 * @param epochs passes over the training rows, at least 1
 * @param batchSize rows per mini-batch and worker; one clock per mini-batch
 * @param learningRate initial learning rate {@code eta0}, > 0; epoch {@code t} (0-based) uses
 *     {@code eta0 / (1 + decay * t)}
 * @param decay learning-rate decay per epoch, >= 0
 * @param l2 L2 strength {@code lambda} >= 0: the objective is the mean log-loss plus {@code lambda /
 *     2 * ||W||^2} (biases not regularised), as Spark MLlib's {@code regParam} with {@code
 *     elasticNetParam} 0 and standardization off
 * @param seed seed of the per-epoch shuffles
 *
 * <p>The default learning rate and decay were tuned on Fashion-MNIST (784 pixels in [0, 1], batch
 * 100, two workers): eta0 0.2 oscillates there, and decay 0.3 ends lower than 0.1 after 15 epochs.
 * Features of larger norm need a smaller rate; {@link
 * org.petuum4j.ml.logreg.TrainingDivergedException} says when it was too large.
 */
public record SoftmaxConfig(Consistency consistency, int epochs, int batchSize, double learningRate, double decay,
    double l2, long seed) {
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final double DEFAULT_LEARNING_RATE = 0.1;
  public static final double DEFAULT_DECAY = 0.3;
  public static final double DEFAULT_L2 = 1e-4;

  public SoftmaxConfig {
    check(consistency != null, "consistency must be set");
    check(epochs >= 1, "epochs must be >= 1, was " + epochs);
    check(batchSize >= 1, "batchSize must be >= 1, was " + batchSize);
    check(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be finite and > 0, was " + learningRate);
    check(decay >= 0 && Double.isFinite(decay), "decay must be finite and >= 0, was " + decay);
    check(l2 >= 0 && Double.isFinite(l2), "l2 must be finite and >= 0, was " + l2);
  }

  /** A configuration with the defaults and the given consistency and epochs. */
  public static SoftmaxConfig defaults(Consistency consistency, int epochs) {
    return new SoftmaxConfig(consistency, epochs, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_DECAY, DEFAULT_L2,
        1);
  }

  /** Learning rate of 0-based epoch {@code t}. */
  public double learningRate(int epoch) {
    return learningRate / (1 + decay * epoch);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
