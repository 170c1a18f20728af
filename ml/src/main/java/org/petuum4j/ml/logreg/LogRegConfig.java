package org.petuum4j.ml.logreg;

import org.petuum4j.ps.Consistency;

/**
 * Immutable settings of {@link LogRegTrainer}. Every builder setter checks its value at once and
 * names it in the message ("learning rate must be finite and > 0, was -0.5").
 *
 * <pre>{@code
 * LogRegConfig c = LogRegConfig.builder()
 *     .workers(2).shards(2).consistency(Consistency.ssp(3))
 *     .epochs(10).batchSize(128).learningRate(0.5).l2(1e-4).seed(42)
 *     .build();
 * }</pre>
 *
 * <p>Defaults: 2 workers, 2 shards, BSP, 10 epochs, batch size {@value #DEFAULT_BATCH_SIZE},
 * learning rate {@value #DEFAULT_LEARNING_RATE}, decay {@value #DEFAULT_DECAY}, L2 {@value
 * #DEFAULT_L2}, block width {@value #DEFAULT_BLOCK_WIDTH}, seed 1, shuffling on, no straggler. The learning
 * rate suits features scaled to about [0, 1] with tens of non-zeros per row (it was tuned on the
 * data of {@link org.petuum4j.ml.gen.LogRegDataGenerator}); rows with much larger norms need a
 * smaller one, and {@link TrainingDivergedException} says so when it was too large.
 */
public final class LogRegConfig {
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final double DEFAULT_LEARNING_RATE = 5.0;
  public static final double DEFAULT_DECAY = 0.5;
  public static final double DEFAULT_L2 = 1e-4;
  public static final int DEFAULT_BLOCK_WIDTH = 1 << 16;
  /** Upper bound on worker threads and server shards: far beyond useful in one JVM. */
  public static final int MAX_THREADS = 1024;
  public static final int MAX_BLOCK_WIDTH = 1 << 24;
  /** Upper bound on the injected straggler's sleep per clock: one minute. */
  public static final int MAX_STRAGGLER_MILLIS = 60_000;

  private final int workers;
  private final int shards;
  private final Consistency consistency;
  private final int epochs;
  private final int batchSize;
  private final int batchesPerClock;
  private final double learningRate;
  private final double decay;
  private final double l2;
  private final int blockWidth;
  private final long seed;
  private final boolean shuffle;
  private final int stragglerMillis;
  private final double stragglerProbability;

