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
}
