package org.petuum4j.sched;

/**
 * How the workers of a model-parallel job meet twice per round: to sum their partial results on
 * the puller ({@link #reduce}), and to receive what the puller decided ({@link #broadcast}). The
 * embedded version shares buffers between threads; a networked one would send them.
 */
interface Exchange {

  /** Worker 0 pulls. */
  int PULLER = 0;

  /**
   * Hands in this worker's {@code partials[0 .. task.size() + stats)} and waits for all workers.
   * On the puller returns the sums: over all workers for shared tasks and for the {@code stats}
   * trailing slots, the owner's value for each position of a partitioned task. Returns null on
   * other workers. The array handed in must stay untouched until the following {@link
   * #broadcast} returns.
   */
  double[] reduce(int worker, Task task, double[] partials, int stats);

  /** The puller passes {@code decision}, the others null; every worker returns the puller's. */
  Decision broadcast(int worker, Decision decision);

  /** Fails every waiting and future call with {@code cause}. */
  void abort(Throwable cause);

  /**
   * What the puller decided at the end of a round.
   *
   * @param deltas the round's changes by position (shared read-only; null when stopping)
   * @param next the next round's task, or null if the next exchange only reports statistics
   * @param stop true to end the job now, without applying {@code deltas}
   */
  record Decision(double[] deltas, Task next, boolean stop) {}
}
