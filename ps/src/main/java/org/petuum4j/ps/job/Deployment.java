package org.petuum4j.ps.job;

/**
 * Where jobs run: the embedded runtime ({@link EmbeddedDeployment}) or a cluster of processes
 * (module {@code net}). Running a job through a deployment is the same app code either way.
 */
public interface Deployment {

  /** The job's worker threads and shards. */
  JobShape shape();

  /**
   * Runs a job to completion: gets its tables from {@code factory}, builds the factory's program
   * in every worker process, runs it on every worker thread, and returns the final tables.
   *
   * @param events receives every worker's events in this process
   * @throws org.petuum4j.ps.PsException if the job fails (a worker's exception is its cause, or,
   *     in a cluster, the message names the failed process)
   */
  JobResult run(Class<? extends JobFactory> factory, JobParams params, EventSink events) throws Exception;

  /** Instantiates a factory by its public no-argument constructor. */
  static JobFactory instantiate(Class<? extends JobFactory> factory) {
    try {
      return factory.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "job factory " + factory.getName() + " needs a public no-argument constructor", e);
    }
  }
}
