package org.petuum4j.ps.job;

/**
 * What a worker process knows when it builds its program.
 *
 * @param firstWorker the global id of this process's first worker thread
 * @param localWorkers worker threads in this process
 * @param shape the whole job's worker threads and shards
 * @param events where worker threads send events for the job's submitter; thread-safe
 */
public record ProcessContext(int firstWorker, int localWorkers, JobShape shape, EventSink events) {}
