/**
 * Jobs that run unchanged on every deployment. A {@link org.petuum4j.ps.job.JobFactory} builds a
 * job's tables and its worker program from string {@link org.petuum4j.ps.job.JobParams}; a {@link
 * org.petuum4j.ps.job.Deployment} (embedded here, a cluster of processes in module {@code net})
 * builds the factory in every process that needs it, runs the program on every worker thread and
 * hands back the final tables. Worker threads report progress to the caller as text {@linkplain
 * org.petuum4j.ps.job.EventSink events}, which a cluster carries over the network.
 */
package org.petuum4j.ps.job;
