package org.petuum4j.ml.softmax;

/**
 * Receives per-epoch results of a {@link SoftmaxJob}, in epoch order, in the process that submitted
 * the job. An exception thrown here fails the job.
 */
@FunctionalInterface
public interface SoftmaxListener {
  SoftmaxListener NONE = m -> {};

  void onEpoch(SoftmaxMetrics metrics);
}
