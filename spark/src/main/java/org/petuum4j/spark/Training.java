package org.petuum4j.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;

/**
 * What one estimator contributes to a fit in barrier mode: which petuum4j job it runs, how a task
 * turns its partition into its process's in-memory input, how the summaries of all partitions
 * complete the job's parameters, and how the trained model is read from the final tables. Sent to
 * the executors with the stage's closure, so it must be serializable; it runs in the executors.
 */
abstract class Training implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A task's process input and a one-line summary of it that every task receives (no commas needed). */
  record Partition(Object input, String summary) {}

  abstract Class<? extends JobFactory> factory();

  /**
   * Cuts the selected rows into one partition per barrier task; runs on the Spark driver. By
   * default a round-robin repartition; jobs whose workers own particular rows override it.
   */
  org.apache.spark.api.java.JavaRDD<Row> partition(org.apache.spark.api.java.JavaRDD<Row> rows, int tasks,
      int threadsPerTask, int shards) {
    return rows.repartition(tasks);
  }

  /** Reads this task's partition (the columns the estimator selected) into its process input. */
  abstract Partition read(Iterator<Row> rows);

  /**
   * The job's parameters: {@code base} (the estimator's) completed from every partition's summary,
   * in partition order, for a job with {@code threadsPerProcess} worker threads in every process.
   */
  abstract JobParams plan(JobParams base, List<String> summaries, int threadsPerProcess);

  /** The trained model in the final tables, to send back to the Spark driver. */
  abstract Serializable readModel(JobResult result, JobParams params, JobShape shape);
}
