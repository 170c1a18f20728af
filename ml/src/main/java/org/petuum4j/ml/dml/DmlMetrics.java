package org.petuum4j.ml.dml;

/**
 * What one epoch of distance metric learning achieved, measured on L after the epoch.
 *
 * @param epoch 1-based epoch number
 * @param seconds cumulative training time up to the end of this epoch, evaluation excluded
 * @param objective mean loss over the training pairs: the distance of similar pairs, {@code lambda
 *     * max(0, margin - distance)} of dissimilar ones
 * @param trainAccuracy pair-classification accuracy on the training pairs at the threshold chosen on
 *     them
 * @param testAccuracy accuracy on the held-out pairs at that threshold
 */
public record DmlMetrics(int epoch, double seconds, double objective, double trainAccuracy, double testAccuracy) {}
