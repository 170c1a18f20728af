package org.petuum4j.ml.kmeans;

/**
 * Receives per-epoch results of a {@link KMeansJob}, in epoch order, in the process that submitted
 * the job. An exception thrown here fails the job.
 */
@FunctionalInterface
public interface KMeansListener {
  KMeansListener NONE = m -> {};

  void onEpoch(KMeansMetrics metrics);
}
