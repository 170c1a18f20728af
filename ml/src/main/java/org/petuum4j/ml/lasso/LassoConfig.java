package org.petuum4j.ml.lasso;

import java.util.Locale;
import org.petuum4j.sched.Schedulers;

/**
 * Settings of {@link LassoTrainer}. Immutable; {@link Builder#build()} validates every value and
 * names the bad one.
 *
 * <pre>{@code
 * LassoConfig c = LassoConfig.builder().lambda(0.01).workers(2)
 *     .schedule(LassoConfig.Schedule.DEPENDENCY).parallelism(32).rounds(20_000).build();
 * }</pre>
 */
public final class LassoConfig {
  public static final int MAX_WORKERS = 1024;
  public static final int DEFAULT_PARALLELISM = 16;
  public static final int DEFAULT_ROUNDS = 1000;

  /** Which coordinates a round updates; see {@link Schedulers}. */
  public enum Schedule {
    /** Consecutive feature ids, wrapping around. */
    ROUND_ROBIN("roundrobin"),
    /** Uniformly random distinct features (Shotgun). */
    RANDOM("random"),
    /** Sampled in proportion to the last change of each coefficient, plus a floor. */
    PRIORITY("priority"),
    /** Priority candidates whose columns correlate below the threshold with those chosen. */
    DEPENDENCY("dependency");

    private final String cliName;

    Schedule(String cliName) {
      this.cliName = cliName;
    }

    /** The name users type: {@code roundrobin}, {@code random}, {@code priority}, {@code dependency}. */
    public String cliName() {
      return cliName;
    }

