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
 * task's {@code "partition,host,coordinatorPort,summary"} (the coordinator's port from task 0); its
 * round is the stage attempt, so a retried stage gathers afresh. Tasks {@code 0..S-1} start server {@code i} (shard {@code i}) listening on a free port of
 * their host, which they tell the coordinator themselves; every task starts worker process {@code
 * i} with its partition as input. Task 0 then plans the job from the summaries ({@link
 * Training#plan}), submits it as the driver, logs the workers' events, reads the model from the
 * final tables and returns it as the stage's only record; the others return nothing. Every
 * connection authenticates with a secret made on the Spark driver for this fit and shipped in the
 * closure. When the stage is retried ({@link BarrierTaskContext#stageAttemptNumber()} above 0) and
 * checkpoints are on, the job resumes from the newest checkpoint in the fit's directory.
 */
final class BarrierFit {
  private static final Logger LOG = LoggerFactory.getLogger(BarrierFit.class);
  /** Silence after which a role counts as lost; generous because executors share their JVM with Spark. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private BarrierFit() {}

  /** Everything the tasks need, shipped in the closure. */
  record Plan(Training training, HashMap<String, String> params, int shards, int threadsPerTask, String secret,
      String checkpointDir, int checkpointEvery, int keepCheckpoints, String rendezvousHost, int rendezvousPort)
      implements Serializable {}

  /**
   * Runs the job over {@code rows}, one task per partition, and returns task 0's output.
   *
   * @throws PsException if the job failed
   */
  static FitOutput run(JavaRDD<Row> rows, Training training, JobParams params, int shards, int threadsPerTask,
      String checkpointDir, int checkpointEvery) {
    String secret = ClusterSecret.generate();
    SparkConf conf = rows.context().getConf();
    // The executors reach the driver at spark.driver.host (Spark sets it); it listens on
    // spark.driver.bindAddress when that is set, and so does the rendezvous.
    String driverHost = conf.get("spark.driver.host", "127.0.0.1");
    List<FitOutput> out;
    try (Rendezvous rendezvous = Rendezvous.start(secret, conf.get("spark.driver.bindAddress", driverHost),
        rows.getNumPartitions())) {
      Plan plan = new Plan(training, new HashMap<>(params.asMap()), shards, threadsPerTask, secret, checkpointDir,
          checkpointEvery, 2, driverHost, rendezvous.port());
      // The shuffle after the barrier stage makes it a shuffle-map stage, which Spark retries as a
      // whole when a task fails; a failed barrier result stage would abort the job instead.
      out = rows.rdd().barrier()
          .mapPartitions(new Task(plan), false, ClassTag$.MODULE$.apply(FitOutput.class))
          .toJavaRDD().repartition(1).collect();
    } catch (java.io.IOException e) {
      throw new PsException("cannot start the rendezvous of the barrier tasks on the driver: " + e.getMessage(), e);
    }
    if (out.size() != 1) {
      throw new IllegalStateException("the barrier stage returned " + out.size() + " results instead of one");
    }
    return out.get(0);
  }

  /** The host part of a task's {@code host:port} address. */
  static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** The body of every barrier task. */
  static final class Task extends AbstractFunction1<scala.collection.Iterator<Row>, scala.collection.Iterator<FitOutput>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Plan plan;

    Task(Plan plan) {
      this.plan = plan;
    }

    @Override
    public scala.collection.Iterator<FitOutput> apply(scala.collection.Iterator<Row> it) {
      BarrierTaskContext ctx = BarrierTaskContext.get();
      try {
        List<FitOutput> out = run(ctx, it);
        return CollectionConverters.asScala(out.iterator());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new PsException("petuum4j task " + ctx.partitionId() + " failed: " + e.getMessage(), e);
      }
    }

    private List<FitOutput> run(BarrierTaskContext ctx, scala.collection.Iterator<Row> it) throws Exception {
      long t0 = System.nanoTime();
      int me = ctx.partitionId();
      BarrierTaskInfo[] infos = ctx.getTaskInfos();
      int tasks = infos.length;
      String host = hostOf(infos[me].address());
      Training.Partition part = plan.training().read(CollectionConverters.asJava(it));
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
        String[] all = Rendezvous.allGather(secret, plan.rendezvousHost(), plan.rendezvousPort(),
            ctx.stageAttemptNumber(), me, me + "," + host + "," + (coordinator == null ? -1 : coordinator.port()) + ","
            + part.summary(), ctx::isInterrupted);
        long tGathered = System.nanoTime();
        String[] first = all[0].split(",", 4);
        String coordinatorHost = first[1];
        int coordinatorPort = Integer.parseInt(first[2]);
        List<String> summaries = new ArrayList<>();
        for (String m : all) {
          summaries.add(m.split(",", 4)[3]);
        }
        LOG.info("petuum4j task {} of {} on {}: {} (coordinator {}:{}, stage attempt {})", me, tasks, host,
            part.summary(), coordinatorHost, coordinatorPort, ctx.stageAttemptNumber());
        if (me < plan.shards()) {
          nodes.add(InProcessNodes.server(secret, hb, me, coordinatorHost, coordinatorPort, host));
        }
        nodes.add(InProcessNodes.worker(secret, hb, me, coordinatorHost, coordinatorPort, host,
            org.petuum4j.ps.job.Deployment.instantiate(plan.training().factory()), part.input()));
        List<FitOutput> out = new ArrayList<>();
        if (me == 0) {
          long tStarted = System.nanoTime();
          FitOutput o = drive(ctx, tasks, coordinatorHost, coordinatorPort, summaries);
          o.notes().add(String.format(java.util.Locale.ROOT, "barrier task 0 timing: read partition %d ms, "
              + "coordinator and rendezvous %d ms, server and worker start %d ms, job and model %d ms",
              (tRead - t0) / 1_000_000, (tGathered - tRead) / 1_000_000, (tStarted - tGathered) / 1_000_000,
              (System.nanoTime() - tStarted) / 1_000_000));
          out.add(o);
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
        List<String> summaries) throws Exception {
      JobParams params = plan.training().plan(JobParams.of(plan.params()), summaries, plan.threadsPerTask());
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
