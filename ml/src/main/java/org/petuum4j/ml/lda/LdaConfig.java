package org.petuum4j.ml.lda;

import org.petuum4j.ps.Consistency;

/**
 * Settings of an LDA run. Immutable; the constructor validates every field and names the bad one.
 *
 * @param topics number of topics K, 1 to {@link #MAX_TOPICS}
 * @param alpha symmetric Dirichlet prior of the document-topic mixtures (per topic; MALLET's
 *     {@code alphaSum} is {@code alpha * K}), finite and > 0
 * @param beta symmetric Dirichlet prior of the topic-word distributions, finite and > 0
 * @param iterations Gibbs sweeps over every token, >= 1
 * @param algorithm data-parallel or vocabulary-block rotation
 * @param consistency consistency of the word-topic and topic-count tables (data-parallel) or of
 *     the topic-count table alone (rotation, whose word-topic table is BSP so that a block is read
 *     fresh when it changes hands)
 * @param seed seed of the initial assignments and of the samplers
 * @param evalEvery compute and report the log-likelihood every this many iterations (and after
 *     the initial assignment and the last iteration), >= 1
 */
public record LdaConfig(int topics, double alpha, double beta, int iterations, Algorithm algorithm,
    Consistency consistency, long seed, int evalEvery) {

  /** Largest K: topic ids are packed into the low bits of an int with the count. */
  public static final int MAX_TOPICS = 1 << 16;

  /** How the workers divide the sampling. */
  public enum Algorithm {
    /** Every worker samples all its documents' tokens against a (stale) copy of every word row. */
    DATA,
    /**
     * Model-parallel: the vocabulary is cut into one block per worker; in sub-iteration {@code t}
     * worker {@code w} samples only its tokens whose word is in block {@code (w + t) mod P}, so no
     * two workers ever change the same word row in the same clock.
     */
    ROTATION
  }

  public LdaConfig {
    if (topics < 1 || topics > MAX_TOPICS) {
      throw new IllegalArgumentException("topics must be between 1 and " + MAX_TOPICS + ", was " + topics);
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be a finite number > 0, was " + alpha);
    }
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be a finite number > 0, was " + beta);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, was " + iterations);
    }
    if (algorithm == null || consistency == null) {
      throw new IllegalArgumentException("algorithm and consistency must be set");
    }
    if (evalEvery < 1) {
      throw new IllegalArgumentException("evalEvery must be >= 1, was " + evalEvery);
    }
  }

  /** K topics, alpha 0.1, beta 0.01, 100 iterations, data-parallel, BSP, seed 1, every iteration. */
  public static LdaConfig defaults(int topics) {
    return new LdaConfig(topics, 0.1, 0.01, 100, Algorithm.DATA, Consistency.bsp(), 1, 1);
  }

  public LdaConfig withIterations(int n) {
    return new LdaConfig(topics, alpha, beta, n, algorithm, consistency, seed, evalEvery);
  }

  public LdaConfig withAlgorithm(Algorithm a) {
    return new LdaConfig(topics, alpha, beta, iterations, a, consistency, seed, evalEvery);
  }

  public LdaConfig withPriors(double a, double b) {
    return new LdaConfig(topics, a, b, iterations, algorithm, consistency, seed, evalEvery);
  }

  public LdaConfig withEvalEvery(int n) {
    return new LdaConfig(topics, alpha, beta, iterations, algorithm, consistency, seed, n);
  }

  public LdaConfig withSeed(long s) {
    return new LdaConfig(topics, alpha, beta, iterations, algorithm, consistency, s, evalEvery);
  }

  public LdaConfig withConsistency(Consistency c) {
    return new LdaConfig(topics, alpha, beta, iterations, algorithm, c, seed, evalEvery);
  }

  /** True if iteration {@code i} (0 = the initial assignment) reports its log-likelihood. */
  public boolean evaluates(int i) {
    return i == 0 || i == iterations || i % evalEvery == 0;
  }

  /** The index of iteration {@code i}'s report among all reports; {@code i} must evaluate. */
  int evalIndex(int i) {
    return i == 0 ? 0 : (i - 1) / evalEvery + 1;
  }

  /** Number of reports: the initial state, every {@code evalEvery}-th iteration and the last. */
  int evaluations() {
    return 1 + iterations / evalEvery + (iterations % evalEvery == 0 ? 0 : 1);
  }
}
