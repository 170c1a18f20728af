package org.petuum4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.petuum4j.net.ClusterSecret;
import org.petuum4j.net.InProcessNodes;
import org.petuum4j.net.Rendezvous;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Runs one petuum4j job as a Spark barrier stage: every partition is one task, all tasks start
 * together, and the tasks host the job's roles as threads of their executors.
 *
 * <p>Implementation notes. Each task reads its partition into its process input ({@link
 * Training#read}) and takes the host Spark placed it on from its {@link BarrierTaskInfo}. Task 0
 * starts the coordinator on its host on a free port. One all-gather through a {@link Rendezvous}
 * that the driver runs for the fit (at {@code spark.driver.host}; Spark's own {@code
 * BarrierTaskContext.allGather} answers only after a one-second sleep) then gives every task every
 * task's {@code "partition,host,coordinatorPort,records,summary,rejection"} (the coordinator's port
 * from task 0); its round is the stage attempt, so a retried stage gathers afresh. From these
 * messages every task decides alike whether a job starts: not if a task rejected its partition
 * (the first rejection becomes the fit's {@link IllegalArgumentException}), not if balanced
 * partitions were required and the record counts are not (the driver then repartitions and runs
 * again), and not if {@link Training#plan} rejects the input as a whole; the tasks then end
 * without a retry. Otherwise tasks {@code 0..S-1} start server {@code i} (shard {@code i})
 * listening on a free port of their host, which they tell the coordinator themselves; every task
 * starts worker process {@code i} with its partition as input. Task 0 submits the planned job as
 * the driver, logs the workers' events, reads the model from the final tables and returns it as
 * the stage's only record; the others return nothing. Every connection authenticates with a
 * secret made on the Spark driver for this fit and shipped in the closure. When the stage is
 * retried ({@link BarrierTaskContext#stageAttemptNumber()} above 0) and checkpoints are on, the
 * job resumes from the newest checkpoint in the fit's directory.
 */
final class BarrierFit {
  private static final Logger LOG = LoggerFactory.getLogger(BarrierFit.class);
  /** Silence after which a role counts as lost; generous because executors share their JVM with Spark. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private BarrierFit() {}

  /** Everything the tasks need, shipped in the closure. */
  record Plan(Training<?> training, HashMap<String, String> params, int shards, int threadsPerTask, String secret,
      String checkpointDir, int checkpointEvery, int keepCheckpoints, String rendezvousHost, int rendezvousPort,
      boolean requireBalanced) implements Serializable {}

  /**
   * What task 0 returns: the fit's output; or, when the stage was told to require balanced
   * partitions and they were not, no output and the records in each partition; or the reason the
   * input was rejected. Only the first has run a job.
   */
  record Outcome(FitOutput fit, long[] unbalanced, String rejected) implements Serializable {}

  /**
   * Runs the job over {@code rows}, one task per partition, and returns task 0's outcome. With
   * {@code requireBalanced}, partitions of unequal sizes (see {@link Training#balanced}) start no
   * job: the outcome then holds their sizes instead of a fit.
   *
   * @throws IllegalArgumentException if a task rejected its partition or the input as a whole
   *     ({@link Training#read}, {@link Training#plan}); no job ran
   * @throws PsException if the job failed
   */
  static <T> Outcome run(JavaRDD<T> rows, Training<T> training, JobParams params, int shards, int threadsPerTask,
      String checkpointDir, int checkpointEvery, boolean requireBalanced) {
    String secret = ClusterSecret.generate();
    SparkConf conf = rows.context().getConf();
    // The executors reach the driver at spark.driver.host (Spark sets it); it listens on
    // spark.driver.bindAddress when that is set, and so does the rendezvous.
    String driverHost = conf.get("spark.driver.host", "127.0.0.1");
    List<Outcome> out;
    try (Rendezvous rendezvous = Rendezvous.start(secret, conf.get("spark.driver.bindAddress", driverHost),
        rows.getNumPartitions())) {
      Plan plan = new Plan(training, new HashMap<>(params.asMap()), shards, threadsPerTask, secret, checkpointDir,
          checkpointEvery, 2, driverHost, rendezvous.port(), requireBalanced);
      // The shuffle after the barrier stage makes it a shuffle-map stage, which Spark retries as a
      // whole when a task fails; a failed barrier result stage would abort the job instead.
      out = rows.rdd().barrier()
          .mapPartitions(new Task<T>(plan), false, ClassTag$.MODULE$.apply(Outcome.class))
          .toJavaRDD().repartition(1).collect();
    } catch (java.io.IOException e) {
      throw new PsException("cannot start the rendezvous of the barrier tasks on the driver: " + e.getMessage(), e);
    }
    if (out.size() != 1) {
      throw new IllegalStateException("the barrier stage returned " + out.size() + " results instead of one");
    }
    Outcome o = out.get(0);
    if (o.rejected() != null) {
      throw new IllegalArgumentException(o.rejected());
    }
    return o;
  }

  /** The host part of a task's {@code host:port} address. */
  static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** The body of every barrier task. */
  static final class Task<T> extends AbstractFunction1<scala.collection.Iterator<T>, scala.collection.Iterator<Outcome>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Plan plan;

    Task(Plan plan) {
      this.plan = plan;
    }

    @Override
    public scala.collection.Iterator<Outcome> apply(scala.collection.Iterator<T> it) {
      BarrierTaskContext ctx = BarrierTaskContext.get();
      try {
        List<Outcome> out = run(ctx, it);
        return CollectionConverters.asScala(out.iterator());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new PsException("petuum4j task " + ctx.partitionId() + " failed: " + e.getMessage(), e);
      }
    }

    @SuppressWarnings("unchecked")
    private Training<T> training() {
      return (Training<T>) plan.training();
    }

    private List<Outcome> run(BarrierTaskContext ctx, scala.collection.Iterator<T> it) throws Exception {
      long t0 = System.nanoTime();
      int me = ctx.partitionId();
      BarrierTaskInfo[] infos = ctx.getTaskInfos();
      int tasks = infos.length;
      String host = hostOf(infos[me].address());
      Training.Partition part = null;
      String rejected = "";
      try {
        part = training().read(CollectionConverters.asJava(it));
      } catch (IllegalArgumentException e) {
        rejected = String.valueOf(e.getMessage());
      }
      long tRead = System.nanoTime();
      Duration hb = HEARTBEAT_TIMEOUT;
      String secret = plan.secret();
      List<InProcessNodes.Node> nodes = new ArrayList<>();
      try {
        InProcessNodes.CoordinatorNode coordinator = null;
        if (me == 0) {
          coordinator = InProcessNodes.coordinator(secret, hb, host, plan.shards(), tasks);
          nodes.add(coordinator);
        }
        // partition,host,coordinatorPort,records,summary,rejection (the rejection last: it may hold commas).
        String[] all = Rendezvous.allGather(secret, plan.rendezvousHost(), plan.rendezvousPort(),
            ctx.stageAttemptNumber(), me, me + "," + host + "," + (coordinator == null ? -1 : coordinator.port()) + ","
            + (part == null ? -1 : part.records()) + "," + (part == null ? "-" : part.summary()) + "," + rejected,
            ctx::isInterrupted);
        long tGathered = System.nanoTime();
        String[] first = all[0].split(",", 6);
        String coordinatorHost = first[1];
        int coordinatorPort = Integer.parseInt(first[2]);
        List<String> summaries = new ArrayList<>();
        long[] records = new long[tasks];
        String rejection = null;
        for (int k = 0; k < tasks; k++) {
          String[] f = all[k].split(",", 6);
          records[k] = Long.parseLong(f[3]);
          summaries.add(f[4]);
          if (rejection == null && !f[5].isEmpty()) {
            rejection = f[5];
          }
        }
        // Every task decides alike from the same messages whether a job starts at all.
        JobParams params = null;
        if (rejection == null && !(plan.requireBalanced() && !Training.balanced(records, tasks))) {
          try {
            params = training().plan(JobParams.of(plan.params()), summaries, plan.threadsPerTask());
          } catch (IllegalArgumentException e) {
            rejection = String.valueOf(e.getMessage());
          }
        }
        if (params == null) {
          return me != 0 ? List.of()
              : List.of(new Outcome(null, rejection == null ? records : null, rejection));
        }
        LOG.info("petuum4j task {} of {} on {}: {} (coordinator {}:{}, stage attempt {})", me, tasks, host,
            part.summary(), coordinatorHost, coordinatorPort, ctx.stageAttemptNumber());
        if (me < plan.shards()) {
          nodes.add(InProcessNodes.server(secret, hb, me, coordinatorHost, coordinatorPort, host));
        }
        nodes.add(InProcessNodes.worker(secret, hb, me, coordinatorHost, coordinatorPort, host,
            org.petuum4j.ps.job.Deployment.instantiate(training().factory()), part.input()));
        List<Outcome> out = new ArrayList<>();
        if (me == 0) {
          long tStarted = System.nanoTime();
          FitOutput o = drive(ctx, tasks, coordinatorHost, coordinatorPort, params);
          o.notes().add(String.format(java.util.Locale.ROOT, "barrier task 0 timing: read partition %d ms, "
              + "coordinator and rendezvous %d ms, server and worker start %d ms, job and model %d ms",
              (tRead - t0) / 1_000_000, (tGathered - tRead) / 1_000_000, (tStarted - tGathered) / 1_000_000,
              (System.nanoTime() - tStarted) / 1_000_000));
          out.add(new Outcome(o, null, null));
        }
        for (InProcessNodes.Node n : nodes) {
          String failure = await(ctx, n.finished());
          if (failure != null && me != 0) {
            throw new PsException("petuum4j job failed: " + failure);
          }
        }
        return out;
      } finally {
        for (InProcessNodes.Node n : nodes) {
          n.close();
        }
      }
    }

    private FitOutput drive(BarrierTaskContext ctx, int tasks, String coordinatorHost, int coordinatorPort,
        JobParams params) throws Exception {
      JobShape shape = new JobShape(tasks * plan.threadsPerTask(), plan.shards());
      CheckpointOptions checkpoints = null;
      if (plan.checkpointDir() != null) {
        checkpoints = new CheckpointOptions(Path.of(plan.checkpointDir()), plan.checkpointEvery(),
            plan.keepCheckpoints(), ctx.stageAttemptNumber() > 0, 0);
      }
      List<String> events = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      EventSink sink = new EventSink() {
        @Override
        public void emit(String event) {
          if (!event.startsWith("progress")) {
            LOG.info("petuum4j: {}", event);
            events.add(event);
          }
        }

        @Override
        public void note(String message) {
          LOG.info("petuum4j: {}", message);
          notes.add(message);
        }
      };
      LOG.info("petuum4j job {} on {} tasks: {} worker threads, {} shards{}", plan.training().factory().getSimpleName(),
          tasks, shape.workers(), shape.shards(), checkpoints == null ? "" : ", checkpoints in " + checkpoints.dir()
              + (checkpoints.resume() ? " (resuming)" : ""));
      long t0 = System.nanoTime();
      long tJob;
      long tModel;
      FitOutput out;
      try (JobResult result = InProcessNodes.submit(plan.secret(), HEARTBEAT_TIMEOUT, coordinatorHost, coordinatorPort,
          plan.training().factory(), params, shape, checkpoints, sink)) {
        tJob = System.nanoTime();
        out = new FitOutput(plan.training().readModel(result, params, shape), new HashMap<>(params.asMap()),
            events, notes);
        tModel = System.nanoTime();
      }
      notes.add(String.format(java.util.Locale.ROOT, "barrier task 0 driver: job %d ms, model read %d ms, shutdown %d ms",
          (tJob - t0) / 1_000_000, (tModel - tJob) / 1_000_000, (System.nanoTime() - tModel) / 1_000_000));
      return out;
    }

    /** Waits for a role to end, giving up if Spark kills the task. */
    private static String await(BarrierTaskContext ctx, CompletableFuture<String> f) throws InterruptedException {
      while (true) {
        if (ctx.isInterrupted()) {
          throw new PsException("petuum4j task " + ctx.partitionId() + " was killed by Spark");
        }
        try {
          return f.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // poll again
        } catch (ExecutionException e) {
          return String.valueOf(e.getCause());
        }
      }
    }
  }
}
