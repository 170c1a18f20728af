package org.petuum4j.sched;

/**
 * Chooses the parameters of each round of a {@link ModelParallelProgram}. Built-in schedules come
 * from {@link Schedulers}; an instance is stateful and serves one job.
 *
 * <p>Contract with {@link ModelParallelRuntime}: calls never overlap and come in this order:
 * {@link #init} once, then {@link #schedule} for rounds 0, 1, 2, ..., interleaved with {@link
 * #feedback}; each call happens-after the previous one, so a scheduler needs no locking, though
 * with pipelining {@code init} runs on the puller's thread and the rest on the scheduler thread.
 * With pipeline depth {@code d}
 * (see {@link ModelParallelRuntime.Builder#pipelineDepth(int)}), before {@code schedule(r)} the
 * scheduler has been given {@link #feedback} for exactly the rounds {@code 0 .. r - d - 1}, in
 * round order, and no other: a schedule sees every change up to {@code d + 1} rounds back and
 * never a newer one, so runs are reproducible whatever the timing. With {@code d = 0} it is
 * sequential: round {@code r} is chosen after round {@code r - 1} has been applied.
 */
public interface Scheduler {

  /**
   * Called once before the first round.
   *
   * @param numParams number of parameters of the program, ids {@code [0, numParams)}
   * @param numWorkers worker threads of the job
   * @param parallelism the configured parameters per round; schedules may choose fewer
   * @param seed the job's seed; random schedules draw from it alone
   */
  void init(int numParams, int numWorkers, int parallelism, long seed);

  /** The task of round {@code round} (0-based). Must not be null; may be empty. */
  Task schedule(int round);

  /**
   * The changes a finished round made: {@code deltas[i]} to parameter {@code task.param(i)}. The
   * array belongs to the scheduler. Default: ignored.
   */
  default void feedback(Task task, double[] deltas) {}
}
