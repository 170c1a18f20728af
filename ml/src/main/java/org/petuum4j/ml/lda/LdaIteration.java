package org.petuum4j.ml.lda;

/**
 * What one evaluated LDA iteration reports.
 *
 * @param iteration 1-based iteration, or 0 for the random initial assignment
 * @param seconds sampling wall time up to the end of this iteration, without the evaluations
 * @param tokens tokens sampled up to the end of this iteration, over all workers
 * @param logLikelihood the joint {@code log P(w, z)} of the state after this iteration (see
 *     {@link LdaLikelihood})
 */
public record LdaIteration(int iteration, double seconds, long tokens, double logLikelihood) {

  /** Average sampling throughput up to this iteration, over all workers. */
  public double tokensPerSecond() {
    return seconds > 0 ? tokens / seconds : 0;
  }
}
