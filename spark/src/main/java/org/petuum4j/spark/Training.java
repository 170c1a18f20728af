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
   * The rows in each partition of the input, in partition order, if the estimator counted them on
   * the way (e.g. in its input checks); {@code null} if not.
   */
  private long[] partitionRows;

  /** Records the rows in each partition of the input, counted by the estimator's input checks. */
  Training withPartitionRows(long[] rows) {
    partitionRows = rows;
    return this;
  }

  /**
   * Cuts the selected rows into one partition per barrier task; runs on the Spark driver. By
   * default the rows as they are when they already have one partition per task (and so does
   * every RDD they are computed from within their stage, which barrier mode requires) and the
   * estimator counted the partitions' rows and found them balanced (no partition more than 5%
   * above an even share; the workers' mini-batches and clocks per epoch follow their partitions),
   * else a round-robin repartition; jobs whose workers own particular rows override it.
   */
  org.apache.spark.api.java.JavaRDD<Row> partition(org.apache.spark.api.java.JavaRDD<Row> rows, int tasks,
      int threadsPerTask, int shards) {
    return balanced(partitionRows, tasks) && partitionedAs(rows.rdd(), tasks) ? rows : rows.repartition(tasks);
  }

  /** Whether there are {@code tasks} partitions of these sizes, none above an even share plus 5%. */
  static boolean balanced(long[] partitionRows, int tasks) {
    if (partitionRows == null || partitionRows.length != tasks) {
      return false;
    }
    long total = java.util.Arrays.stream(partitionRows).sum();
    long even = (total + tasks - 1) / tasks;
    return java.util.Arrays.stream(partitionRows).allMatch(n -> n <= even + even / 20);
  }

  /**
   * Whether {@code rdd} and every RDD it is computed from within its stage (through narrow
   * dependencies) have {@code tasks} partitions, so that a barrier stage can run on it directly.
   */
  static boolean partitionedAs(org.apache.spark.rdd.RDD<?> rdd, int tasks) {
    long shuffles = scala.jdk.javaapi.CollectionConverters.asJava(rdd.dependencies()).stream()
        .filter(d -> d instanceof org.apache.spark.ShuffleDependency<?, ?, ?>).count();
    if (rdd.getNumPartitions() != tasks || shuffles > 1) {
      return false;
    }
    for (org.apache.spark.Dependency<?> d : scala.jdk.javaapi.CollectionConverters.asJava(rdd.dependencies())) {
      if (d instanceof org.apache.spark.NarrowDependency<?> && !partitionedAs(d.rdd(), tasks)) {
        return false;
      }
    }
    return true;
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
