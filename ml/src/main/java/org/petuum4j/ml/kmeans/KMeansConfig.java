package org.petuum4j.ml.kmeans;

import org.petuum4j.ps.Consistency;

/**
 * Settings of a {@link KMeansJob} run; validated when built.
 *
 * @param k number of clusters, at least 1 and at most the number of rows
 * @param consistency of the centroid table (SSP with a staleness, or ASP)
 * @param epochs passes over the data, at least 1
 * @param batchSize rows per mini-batch and worker; one clock per mini-batch
 * @param seed seed of the k-means++ initialisation and the per-epoch shuffles
 * @param initSample rows (drawn uniformly, seeded) that k-means++ chooses the initial centres from
 */
public record KMeansConfig(int k, Consistency consistency, int epochs, int batchSize, long seed, int initSample) {
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final int DEFAULT_INIT_SAMPLE = 10_000;

  public KMeansConfig {
    check(k >= 1, "k must be >= 1, was " + k);
    check(consistency != null, "consistency must be set");
    check(epochs >= 1, "epochs must be >= 1, was " + epochs);
    check(batchSize >= 1, "batchSize must be >= 1, was " + batchSize);
    check(initSample >= 1, "initSample must be >= 1, was " + initSample);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
