package org.petuum4j.ml.lda;

/** Receives LDA progress in the process that submitted the job; called from one thread at a time. */
@FunctionalInterface
public interface LdaListener {

  /** Called after the initial assignment (iteration 0) and after every evaluated iteration. */
  void onIteration(LdaIteration iteration);
}
