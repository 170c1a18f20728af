package org.petuum4j.ml.dml;

/**
 * Receives per-epoch results of a {@link DmlJob}, in epoch order, in the process that submitted
 * the job. An exception thrown here fails the job.
 */
@FunctionalInterface
public interface DmlListener {
  DmlListener NONE = m -> {};

  void onEpoch(DmlMetrics metrics);
}
