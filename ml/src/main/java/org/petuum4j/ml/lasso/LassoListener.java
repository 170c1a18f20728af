package org.petuum4j.ml.lasso;

/**
 * Receives {@link LassoMetrics} after every round of {@link LassoTrainer}, in order, on the
 * pulling worker's thread (so keep it cheap); an exception fails the training.
 */
@FunctionalInterface
public interface LassoListener {

  /** Ignores everything. */
  LassoListener NONE = m -> {};

  void onRound(LassoMetrics metrics);
}
