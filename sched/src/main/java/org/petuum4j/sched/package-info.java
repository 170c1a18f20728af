/**
 * The model-parallel scheduler, after Petuum's STRADS (Xing et al., "Petuum: A New Platform for
 * Distributed Machine Learning on Big Data", KDD 2015; Lee et al., "On Model Parallelization and
 * Scheduling Strategies for Distributed Machine Learning", NIPS 2014).
 *
 * <p>A {@link org.petuum4j.sched.ModelParallelProgram} is written as three functions over rounds:
 * a {@link org.petuum4j.sched.Scheduler} picks the parameters of a round (<em>schedule</em>),
 * every worker computes partial results for them on its own data (<em>push</em>), and the partial
 * results summed over workers become the parameters' changes (<em>pull</em>), which the runtime
 * writes to a parameter-server table and hands back to every worker (<em>update</em>). {@link
 * org.petuum4j.sched.ModelParallelRuntime} runs the rounds, scheduling the next rounds while the
 * current one runs. {@link org.petuum4j.sched.Schedulers} has round-robin, random, priority,
 * dependency-aware and rotation schedules; {@link org.petuum4j.sched.ColumnCorrelation} derives
 * the dependency structure of a linear model from the data partitions.
 */
package org.petuum4j.sched;
