package org.petuum4j.sched;

/**
 * The built-in schedules. Each call returns a fresh, stateful scheduler for one job; the job's
 * parallelism {@code P}, worker count and seed reach it through {@link Scheduler#init}.
 *
 * <pre>{@code
 * Scheduler s = Schedulers.dependency(new ColumnCorrelation(partitions), 0.1);
 * }</pre>
 */
public final class Schedulers {
  /** Default priority floor: small against typical changes, so that priority follows them. */
  public static final double DEFAULT_FLOOR = 1e-6;
  /** Default dependency threshold (Petuum's Lasso uses 0.1 for feature correlations). */
  public static final double DEFAULT_THRESHOLD = 0.1;

  private Schedulers() {}

  /** Round {@code r} takes parameters {@code rP .. rP + P - 1} (mod N), in order. */
  public static Scheduler roundRobin() {
    return new RoundRobinScheduler();
  }

  /** Shotgun: {@code P} distinct parameters uniformly at random each round. */
  public static Scheduler random() {
    return new RandomScheduler();
  }

  /** {@link #priority(double)} with {@link #DEFAULT_FLOOR}. */
  public static Scheduler priority() {
    return priority(DEFAULT_FLOOR);
  }

  /**
   * Priority sampling: parameters never scheduled come first, in random order; after that each
   * round draws {@code P} distinct parameters, each with probability proportional to {@code |its
   * last change| + floor}, from a sum tree: O(log N) per draw and per change.
   *
   * <p>On its own this can diverge when parameters depend on each other: the parameters that
   * overshoot change the most, so they are drawn together again. {@link #dependency} keeps them
   * apart.
   *
   * @param floor weight every parameter keeps, so that none is starved; finite and {@code > 0}
   */
  public static Scheduler priority(double floor) {
    return new PriorityScheduler(checkFloor(floor));
  }

  /** {@link #dependency(Dependency, double, double)} with {@link #DEFAULT_FLOOR}. */
  public static Scheduler dependency(Dependency dependency, double threshold) {
    return dependency(dependency, threshold, DEFAULT_FLOOR);
  }

  /**
   * Dependency-aware scheduling: candidates are drawn as by {@link #priority(double)}; a candidate
   * joins the round only if its dependency with every parameter already chosen is below {@code
   * threshold}. At most {@value DependencyScheduler#CANDIDATES_PER_SLOT}{@code  * P} candidates
   * are drawn per round, so a round may have fewer than {@code P} parameters.
   *
   * @param threshold in {@code (0, 1]} for correlations; any finite value {@code > 0} is accepted
   */
  public static Scheduler dependency(Dependency dependency, double threshold, double floor) {
    if (dependency == null) {
      throw new IllegalArgumentException("dependency must not be null");
    }
    if (!(threshold > 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("dependency threshold must be finite and > 0, was " + threshold);
    }
    return new DependencyScheduler(dependency, threshold, checkFloor(floor));
  }

  /**
   * Block rotation: parameters cut into {@code blocks} contiguous blocks; in round {@code r}
   * worker {@code w} owns block {@code (w + r) mod blocks} (a partitioned {@link Task}). Needs
   * {@code workers <= blocks <= parameters}, checked when the job starts.
   */
  public static Scheduler rotation(int blocks) {
    if (blocks < 1) {
      throw new IllegalArgumentException("rotation blocks must be >= 1, was " + blocks);
    }
    return new RotationScheduler(blocks);
  }

  private static double checkFloor(double floor) {
    if (!(floor > 0) || Double.isInfinite(floor)) {
      throw new IllegalArgumentException("priority floor must be finite and > 0, was " + floor);
    }
    return floor;
  }
}
