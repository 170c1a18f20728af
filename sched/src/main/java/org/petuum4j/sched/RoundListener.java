package org.petuum4j.sched;

/**
 * Observes a job's progress and may stop it. Called on the pulling worker's thread, once per round
 * boundary in order: for 0 completed rounds, 1, ..., up to the last. The report for {@code r}
 * completed rounds arrives together with the partial results of round {@code r} (so its statistics
 * cost no extra synchronisation); if the listener then returns false, round {@code r} is dropped
 * before its pull and the job ends with the model after {@code r} rounds. An exception fails the
 * job.
 */
@FunctionalInterface
public interface RoundListener {

  /** Does nothing and never stops. */
  RoundListener NONE = report -> true;

  /** Returns true to go on, false to stop the job here. */
  boolean onRound(RoundReport report);
}
