package org.petuum4j.ps.job;

/**
 * Receives text events (progress, per-epoch metrics) from worker threads, in the process that
 * submitted the job. Events from one process arrive in the order emitted. Implementations must be
 * thread-safe; an exception thrown by the submitter's sink fails the job.
 */
@FunctionalInterface
public interface EventSink {

  /** Drops every event. */
  EventSink NONE = event -> {};

  void emit(String event);

  /** How {@link #note} messages about a recovery after a lost process begin. */
  String RECOVERY = "recovery ";

  /**
   * A note from the platform rather than the app: a resume from a checkpoint, a damaged checkpoint
   * skipped, or, beginning with {@link #RECOVERY}, a recovery after a lost process. Printed to
   * standard error unless overridden.
   */
  default void note(String message) {
    System.err.println("petuum4j: " + message);
  }
}
