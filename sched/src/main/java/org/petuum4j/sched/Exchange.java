package org.petuum4j.sched;

import org.petuum4j.ps.WorkerContext;

/**
 * How the workers of a model-parallel job meet twice per round: to sum their partial results on
 * the puller ({@link #reduce}), and to receive what the puller decided ({@link #broadcast}). The
 * embedded version ({@link EmbeddedExchange}) shares buffers between the threads of one process;
 * {@link TableExchange} moves them through parameter-server tables, so it works on every
 * deployment. One behaviour suite ({@code ExchangeContract}) runs over both.
 *
 * <p>Every worker calls {@code broadcast} once to receive the first task, then, per round, {@code
 * reduce}, {@code broadcast} and, unless the decision stops the job, {@link #endRound}, each with
 * its own {@link WorkerContext}. All workers call in the same order with the same task.
 */
interface Exchange {

  /** Worker 0 pulls. */
  int PULLER = 0;

  /**
   * Hands in this worker's {@code partials[0 .. task.size() + stats)} and waits for all workers.
   * On the puller returns the sums: over all workers for shared tasks and for the {@code stats}
   * trailing slots, the owner's value for each position of a partitioned task. Returns null on
   * other workers. The array handed in must stay untouched until the following {@link
   * #broadcast} returns. {@code task} is null when the round only reports statistics.
   */
  double[] reduce(WorkerContext ctx, Task task, double[] partials, int stats);

  /** The puller passes {@code decision}, the others null; every worker returns the puller's. */
  Decision broadcast(WorkerContext ctx, Decision decision);

  /** Ends this worker's round once it applied the decision's changes. */
  void endRound(WorkerContext ctx);

  /**
   * Fails every waiting and future call in this process with {@code cause}. Workers in other
   * processes are released by the deployment, which fails the job when a worker fails.
   */
  void abort(Throwable cause);

  /**
   * What the puller decided at the end of a round.
   *
   * @param deltas the round's changes by position (shared read-only; null when stopping or
   *     before the first round)
   * @param next the next round's task, or null if the next exchange only reports statistics
   * @param stop true to end the job now, without applying {@code deltas}
   */
  record Decision(double[] deltas, Task next, boolean stop) {}
}
