package org.petuum4j.ps.job;

import java.util.List;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.WorkerProgram;

/**
 * Builds a job from its parameters, in every process that needs it. Implementations need a public
 * no-argument constructor (a cluster instantiates them by class name in each process) and must be
 * deterministic in their parameters: every process must build the same tables.
 */
public interface JobFactory {

  /**
   * The job's tables; called once, in the process that submits the job, before any worker starts.
   *
   * @throws Exception for bad parameters or unreadable inputs; the job does not start
   */
  List<TableSpec> tables(JobParams params, JobShape shape) throws Exception;

  /**
   * The program this process's worker threads run: typically loads the process's share of the
   * data. Called once per worker process before its threads start.
   *
   * @throws Exception for bad parameters or unreadable inputs; the job fails with it
   */
  WorkerProgram program(JobParams params, ProcessContext process) throws Exception;

  /**
   * Whether the program can continue from a checkpoint: it starts its loop at {@link
   * org.petuum4j.ps.WorkerContext#currentClock()} and registers whatever else it needs with {@link
   * org.petuum4j.ps.WorkerContext#checkpointed}. Deployments refuse to checkpoint or resume a job
   * that cannot.
   */
  default boolean resumable() {
    return false;
  }

  /** Throws unless {@code factory} is {@link #resumable()}. */
  static void requireResumable(JobFactory factory, Class<?> type) {
    if (!factory.resumable()) {
      throw new org.petuum4j.ps.checkpoint.CheckpointMismatchException(
          type.getSimpleName() + " cannot continue from checkpoints; run it without --checkpoint-every and --resume");
    }
  }
}
