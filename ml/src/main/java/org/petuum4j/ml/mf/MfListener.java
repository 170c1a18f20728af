package org.petuum4j.ml.mf;

/**
 * Receives per-epoch results of matrix factorisation, once per epoch in order, from one worker
 * thread (or, on a cluster, from the event stream in the submitting process). An exception thrown
 * here fails the training.
 */
@FunctionalInterface
public interface MfListener {

  /** No-op listener. */
  MfListener NONE = m -> {};

  void onEpoch(MfMetrics metrics);
}
