package org.petuum4j.ml.logreg;

/**
 * What one epoch of {@link LogRegTrainer} achieved, measured on the weights after the epoch.
 *
 * @param epoch 1-based epoch number
 * @param seconds cumulative wall-clock training time up to the end of this epoch; time spent on
 *     evaluation is not included
 * @param samples cumulative training examples processed (by all workers)
 * @param trainLoss mean log-loss over the training set (without the L2 term)
 * @param testLoss mean log-loss over the test set
 * @param testError fraction of test examples misclassified (predict 1 iff probability > 0.5)
 */
public record EpochMetrics(
    int epoch, double seconds, long samples, double trainLoss, double testLoss, double testError) {}
