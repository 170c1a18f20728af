package org.petuum4j.ml.softmax;

/**
 * What one epoch of softmax regression achieved, measured on the weights after the epoch.
 *
 * @param epoch 1-based epoch number
 * @param seconds cumulative training time up to the end of this epoch, evaluation excluded
 * @param trainLoss mean log-loss over the training rows (without the L2 term)
 * @param trainAccuracy fraction of training rows whose most probable class is their label
 * @param testLoss mean log-loss over the held-out rows
 * @param testAccuracy fraction of held-out rows classified right
 */
public record SoftmaxMetrics(int epoch, double seconds, double trainLoss, double trainAccuracy, double testLoss,
    double testAccuracy) {}
