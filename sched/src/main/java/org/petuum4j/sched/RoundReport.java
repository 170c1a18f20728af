package org.petuum4j.sched;

/**
 * The state of a job after some rounds, as {@link RoundListener} sees it.
 *
 * @param completedRounds rounds applied so far (0 before the first round)
 * @param seconds wall-clock seconds from the start of round 0 to the end of round {@code
 *     completedRounds - 1} on the pulling worker (0 for the report before the first round)
 * @param updates parameter updates applied so far: the sum of the sizes of those rounds' tasks
 * @param statistics the program's {@link ModelParallelProgram#statistics statistics} after those
 *     rounds, summed over workers
 */
public record RoundReport(int completedRounds, double seconds, long updates, double[] statistics) {}
