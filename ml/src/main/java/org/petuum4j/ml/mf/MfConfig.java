package org.petuum4j.ml.mf;

import java.util.Locale;
import org.petuum4j.ps.Consistency;

/**
 * Immutable settings of matrix factorisation; the constructor checks every value and names it in
 * the message ("rank must be in [1, 1024], was 0").
 *
 * @param algorithm {@link Algorithm#SGD} (data-parallel) or {@link Algorithm#ROTATION}
 *     (model-parallel item blocks)
 * @param rank factors per user and item, {@code k}
 * @param epochs passes over the training ratings
 * @param learningRate initial SGD step {@code eta0}
 * @param decay learning rate of epoch {@code t} (0-based) is {@code eta0 / (1 + decay * t)}
 * @param l2 L2 strength {@code lambda}, applied to both factors at every rating
 * @param staleness SSP staleness of the item table for {@code SGD}; {@code ROTATION} always reads
 *     item rows with staleness 0 (the block hand-over needs it)
 * @param clocksPerEpoch clocks (mini-batches) per epoch of {@code SGD}; {@code ROTATION} clocks once
 *     per item block, i.e. {@code workers} times per epoch
 * @param initScale initial factors are uniform in {@code [-initScale, initScale)}, seeded per id
 * @param seed seed of the initial factors and the visiting orders
 * @param stragglerMillis milliseconds an injected straggler sleeps before a clock; 0 injects none
 * @param stragglerProbability chance that a clock has a straggler: at every clock {@code c}, one
 *     worker drawn uniformly at random (from a generator seeded by {@code seed} and {@code c}, so
 *     every worker agrees without talking) sleeps {@code stragglerMillis} before it clocks, with
 *     this probability; the straggler of logistic regression ({@code LogRegConfig}) and of the SSP
 *     experiments of Ho et al. (NIPS 2013)
 */
