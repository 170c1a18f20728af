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
 * <p>Defaults: 2 workers, 2 shards, BSP, 10 epochs, {@link Update#EXAMPLE} updates with the
 * clocks per epoch chosen from the data ({@link #clocksPerEpoch()} 0), learning rate {@value
 * #DEFAULT_EXAMPLE_LEARNING_RATE} ({@value #DEFAULT_LEARNING_RATE} for {@link Update#BATCH}),
 * batch size {@value #DEFAULT_BATCH_SIZE}, decay {@value #DEFAULT_DECAY}, L2 {@value
 * #DEFAULT_L2}, block width {@value #DEFAULT_BLOCK_WIDTH}, seed 1, shuffling on, no straggler. The
 * learning rates suit features scaled to about [0, 1] with tens of non-zeros per row (they were
 * tuned on the data of {@link org.petuum4j.ml.gen.LogRegDataGenerator}); rows with much larger
 * norms need smaller ones, and {@link TrainingDivergedException} says so when it was too large.
 */
public final class LogRegConfig {
  public static final int DEFAULT_BATCH_SIZE = 100;
  /** Default initial learning rate of {@link Update#BATCH}: the step on a mini-batch's mean gradient. */
  public static final double DEFAULT_LEARNING_RATE = 5.0;
  /** Default initial learning rate of {@link Update#EXAMPLE}: the step on one example's gradient. */
  public static final double DEFAULT_EXAMPLE_LEARNING_RATE = 0.1;
  /** Upper bound on {@link #clocksPerEpoch()}. */
  public static final int MAX_CLOCKS_PER_EPOCH = 1_000_000;
  public static final double DEFAULT_DECAY = 0.5;
  public static final double DEFAULT_L2 = 1e-4;
  public static final int DEFAULT_BLOCK_WIDTH = 1 << 16;
  /** Upper bound on worker threads and server shards: far beyond useful in one JVM. */
  public static final int MAX_THREADS = 1024;
  public static final int MAX_BLOCK_WIDTH = 1 << 24;
  /** Upper bound on the injected straggler's sleep per clock: one minute. */
  public static final int MAX_STRAGGLER_MILLIS = 60_000;

  /** How a worker turns its examples into updates of the shared weights. */
  public enum Update {
    /**
     * Per-example SGD on the worker's own replica of the weights: at the start of every clock the
     * worker copies the weights from the parameter server (at most the staleness bound stale), runs
     * plain SGD over its examples of that clock on the copy, and at the clock sends the difference
     * (one batched increment per weight row). As sample-efficient as sequential per-example SGD
     * within a clock, and the inner loop touches only the example's features (Bösen's {@code mlr}
     * works this way). {@link LogRegConfig#clocksPerEpoch()} sets how often workers exchange.
     */
    EXAMPLE,
    /**
     * Mini-batch SGD: every {@link LogRegConfig#batchSize()} examples, the batch's mean gradient
     * (plus L2 on the touched weights) is applied through the parameter server; a clock every
     * {@link LogRegConfig#batchesPerClock()} mini-batches.
     */
    BATCH
  }

  private final int workers;
  private final int shards;
  private final Update update;
  private final int clocksPerEpoch;
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
    this.update = b.update;
    this.clocksPerEpoch = b.clocksPerEpoch;
    this.consistency = b.consistency;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.batchesPerClock = b.batchesPerClock;
    this.learningRate = Double.isNaN(b.learningRate)
        ? (b.update == Update.EXAMPLE ? DEFAULT_EXAMPLE_LEARNING_RATE : DEFAULT_LEARNING_RATE)
        : b.learningRate;
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

  /** How examples become updates; see {@link Update}. */
  public Update update() {
    return update;
  }

  /**
   * With {@link Update#EXAMPLE}: clocks per epoch, so each clock covers {@code 1 / clocksPerEpoch}
   * of every worker's share; 0 (the default) lets {@link #clocksPerEpoch(long, double, int)}
   * choose from the data. Ignored by {@link Update#BATCH}, whose clocks follow the mini-batches.
   */
  public int clocksPerEpoch() {
    return clocksPerEpoch;
  }

  /**
   * The clocks per epoch of {@link Update#EXAMPLE} for workers with {@code rowsPerWorker} rows each
   * (the largest share), {@code nonZerosPerRow} non-zeros per row on average and a model of {@code
   * dimension} weights: the configured count, or, if it is 0, the automatic choice, never more
   * than there are rows.
   *
   * <p>Implementation notes. A clock costs the worker about {@code 3 D} memory operations (copy
   * the weights in, keep a base copy, scan both for the change to send), its examples about
   * {@code rows * nnz} random accesses. The automatic choice keeps the per-clock cost at most
   * about 1/8 of the examples' ({@code rows * nnz >= 24 D} per clock), but syncs at least
   * {@value #MIN_AUTO_CLOCKS} times per epoch when there are rows for it, since between two
   * clocks each worker's replica drifts on its own and the workers' summed changes overshoot
   * (two workers that each move a weight most of the way to its optimum move it twice as far
   * together); and at most {@value #MAX_AUTO_CLOCKS}, where the cost of a clock is already small.
   */
  public int clocksPerEpoch(long rowsPerWorker, double nonZerosPerRow, int dimension) {
    long rows = Math.max(1, rowsPerWorker);
    if (clocksPerEpoch > 0) {
      return (int) Math.min(clocksPerEpoch, rows);
    }
    double perClockRows = 24.0 * dimension / Math.max(1.0, nonZerosPerRow);
    long byCost = (long) Math.floor(rows / perClockRows);
    long clocks = Math.max(MIN_AUTO_CLOCKS, Math.min(MAX_AUTO_CLOCKS, byCost));
    return (int) Math.min(clocks, rows);
  }

  static final int MIN_AUTO_CLOCKS = 4;
  static final int MAX_AUTO_CLOCKS = 32;

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
    return "LogRegConfig[workers=" + workers + ", shards=" + shards + ", update=" + update
        + ", clocksPerEpoch=" + clocksPerEpoch + ", consistency=" + consistency
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
    private Update update = Update.EXAMPLE;
    private int clocksPerEpoch = 0;
    private Consistency consistency = Consistency.bsp();
    private int epochs = 10;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int batchesPerClock = 1;
    /** NaN until set: the default depends on the update mode. */
    private double learningRate = Double.NaN;
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

    /** How examples become updates; {@link Update#EXAMPLE} by default. */
    public Builder update(Update update) {
      if (update == null) {
        throw new IllegalArgumentException("update mode must not be null");
      }
      this.update = update;
      return this;
    }

    /**
     * Clocks per epoch of {@link Update#EXAMPLE}, in {@code [0, 1000000]}; 0 (the default) chooses
     * from the data. See {@link LogRegConfig#clocksPerEpoch(long, double, int)}.
     */
    public Builder clocksPerEpoch(int clocks) {
      this.clocksPerEpoch = inRange("clocks per epoch", clocks, 0, MAX_CLOCKS_PER_EPOCH);
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
