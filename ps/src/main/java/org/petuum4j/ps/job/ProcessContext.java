package org.petuum4j.ps.job;

import java.util.Optional;
import org.petuum4j.ps.Partitions;

/**
 * What a worker process knows when it builds its program.
 *
 * @param firstWorker the global id of this process's first worker thread
 * @param localWorkers worker threads in this process
 * @param shape the whole job's worker threads and shards
 * @param events where worker threads send events for the job's submitter; thread-safe
 * @param input this process's own training data, handed over in memory by the deployment that
 *     placed the process (for example a Spark partition), or {@code null} when the program reads
 *     the inputs named in its parameters, as every process does on the embedded and the plain
 *     cluster deployments. With an input, the process's worker threads share this data among
 *     themselves ({@link #localShare}) instead of taking their share of a data set every process
 *     reads whole.
 */
public record ProcessContext(int firstWorker, int localWorkers, JobShape shape, EventSink events, Object input) {

  /** A process that reads the inputs named in the job's parameters. */
  public ProcessContext(int firstWorker, int localWorkers, JobShape shape, EventSink events) {
    this(firstWorker, localWorkers, shape, events, null);
  }

  /**
   * This process's in-memory input if it is a {@code type}; empty if there is none.
   *
   * @throws IllegalArgumentException if there is an input of another type
   */
  public <T> Optional<T> input(Class<T> type) {
    if (input == null) {
      return Optional.empty();
    }
    if (!type.isInstance(input)) {
      throw new IllegalArgumentException("this job expects its process input as a " + type.getName()
          + ", got a " + input.getClass().getName());
    }
    return Optional.of(type.cast(input));
  }

  /**
   * The rows of a process-local input of {@code rows} rows that worker thread {@code worker} (a
   * global id of this process) owns: near-equal contiguous ranges over the local threads.
   */
  public Partitions.Range localShare(long rows, int worker) {
    if (worker < firstWorker || worker >= firstWorker + localWorkers) {
      throw new IllegalArgumentException("worker " + worker + " is not in this process's ["
          + firstWorker + ", " + (firstWorker + localWorkers) + ")");
    }
    return Partitions.range(rows, worker - firstWorker, localWorkers);
  }
}
