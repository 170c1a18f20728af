package org.petuum4j.spark;

import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.petuum4j.ps.job.JobParams;

/**
 * What every petuum4j estimator shares: the parameters of the run (how many barrier tasks and
 * worker threads, server shards, SSP staleness, passes, seed, checkpoints) and the fit in Spark's
 * barrier execution mode. The selected columns of the input are repartitioned into {@link
 * #getNumWorkers() numWorkers} partitions (unless they already have that many, balanced, for the
 * estimators that do not place rows themselves; see {@link #fitInBarrierMode}); one barrier task
 * per partition hosts a worker process
 * over its partition, tasks {@code 0..numShards-1} host the server shards, and task 0 the
 * coordinator and the job's driver; the trained model comes back from task 0.
 *
 * <p>The cluster needs at least {@code numWorkers} free task slots at once (barrier mode starts
 * every task together), and every executor must be able to reach the others' hosts on arbitrary
 * ports.
 *
 * @param <M> the model it fits
 * @param <E> the estimator itself, for setters that chain
 */
public abstract class PetuumEstimator<M extends Model<M>, E extends PetuumEstimator<M, E>> extends Estimator<M> {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final IntParam numWorkers;
  private final IntParam workerThreads;
  private final IntParam numShards;
  private final IntParam staleness;
  private final IntParam maxIter;
  private final LongParam seed;
  private final Param<String> checkpointDir;
  private final IntParam checkpointEvery;

  protected PetuumEstimator(String uid) {
    this.uid = uid;
    numWorkers = new IntParam(this, "numWorkers",
        "barrier tasks, each a worker process over one partition (>= 0; 0: Spark's default parallelism)");
    workerThreads = new IntParam(this, "workerThreads", "worker threads per task (>= 1)");
    numShards = new IntParam(this, "numShards", "parameter-server shards, one per task of the first tasks (>= 1, <= tasks)");
    staleness = new IntParam(this, "staleness", "SSP staleness in clocks (>= 0; 0 is BSP, -1 is unbounded, ASP)");
    maxIter = new IntParam(this, "maxIter", "passes over the data (epochs, >= 1)");
    seed = new LongParam(this, "seed", "random seed");
    checkpointDir = new Param<>(this, "checkpointDir",
        "directory for checkpoints, visible at the same path to every executor; a retried stage resumes from it");
    checkpointEvery = new IntParam(this, "checkpointEvery", "checkpoint every this many clocks (>= 0; 0: never)");
    setDefault(numWorkers, 0);
    setDefault(workerThreads, 1);
    setDefault(numShards, 1);
    setDefault(staleness, 2);
    setDefault(maxIter, 10);
    setDefault(seed, 1L);
    setDefault(checkpointEvery, 0);
  }

  @Override
  public String uid() {
    return uid;
  }

  public IntParam numWorkers() {
    return numWorkers;
  }

  public IntParam workerThreads() {
    return workerThreads;
  }

  public IntParam numShards() {
    return numShards;
  }

  public IntParam staleness() {
    return staleness;
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public LongParam seed() {
    return seed;
  }

  public Param<String> checkpointDir() {
    return checkpointDir;
  }

  public IntParam checkpointEvery() {
    return checkpointEvery;
  }

  public int getNumWorkers() {
    return (Integer) $(numWorkers);
  }

  public int getWorkerThreads() {
    return (Integer) $(workerThreads);
  }

  public int getNumShards() {
    return (Integer) $(numShards);
  }

  public int getStaleness() {
    return (Integer) $(staleness);
  }

  public int getMaxIter() {
    return (Integer) $(maxIter);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  /** The checkpoint directory, or {@code null} if none is set. */
  public String getCheckpointDir() {
    return isDefined(checkpointDir) ? $(checkpointDir) : null;
  }

  public int getCheckpointEvery() {
    return (Integer) $(checkpointEvery);
  }

  /**
   * Barrier tasks (worker processes), 0 for Spark's default parallelism. Spark starts them only
   * when that many task slots are free at once; with fewer slots in the whole cluster it keeps
   * checking and then fails the job (see Spark's {@code
   * spark.scheduler.barrier.maxConcurrentTasksCheck.*} settings, by default 40 checks 15 s apart).
   */
  public E setNumWorkers(int value) {
    set(numWorkers, atLeast("numWorkers", value, 0));
    return self();
  }

  /** Worker threads per barrier task, at least 1. */
  public E setWorkerThreads(int value) {
    set(workerThreads, atLeast("workerThreads", value, 1));
    return self();
  }

  /** Server shards, at least 1 and at most the number of barrier tasks. */
  public E setNumShards(int value) {
    set(numShards, atLeast("numShards", value, 1));
    return self();
  }

  /** SSP staleness: 0 is BSP, -1 unbounded (ASP). */
  public E setStaleness(int value) {
    set(staleness, atLeast("staleness", value, -1));
    return self();
  }

  /** Passes over the data, at least 1. */
  public E setMaxIter(int value) {
    set(maxIter, atLeast("maxIter", value, 1));
    return self();
  }

  public E setSeed(long value) {
    set(seed, value);
    return self();
  }

  /**
   * Where to checkpoint: a local directory at the same path on every executor (a shared file
   * system on a real cluster; Hadoop file-system URLs such as {@code hdfs://} are not supported,
   * {@code file://} ones are). Each fit checkpoints into its own subdirectory {@code <uid>/<fit
   * id>} (a random id per call of {@code fit}), which the driver removes after the fit succeeds.
   * When a task fails, Spark retries the whole barrier stage, and the new attempt resumes from the
   * newest checkpoint of the fit. Only {@link PetuumLogisticRegression} and {@link PetuumLDA} can
   * checkpoint; the others refuse a checkpoint directory.
   */
  public E setCheckpointDir(String value) {
    if (value == null || value.isBlank() || value.contains("://") && !value.startsWith("file://")) {
      throw new IllegalArgumentException("checkpointDir must be a local directory path, was '" + value + "'");
    }
    set(checkpointDir, value.startsWith("file://") ? value.substring("file://".length()) : value);
    return self();
  }

  /** Checkpoint every this many clocks, 0 for never. */
  public E setCheckpointEvery(int value) {
    set(checkpointEvery, atLeast("checkpointEvery", value, 0));
    return self();
  }

  @SuppressWarnings("unchecked")
  private E self() {
    return (E) this;
  }

  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, was " + value);
    }
    return value;
  }

