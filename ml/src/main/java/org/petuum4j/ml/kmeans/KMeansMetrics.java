package org.petuum4j.ml.kmeans;

/**
 * What one epoch of k-means achieved, measured on the centres after the epoch.
 *
 * @param epoch 1-based epoch number
 * @param seconds cumulative training time up to the end of this epoch, evaluation excluded
 * @param wcss within-cluster sum of squares: the sum over all rows of the squared Euclidean
 *     distance to the nearest centre
 */
public record KMeansMetrics(int epoch, double seconds, double wcss) {}
