package org.petuum4j.sched;

import java.util.Arrays;

/**
 * The parameters one round works on, chosen by a {@link Scheduler}. Immutable.
 *
 * <p>Parameters are addressed by position {@code i} in {@code [0, size())}; {@link #param(int)}
 * is the parameter's id. Partial results and changes are arrays indexed by position.
 *
 * <p>A <em>shared</em> task ({@link #of}) has every worker work on every parameter, each on its
 * own data (Lasso: every worker computes its share of each column's dot product). A
 * <em>partitioned</em> task ({@link #partitioned}) gives each worker its own disjoint slice of the
 * parameters (block rotations for LDA or matrix factorisation). Either way worker {@code w} works
 * on positions {@code [from(w), to(w))}:
 *
 * <pre>{@code
 * for (int i = task.from(w); i < task.to(w); i++) {
 *   partialsOut[i] = partialFor(task.param(i));
 * }
 * }</pre>
 */
public final class Task {
  private static final int[] NONE = new int[0];

  private final int[] params;
  /** Null for a shared task; else worker w owns positions [ownerStart[w], ownerStart[w + 1]). */
  private final int[] ownerStart;

  private Task(int[] params, int[] ownerStart) {
    this.params = params;
    this.ownerStart = ownerStart;
  }

  /** A shared task over the given parameter ids (copied). The runtime checks they are distinct. */
  public static Task of(int... params) {
    return new Task(params.length == 0 ? NONE : params.clone(), null);
  }

  /**
   * A partitioned task: worker {@code w} works on {@code perWorker[w]} alone. One entry per worker
   * of the job; the runtime checks that the parameters are distinct.
   */
  public static Task partitioned(int[][] perWorker) {
    int[] start = new int[perWorker.length + 1];
    for (int w = 0; w < perWorker.length; w++) {
      start[w + 1] = Math.addExact(start[w], perWorker[w].length);
    }
    int[] p = new int[start[perWorker.length]];
    for (int w = 0; w < perWorker.length; w++) {
      System.arraycopy(perWorker[w], 0, p, start[w], perWorker[w].length);
    }
    return new Task(p, start);
  }

  /** For schedulers of this package, which hand over arrays they no longer touch. */
  static Task trusted(int[] params, int[] ownerStart) {
    return new Task(params, ownerStart);
  }

  /** Number of parameters in this round. */
  public int size() {
    return params.length;
  }

  /** The id of the parameter at position {@code i}. */
  public int param(int i) {
    return params[i];
  }

  /** A copy of the parameter ids, by position. */
  public int[] params() {
    return params.clone();
  }

  /** True if every worker works on every parameter. */
  public boolean isShared() {
    return ownerStart == null;
  }

  /** Number of workers a partitioned task was made for; 0 for a shared task (any number fits). */
  public int workers() {
    return ownerStart == null ? 0 : ownerStart.length - 1;
  }

  /** First position worker {@code worker} works on: 0 for a shared task. */
  public int from(int worker) {
    return ownerStart == null ? 0 : ownerStart[worker];
  }

  /** One past the last position worker {@code worker} works on: {@link #size()} for a shared task. */
  public int to(int worker) {
    return ownerStart == null ? params.length : ownerStart[worker + 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Task t && Arrays.equals(params, t.params) && Arrays.equals(ownerStart, t.ownerStart);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(params) * 31 + Arrays.hashCode(ownerStart);
  }

  @Override
  public String toString() {
    String p = params.length <= 16 ? Arrays.toString(params) : params.length + " parameters";
    return ownerStart == null ? "Task" + p : "Task" + p + " by worker from " + Arrays.toString(ownerStart);
  }
}
