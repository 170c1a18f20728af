package org.petuum4j.sched;

import org.petuum4j.ps.WorkerContext;

/**
 * A model-parallel program in STRADS form: rounds of schedule, push, pull and update over
 * parameters {@code [0, numParams())} that live in the parameter-server table {@link
 * ModelParallelRuntime#PARAMETER_TABLE}.
 *
 * <p>One round, for the {@link Task} the {@link Scheduler} chose:
 *
 * <ol>
 *   <li>{@link #push}: every worker, on its own thread and data partition, writes partial results
 *       for the positions it works on ({@code [task.from(w), task.to(w))}).
 *   <li>The runtime sums the partial results over workers (for a partitioned task a position has
 *       one contributor, its owner).
 *   <li>{@link #pull}: one worker turns the sums and the parameters' current values into changes.
 *       The runtime adds them to the parameter table.
 *   <li>{@link #update}: every worker applies the changes to its local state (Lasso: its
 *       residuals).
 * </ol>
 *
 * <p>Threading: one program instance serves all worker threads of a process. {@link #init},
 * {@link #push}, {@link #update} and {@link #statistics} run concurrently on every worker thread
 * with that worker's own context, so per-worker state belongs in per-worker slots (e.g. indexed by
 * {@code ctx.workerId()}). {@link #pull} runs on the thread of worker 0, the puller. Everything a
 * worker wrote before a round boundary is visible to every worker after it, and all workers'
 * {@code init} calls happen before any push or pull.
 */
public interface ModelParallelProgram {

  /** Number of parameters, at least 1. */
  int numParams();

  /**
   * Called once on every worker thread before the first round, e.g. to load the worker's data or
   * to reduce per-worker sums through a table of its own and {@code ctx.barrier()} (every worker
   * must then call it equally often). Parameter-table increments made here become the parameters'
   * initial values. Default: nothing.
   */
  default void init(WorkerContext ctx) throws Exception {}

  /**
   * Computes this worker's partial results for the task: {@code partialsOut[i]} for positions
   * {@code i} in {@code [task.from(w), task.to(w))}. The array arrives zeroed and has at least
   * {@code task.size()} entries.
   */
  void push(WorkerContext ctx, Task task, double[] partialsOut);

  /**
   * Turns partial results summed over workers into changes: {@code deltasOut[i]} is added to
   * parameter {@code task.param(i)}, whose value before this round is {@code current[i]}. Runs on
   * worker 0's thread. Changes must be finite. Arrays have at least {@code task.size()} entries;
   * {@code deltasOut} arrives zeroed.
   */
  void pull(Task task, double[] current, double[] summedPartials, double[] deltasOut);

  /**
   * Applies the round's changes ({@code deltas[i]} to {@code task.param(i)}, all positions) to
   * this worker's local state. The array is shared by all workers: read it, do not write it.
   */
  void update(WorkerContext ctx, Task task, double[] deltas);

  /** Number of per-worker statistics the program reports each round; default 0. */
  default int numStatistics() {
    return 0;
  }

  /**
   * Writes this worker's statistics of its current local state into {@code out[0 ..
   * numStatistics())} (Lasso: the sum of its squared residuals). Called on every worker before the
   * first round and after every round's update; the runtime sums them over workers into the
   * {@link RoundReport}. Default: nothing.
   */
  default void statistics(WorkerContext ctx, double[] out) {}
}
