package org.petuum4j.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;

/**
 * What one estimator contributes to a fit in barrier mode: which petuum4j job it runs, which RDD of
 * the selected columns its tasks read, how a task turns its partition into its process's in-memory
 * input (rejecting bad input by value), how the summaries of all partitions complete the job's
 * parameters, and how the trained model is read from the final tables. Sent to the executors with
 * the stage's closure, so it must be serializable; it runs in the executors.
 *
 * @param <T> the records the tasks read: {@link Row}s, or Spark SQL's internal rows for an
 *     estimator that reads them without Spark's conversion to {@code Row}s
 */
abstract class Training<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * A task's process input, its number of records (rows or documents) and a one-line summary of
   * it that every task receives (no commas).
   */
  record Partition(Object input, long records, String summary) {}

  abstract Class<? extends JobFactory> factory();

  /** The records the barrier tasks read: the selected columns, partitioned as {@code selected} is. */
  abstract JavaRDD<T> rdd(Dataset<Row> selected);

  /**
   * The selected columns cut into {@code tasks} near-equal partitions, for input whose partitions
   * do not fit the barrier tasks as they are: a round-robin repartition by default.
   */
  JavaRDD<T> rebalanced(Dataset<Row> selected, int tasks) {
    return rdd(selected.repartition(tasks));
  }

  /**
   * The selected columns cut into one partition per barrier task by the job's own placement (e.g.
   * rows to the task that owns their key), or {@code null} (the default) when any near-equal split
   * will do; runs on the Spark driver.
   */
  JavaRDD<T> place(Dataset<Row> selected, int tasks, int threadsPerTask, int shards) {
    return null;
  }

  /** Whether there are {@code tasks} partitions of these sizes, none above an even share plus 5%. */
  static boolean balanced(long[] partitionRecords, int tasks) {
    if (partitionRecords.length != tasks) {
      return false;
    }
    long total = java.util.Arrays.stream(partitionRecords).sum();
    long even = (total + tasks - 1) / tasks;
    return java.util.Arrays.stream(partitionRecords).allMatch(n -> n <= even + even / 20);
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

  /**
   * Reads this task's partition into its process input.
   *
   * @throws IllegalArgumentException if the partition holds a value the job cannot train on; the
   *     message (which names the column and the value) becomes the error of the fit, and no job starts
   */
  abstract Partition read(Iterator<T> records);

  /**
   * The job's parameters: {@code base} (the estimator's) completed from every partition's summary,
   * in partition order, for a job with {@code threadsPerProcess} worker threads in every process.
   * Every task computes it, so it must depend on its arguments alone.
   *
   * @throws IllegalArgumentException if the input as a whole cannot be trained on (e.g. it is empty)
   */
  abstract JobParams plan(JobParams base, List<String> summaries, int threadsPerProcess);

  /** The trained model in the final tables, to send back to the Spark driver. */
  abstract Serializable readModel(JobResult result, JobParams params, JobShape shape);

  /** A training whose tasks read {@link Row}s, converted by Spark from its internal rows. */
  abstract static class OfRows extends Training<Row> {
    private static final long serialVersionUID = 1L;

    @Override
    JavaRDD<Row> rdd(Dataset<Row> selected) {
      return selected.javaRDD();
    }

    /** A round-robin repartition of the rows. */
    @Override
    JavaRDD<Row> rebalanced(Dataset<Row> selected, int tasks) {
      return selected.javaRDD().repartition(tasks);
    }
  }
}