    /**
     * Parses a name as users type it.
     *
     * @throws IllegalArgumentException listing the allowed names
     */
    public static Schedule parse(String name) {
      String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
      for (Schedule s : values()) {
        if (s.cliName.equals(n)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown scheduler '" + name + "' (expected priority, dependency, random or roundrobin)");
    }
  }

  private final double lambda;
  private final int workers;
  private final int shards;
  private final Schedule schedule;
  private final int parallelism;
  private final int rounds;
  private final int pipelineDepth;
  private final double threshold;
  private final double floor;
  private final double tolerance;
  private final double targetObjective;
  private final long seed;

  private LassoConfig(Builder b) {
    this.lambda = b.lambda;
    this.workers = b.workers;
    this.shards = b.shards;
    this.schedule = b.schedule;
    this.parallelism = b.parallelism;
    this.rounds = b.rounds;
    this.pipelineDepth = b.pipelineDepth;
    this.threshold = b.threshold;
    this.floor = b.floor;
    this.tolerance = b.tolerance;
    this.targetObjective = b.targetObjective;
    this.seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** L1 strength, {@code > 0}. */
  public double lambda() {
    return lambda;
  }

  public int workers() {
    return workers;
  }

  public int shards() {
    return shards;
  }

  public Schedule schedule() {
    return schedule;
  }

  /** Coordinates per round. */
  public int parallelism() {
    return parallelism;
  }

  /** Maximum number of rounds. */
  public int rounds() {
    return rounds;
  }

  public int pipelineDepth() {
    return pipelineDepth;
  }

  /** Correlation threshold of the dependency schedule. */
  public double threshold() {
    return threshold;
  }

  /** Priority floor of the priority and dependency schedules. */
  public double floor() {
    return floor;
  }

  /**
   * Stop early once a sweep ({@code ceil(features / parallelism)} rounds) lowers the objective by
   * at most this fraction of it; 0 never stops early.
   */
  public double tolerance() {
    return tolerance;
  }

  /** Stop as soon as the objective is at or below this; {@code -infinity} (the default) never does. */
  public double targetObjective() {
    return targetObjective;
  }

  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "lambda=" + lambda + ", " + workers + " workers, " + shards + " shards, scheduler "
        + schedule.cliName() + ", parallelism " + parallelism + ", pipeline depth " + pipelineDepth;
  }

  /** Builder with the defaults documented on each setter. */
  public static final class Builder {
    private double lambda = Double.NaN;
    private int workers = 2;
    private int shards = 1;
    private Schedule schedule = Schedule.DEPENDENCY;
    private int parallelism = DEFAULT_PARALLELISM;
    private int rounds = DEFAULT_ROUNDS;
    private int pipelineDepth = 1;
    private double threshold = Schedulers.DEFAULT_THRESHOLD;
    private double floor = Schedulers.DEFAULT_FLOOR;
    private double tolerance = 0;
    private double targetObjective = Double.NEGATIVE_INFINITY;
    private long seed = 1;

    private Builder() {}

    /** L1 strength, finite and {@code > 0}; required. */
    public Builder lambda(double v) {
      this.lambda = v;
      return this;
    }

    /** Worker threads, 1 to {@value #MAX_WORKERS} (default 2). */
    public Builder workers(int v) {
      this.workers = v;
      return this;
    }

    /** Parameter-server shards, 1 to {@value #MAX_WORKERS} (default 1). */
    public Builder shards(int v) {
      this.shards = v;
      return this;
    }

    /** The schedule (default dependency: the one that stays stable on correlated features). */
    public Builder schedule(Schedule v) {
      this.schedule = v;
      return this;
    }

    /** Coordinates per round, {@code >= 1} (default {@value #DEFAULT_PARALLELISM}). */
    public Builder parallelism(int v) {
      this.parallelism = v;
      return this;
    }

    /** Maximum rounds, {@code >= 0} (default {@value #DEFAULT_ROUNDS}). */
    public Builder rounds(int v) {
      this.rounds = v;
      return this;
    }

    /** Rounds the scheduler runs ahead, 0 to 64 (default 1). */
    public Builder pipelineDepth(int v) {
      this.pipelineDepth = v;
      return this;
    }

    /** Correlation threshold of the dependency schedule, in {@code (0, 1]} (default 0.1). */
    public Builder threshold(double v) {
      this.threshold = v;
      return this;
    }

    /** Priority floor, finite and {@code > 0} (default 1e-6). */
    public Builder floor(double v) {
      this.floor = v;
      return this;
    }

    /** Early-stopping tolerance, finite and {@code >= 0} (default 0: run all rounds). */
    public Builder tolerance(double v) {
      this.tolerance = v;
      return this;
    }

    /** Stop once the objective reaches this value, not NaN (default: never). */
    public Builder targetObjective(double v) {
      this.targetObjective = v;
      return this;
    }

    public Builder seed(long v) {
      this.seed = v;
      return this;
    }

    /** @throws IllegalArgumentException naming the first bad setting and its allowed range */
    public LassoConfig build() {
      if (!(lambda > 0) || Double.isInfinite(lambda)) {
        throw new IllegalArgumentException("lambda must be a finite number > 0, was " + lambda);
      }
      range("workers", workers, 1, MAX_WORKERS);
      range("shards", shards, 1, MAX_WORKERS);
      if (schedule == null) {
        throw new IllegalArgumentException("schedule must not be null");
      }
      range("parallelism", parallelism, 1, Integer.MAX_VALUE);
      range("rounds", rounds, 0, Integer.MAX_VALUE);
      range("pipeline depth", pipelineDepth, 0, 64);
      if (!(threshold > 0) || threshold > 1) {
        throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
      }
      if (!(floor > 0) || Double.isInfinite(floor)) {
        throw new IllegalArgumentException("priority floor must be a finite number > 0, was " + floor);
      }
      if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
        throw new IllegalArgumentException("tolerance must be a finite number >= 0, was " + tolerance);
      }
      if (Double.isNaN(targetObjective)) {
        throw new IllegalArgumentException("target objective must not be NaN");
      }
      return new LassoConfig(this);
    }

    private static void range(String what, int v, int min, int max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(what + " must be "
            + (max == Integer.MAX_VALUE ? ">= " + min : "between " + min + " and " + max) + ", was " + v);
      }
    }
  }
}
