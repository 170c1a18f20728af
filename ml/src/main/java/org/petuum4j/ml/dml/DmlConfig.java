package org.petuum4j.ml.dml;

import org.petuum4j.ps.Consistency;

/**
 * Settings of a {@link DmlJob} run; validated when built.
 *
 * @param rank rows of L (the dimension of the learned space), or 0 for the data's dimension
 * @param consistency of the table holding L
 * @param epochs passes over the training pairs, at least 1
 * @param batchSize pairs per mini-batch and worker; one clock per mini-batch
 * @param learningRate initial learning rate {@code eta0}, > 0; epoch {@code t} (0-based) uses
 *     {@code eta0 / (1 + decay * t)}
 * @param decay learning-rate decay per epoch, >= 0
 * @param margin distance that dissimilar pairs should reach, > 0
 * @param dissimilarWeight weight {@code lambda} of the dissimilar pairs' hinge loss, > 0
 * @param seed seed of the mini-batch sampling
 */
public record DmlConfig(int rank, Consistency consistency, int epochs, int batchSize, double learningRate,
    double decay, double margin, double dissimilarWeight, long seed) {
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final double DEFAULT_LEARNING_RATE = 0.01;
  public static final double DEFAULT_DECAY = 0.1;

  public DmlConfig {
    check(rank >= 0, "rank must be >= 0 (0: the data's dimension), was " + rank);
    check(consistency != null, "consistency must be set");
    check(epochs >= 1, "epochs must be >= 1, was " + epochs);
    check(batchSize >= 1, "batchSize must be >= 1, was " + batchSize);
    check(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be finite and > 0, was " + learningRate);
    check(decay >= 0 && Double.isFinite(decay), "decay must be finite and >= 0, was " + decay);
    check(margin > 0 && Double.isFinite(margin), "margin must be finite and > 0, was " + margin);
    check(dissimilarWeight > 0 && Double.isFinite(dissimilarWeight),
        "dissimilarWeight must be finite and > 0, was " + dissimilarWeight);
  }

  /** A configuration with the defaults and the given consistency and epochs. */
  public static DmlConfig defaults(Consistency consistency, int epochs) {
    return new DmlConfig(0, consistency, epochs, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_DECAY, 1, 1, 1);
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
