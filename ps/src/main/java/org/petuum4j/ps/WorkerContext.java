package org.petuum4j.ps;

/**
 * What a worker thread sees of the platform: its identity, its clock and its table handles.
 * Belongs to one thread; not thread-safe.
 */
public interface WorkerContext {

  /** This thread's global id in {@code [0, numWorkers())}. */
  int workerId();

  /** Total number of worker threads in the job, over all processes. */
  int numWorkers();

  /** The clock this thread is in, starting at 0. */
  int currentClock();

  /** The handle of this thread on table {@code name}; throws if no such table was created. */
  Table table(String name);

  /**
   * Ends the current iteration: sends this thread's buffered increments to the servers together
   * with the clock message, and moves to the next clock.
   */
  void clock();

  /**
   * Waits until every worker thread has called {@code barrier()}; afterwards every increment made
   * by any thread before the barrier is visible to every read. Does not advance the clock.
   */
  void barrier();

  /**
   * Registers this thread's own state for checkpoints (see {@link Checkpointable}): it is saved
   * at every checkpoint, and, when the job resumes from one, restored right here, before this
   * method returns. A job that does not checkpoint ignores it. Register once, before the first
   * {@link #clock()}; a resumed thread starts at the checkpoint's {@link #currentClock()}.
   */
  void checkpointed(Checkpointable state);

  /** Convenience: the half-open range {@code [from, to)} of {@code total} items this worker owns. */
  default Partitions.Range partition(long total) {
    return Partitions.range(total, workerId(), numWorkers());
  }
}