public record MfConfig(Algorithm algorithm, int rank, int epochs, double learningRate, double decay,
    double l2, Consistency staleness, int clocksPerEpoch, double initScale, long seed, int stragglerMillis,
    double stragglerProbability) {

  public static final int DEFAULT_RANK = 10;
  public static final double DEFAULT_LEARNING_RATE = 0.05;
  public static final double DEFAULT_DECAY = 0.1;
  public static final double DEFAULT_L2 = 0.02;
  public static final int DEFAULT_CLOCKS_PER_EPOCH = 4;
  public static final double DEFAULT_INIT_SCALE = 0.1;
  public static final int MAX_RANK = 1024;
  /** Upper bound on the injected straggler's sleep per clock: one minute. */
  public static final int MAX_STRAGGLER_MILLIS = 60_000;

  /** How the work is split between workers. */
  public enum Algorithm {
    /** Data-parallel SGD: shared item factors under SSP, every worker touches any item. */
    SGD,
    /** Model-parallel SGD: disjoint item blocks rotate between workers, one per clock. */
    ROTATION;

    /** Parses {@code sgd} or {@code rotation}, case-insensitively. */
    public static Algorithm parse(String name) {
      for (Algorithm a : values()) {
        if (a.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
          return a;
        }
      }
      throw new IllegalArgumentException("algorithm must be 'sgd' or 'rotation', was '" + name + "'");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public MfConfig {
    if (algorithm == null || staleness == null) {
      throw new IllegalArgumentException("algorithm and staleness must be set");
    }
    check("rank", rank, 1, MAX_RANK);
    check("epochs", epochs, 1, Integer.MAX_VALUE);
    check("clocks per epoch", clocksPerEpoch, 1, 1 << 20);
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and > 0, was " + learningRate);
    }
    if (!(decay >= 0) || Double.isInfinite(decay)) {
      throw new IllegalArgumentException("learning-rate decay must be finite and >= 0, was " + decay);
    }
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("L2 strength must be finite and >= 0, was " + l2);
    }
    if (!(initScale > 0) || Double.isInfinite(initScale)) {
      throw new IllegalArgumentException("initial factor scale must be finite and > 0, was " + initScale);
    }
    check("straggler sleep (ms)", stragglerMillis, 0, MAX_STRAGGLER_MILLIS);
    if (!(stragglerProbability >= 0 && stragglerProbability <= 1)) {
      throw new IllegalArgumentException("straggler probability must be in [0, 1], was " + stragglerProbability);
    }
  }

  /** Settings without an injected straggler. */
  public MfConfig(Algorithm algorithm, int rank, int epochs, double learningRate, double decay, double l2,
      Consistency staleness, int clocksPerEpoch, double initScale, long seed) {
    this(algorithm, rank, epochs, learningRate, decay, l2, staleness, clocksPerEpoch, initScale, seed, 0, 1.0);
  }

  /** Defaults for everything but the algorithm: see the constants; BSP; seed 1. */
  public static MfConfig defaults(Algorithm algorithm) {
    return new MfConfig(algorithm, DEFAULT_RANK, 10, DEFAULT_LEARNING_RATE, DEFAULT_DECAY, DEFAULT_L2,
        Consistency.bsp(), DEFAULT_CLOCKS_PER_EPOCH, DEFAULT_INIT_SCALE, 1);
  }

  public MfConfig withRank(int r) {
    return new MfConfig(algorithm, r, epochs, learningRate, decay, l2, staleness, clocksPerEpoch, initScale, seed,
        stragglerMillis, stragglerProbability);
  }

  public MfConfig withEpochs(int e) {
    return new MfConfig(algorithm, rank, e, learningRate, decay, l2, staleness, clocksPerEpoch, initScale, seed,
        stragglerMillis, stragglerProbability);
  }

  public MfConfig withLearningRate(double eta0, double d) {
    return new MfConfig(algorithm, rank, epochs, eta0, d, l2, staleness, clocksPerEpoch, initScale, seed,
        stragglerMillis, stragglerProbability);
  }

  public MfConfig withL2(double lambda) {
    return new MfConfig(algorithm, rank, epochs, learningRate, decay, lambda, staleness, clocksPerEpoch, initScale, seed,
        stragglerMillis, stragglerProbability);
  }

  /** These settings with the injected straggler of {@link #stragglerMillis()} and {@link #stragglerProbability()}. */
  public MfConfig withStraggler(int millis, double probability) {
    return new MfConfig(algorithm, rank, epochs, learningRate, decay, l2, staleness, clocksPerEpoch, initScale, seed,
        millis, probability);
  }

  /** These settings with staleness {@code s} for the item table of {@code SGD}. */
  public MfConfig withStaleness(Consistency s) {
    return new MfConfig(algorithm, rank, epochs, learningRate, decay, l2, s, clocksPerEpoch, initScale, seed,
        stragglerMillis, stragglerProbability);
  }

  /** These settings with {@code clocks} clocks per epoch of {@code SGD}. */
  public MfConfig withClocksPerEpoch(int clocks) {
    return new MfConfig(algorithm, rank, epochs, learningRate, decay, l2, staleness, clocks, initScale, seed,
        stragglerMillis, stragglerProbability);
  }

  /**
   * The worker that straggles at clock {@code clock} (0-based, counted over the whole run), or -1
   * for none: with probability {@code probability}, a worker drawn uniformly from {@code workers}.
   * A pure function of its arguments, so every worker computes the same answer.
   */
  public static int straggler(long seed, int workers, long clock, double probability) {
    java.util.SplittableRandom rng =
        new java.util.SplittableRandom(seed ^ 0x5DEECE66DL ^ (0x9E3779B97F4A7C15L * (clock + 1)));
    int worker = rng.nextInt(workers);
    return rng.nextDouble() < probability ? worker : -1;
  }

  /** The learning rate of epoch {@code epoch} (0-based). */
  public double learningRate(int epoch) {
    return learningRate / (1.0 + decay * epoch);
  }

  private static void check(String what, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], was " + v);
    }
  }
}
