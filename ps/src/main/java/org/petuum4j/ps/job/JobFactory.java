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
}
