package org.petuum4j.ml.mf;

/**
 * What one epoch of matrix factorisation achieved, measured on the factors after the epoch.
 *
 * @param epoch 1-based epoch number
 * @param seconds cumulative wall-clock training time up to the end of this epoch, evaluation not
 *     included
 * @param trainRmse root mean squared error over the training ratings
 * @param testRmse root mean squared error over the test ratings
 */
public record MfMetrics(int epoch, double seconds, double trainRmse, double testRmse) {}