  static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
    }
    return value;
  }

  /** The staleness as the apps' parameter: a count, or {@code inf}. */
  String stalenessParam() {
    return getStaleness() < 0 ? "inf" : Integer.toString(getStaleness());
  }

  /**
   * Fits {@code training}'s job on {@code rows} (the estimator's selected columns), one barrier
   * task per partition. Rows the job places itself ({@link Training#place}) go where it says. Other
   * input is used as it is when it already has one partition per task (and so does everything it
   * is computed from within its stage, as barrier mode requires), unless the tasks find the
   * partitions unbalanced (one more than 5% above an even share; the workers' mini-batches and
   * clocks follow their partitions); then, and when the partitions do not fit at all, it is
   * repartitioned round-robin first.
   *
   * @throws IllegalArgumentException if numShards exceeds the tasks, checkpointDir is set without
   *     checkpointEvery, or the tasks rejected the input
   */
  <T> FitOutput fitInBarrierMode(Dataset<Row> rows, Training<T> training, JobParams params) {
    int tasks = getNumWorkers() > 0 ? getNumWorkers() : rows.sparkSession().sparkContext().defaultParallelism();
    if (getNumShards() > tasks) {
      throw new IllegalArgumentException("numShards " + getNumShards() + " exceeds the " + tasks
          + " barrier tasks (numWorkers" + (getNumWorkers() == 0 ? ", here Spark's default parallelism" : "")
          + "); every shard lives in a task, so use numShards between 1 and " + tasks);
    }
    String dir = getCheckpointDir();
    if (dir != null && getCheckpointEvery() == 0) {
      throw new IllegalArgumentException("checkpointDir is set but checkpointEvery is 0; set checkpointEvery >= 1");
    }
    if (dir == null && getCheckpointEvery() > 0) {
      throw new IllegalArgumentException("checkpointEvery is " + getCheckpointEvery() + " but checkpointDir is not set");
    }
    if (dir != null && !org.petuum4j.ps.job.Deployment.instantiate(training.factory()).resumable()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " cannot checkpoint: its job ("
          + training.factory().getSimpleName() + ") does not resume from checkpoints; unset checkpointDir");
    }
    String fitDir = dir == null ? null
        : java.nio.file.Path.of(dir, uid(), UUID.randomUUID().toString()).toAbsolutePath().toString();
    FitOutput out;
    JavaRDD<T> placed = training.place(rows, tasks, getWorkerThreads(), getNumShards());
    if (placed != null) {
      out = runStage(placed, training, params, fitDir, false).fit();
    } else {
      JavaRDD<T> asIs = training.rdd(rows);
      BarrierFit.Outcome first = Training.partitionedAs(asIs.rdd(), tasks)
          ? runStage(asIs, training, params, fitDir, true) : null;
      if (first != null && first.fit() != null) {
        out = first.fit();
      } else {
        out = runStage(training.rebalanced(rows, tasks), training, params, fitDir, false).fit();
        if (first != null) {
          out.notes().add("the input's " + tasks + " partitions were unbalanced (records "
              + java.util.Arrays.toString(first.unbalanced()) + "), so they were repartitioned round-robin first");
        }
      }
    }
    if (fitDir != null) {
      deleteQuietly(java.nio.file.Path.of(fitDir));
    }
    return out;
  }

  private <T> BarrierFit.Outcome runStage(JavaRDD<T> rdd, Training<T> training, JobParams params, String fitDir,
      boolean requireBalanced) {
    return BarrierFit.run(rdd, training, params, getNumShards(), getWorkerThreads(), fitDir, getCheckpointEvery(),
        requireBalanced);
  }

  /** Removes a finished fit's checkpoints, as far as this (the driver's) file system sees them. */
  private static void deleteQuietly(java.nio.file.Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      org.slf4j.LoggerFactory.getLogger(PetuumEstimator.class).warn("could not remove checkpoints in {}: {}", dir,
          e.toString());
    }
  }

  @Override
  public E copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