  private LogRegConfig(Builder b) {
    this.workers = b.workers;
    this.shards = b.shards;
    this.consistency = b.consistency;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.batchesPerClock = b.batchesPerClock;
    this.learningRate = b.learningRate;
    this.decay = b.decay;
    this.l2 = b.l2;
    this.blockWidth = b.blockWidth;
    this.seed = b.seed;
    this.shuffle = b.shuffle;
    this.stragglerMillis = b.stragglerMillis;
    this.stragglerProbability = b.stragglerProbability;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Worker threads; each owns a contiguous share of the training rows. */
  public int workers() {
    return workers;
  }

  /** Server shards the weight rows are spread over. */
  public int shards() {
    return shards;
  }

  /** Consistency model of the weight table. */
  public Consistency consistency() {
    return consistency;
  }

  /** Passes over the training data. */
  public int epochs() {
    return epochs;
  }

  /** Examples per mini-batch and worker: the weights are updated after each mini-batch. */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Mini-batches per clock: a worker calls {@code clock()}, which sends its buffered updates, after
   * this many mini-batches (and at the end of each epoch). Within a clock it reads its own updates,
   * so the mini-batches still follow each other as in sequential SGD; only the exchange with the
   * other workers becomes less frequent. 1 (the default) is one clock per mini-batch. Larger values
   * cut the network round trips per epoch when the cluster's latency, not arithmetic, bounds
   * training (as in Bösen's {@code num_batches_per_clock}).
   */
  public int batchesPerClock() {
    return batchesPerClock;
  }

  /** The initial learning rate {@code eta0}. */
  public double learningRate() {
    return learningRate;
  }

  /** Learning-rate decay: see {@link #learningRate(int)}. */
  public double decay() {
    return decay;
  }

  /** L2 regularisation strength {@code lambda}. */
  public double l2() {
    return l2;
  }

  /** Columns per weight-table row: the dimension is cut into rows of this width. */
  public int blockWidth() {
    return blockWidth;
  }

  /** Seed of the per-epoch shuffles. */
  public long seed() {
    return seed;
  }

  /** Whether each worker visits its rows in a fresh random order every epoch. */
  public boolean shuffle() {
    return shuffle;
  }

  /**
   * Milliseconds the injected straggler sleeps at a clock; 0 (the default) injects none. See
   * {@link #stragglerProbability()}.
   */
  public int stragglerMillis() {
    return stragglerMillis;
  }

  /**
   * Chance that a clock has a straggler. At every clock {@code c}, one worker drawn uniformly at
   * random (from a generator seeded by {@link #seed()} and {@code c}, so every worker agrees on
   * the draw without talking and runs reproduce) sleeps {@link #stragglerMillis()} before it
   * calls {@code clock()}, with this probability. This is the straggler of Cipar et al.
   * ("Solving the Straggler Problem with Bounded Staleness", HotOS 2013) and of the SSP
   * experiments of Ho et al. (NIPS 2013): a random worker is slowed at random, so under BSP
   * every delay stalls everyone, while under SSP the others run ahead and the delays of
   * different workers overlap.
   */
  public double stragglerProbability() {
    return stragglerProbability;
  }

  /** The learning rate of epoch {@code epoch} (0-based): {@code eta0 / (1 + decay * epoch)}. */
  public double learningRate(int epoch) {
    return learningRate / (1.0 + decay * epoch);
  }

  @Override
  public String toString() {
    return "LogRegConfig[workers=" + workers + ", shards=" + shards + ", consistency=" + consistency
        + ", epochs=" + epochs + ", batchSize=" + batchSize + ", batchesPerClock=" + batchesPerClock
        + ", learningRate=" + learningRate
        + ", decay=" + decay + ", l2=" + l2 + ", blockWidth=" + blockWidth + ", seed=" + seed
        + ", shuffle=" + shuffle + ", stragglerMillis=" + stragglerMillis
        + ", stragglerProbability=" + stragglerProbability + "]";
  }

  /** Builder; see the class comment for defaults. */
  public static final class Builder {
    private int workers = 2;
    private int shards = 2;
    private Consistency consistency = Consistency.bsp();
    private int epochs = 10;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int batchesPerClock = 1;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private double decay = DEFAULT_DECAY;
    private double l2 = DEFAULT_L2;
    private int blockWidth = DEFAULT_BLOCK_WIDTH;
    private long seed = 1;
    private boolean shuffle = true;
    private int stragglerMillis = 0;
    private double stragglerProbability = 1.0;

    private Builder() {}

    public Builder workers(int workers) {
      this.workers = inRange("workers", workers, 1, MAX_THREADS);
      return this;
    }

    public Builder shards(int shards) {
      this.shards = inRange("shards", shards, 1, MAX_THREADS);
      return this;
    }

    public Builder consistency(Consistency consistency) {
      if (consistency == null) {
        throw new IllegalArgumentException("consistency must not be null");
      }
      this.consistency = consistency;
      return this;
    }

    public Builder epochs(int epochs) {
      this.epochs = inRange("epochs", epochs, 1, Integer.MAX_VALUE);
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = inRange("batch size", batchSize, 1, Integer.MAX_VALUE);
      return this;
    }

    /** Mini-batches per clock, {@code >= 1}; see {@link LogRegConfig#batchesPerClock()}. */
    public Builder batchesPerClock(int batches) {
      this.batchesPerClock = inRange("mini-batches per clock", batches, 1, Integer.MAX_VALUE);
      return this;
    }

    public Builder learningRate(double eta0) {
      if (!(eta0 > 0) || Double.isInfinite(eta0)) {
        throw new IllegalArgumentException("learning rate must be finite and > 0, was " + eta0);
      }
      this.learningRate = eta0;
      return this;
    }

    public Builder decay(double decay) {
      if (!(decay >= 0) || Double.isInfinite(decay)) {
        throw new IllegalArgumentException("learning-rate decay must be finite and >= 0, was " + decay);
      }
      this.decay = decay;
      return this;
    }

    public Builder l2(double lambda) {
      if (!(lambda >= 0) || Double.isInfinite(lambda)) {
        throw new IllegalArgumentException("L2 strength must be finite and >= 0, was " + lambda);
      }
      this.l2 = lambda;
      return this;
    }

    /** Power of two in {@code [1, 2^24]}, so a feature splits into row and column by shifts. */
    public Builder blockWidth(int width) {
      if (width < 1 || width > MAX_BLOCK_WIDTH || Integer.bitCount(width) != 1) {
        throw new IllegalArgumentException(
            "block width must be a power of two in [1, " + MAX_BLOCK_WIDTH + "], was " + width);
      }
      this.blockWidth = width;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Sleep of the injected straggler, in {@code [0, 60000]} ms; 0 injects none. */
    public Builder stragglerMillis(int millis) {
      this.stragglerMillis = inRange("straggler sleep (ms)", millis, 0, MAX_STRAGGLER_MILLIS);
      return this;
    }

    /** Chance in {@code [0, 1]} that a clock has a straggler; 1 by default. */
    public Builder stragglerProbability(double p) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("straggler probability must be in [0, 1], was " + p);
      }
      this.stragglerProbability = p;
      return this;
    }

    public LogRegConfig build() {
      return new LogRegConfig(this);
    }

    private static int inRange(String what, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(what + " must be "
            + (max == Integer.MAX_VALUE ? ">= " + min : "in [" + min + ", " + max + "]")
            + ", was " + value);
      }
      return value;
    }
  }
}
