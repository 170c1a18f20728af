package org.petuum4j.net;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;

/**
 * The roles of a cluster (coordinator, server, worker, driver) started inside a JVM that some other
 * system placed, as threads rather than processes: for hosts such as Spark's barrier tasks, which
 * give each task a host and let the tasks exchange one message before the job. Every role speaks
 * the same authenticated protocol as the processes {@link ClusterDeployment} starts; every call
 * takes the cluster secret as text (e.g. {@link ClusterSecret#generate()}), shared by all roles of
 * the job, and the heartbeat timeout after which a silent member fails the job.
 *
 * <pre>{@code
 * try (InProcessNodes.Coordinator c = InProcessNodes.coordinator(secret, timeout, "10.0.0.1", 1, 2)) {
 *   // tell the other roles c.port(), e.g. through the host's all-gather, then on every host:
 *   InProcessNodes.server(secret, timeout, 0, "10.0.0.1", c.port(), "10.0.0.1");
 *   InProcessNodes.worker(secret, timeout, 0, "10.0.0.1", c.port(), "10.0.0.1", new LogRegJob(), partition);
 *   try (JobResult r = InProcessNodes.submit(secret, timeout, "10.0.0.1", c.port(), LogRegJob.class, params,
 *       new JobShape(2, 1), null, events)) { ... }
 * }
 * }</pre>
 */
public final class InProcessNodes {
  private InProcessNodes() {}

  /** A running role; {@link #close()} stops it at once. */
  public interface Node extends AutoCloseable {
    /** Completes when the job has ended for this role: {@code null} after a clean job, else the failure. */
    CompletableFuture<String> finished();

    @Override
    void close();
  }

  /** The running coordinator. */
  public interface CoordinatorNode extends Node {
    /** The port it listens on. */
    int port();
  }

  private static NetConfig config(String secret, Duration heartbeatTimeout) {
    return NetConfig.of(ClusterSecret.of(secret), null, heartbeatTimeout);
  }

  /**
   * Starts a coordinator listening on {@code bindHost}, on a free port, for {@code servers} server
   * and {@code workers} worker processes.
   */
  public static CoordinatorNode coordinator(String secret, Duration heartbeatTimeout, String bindHost, int servers,
      int workers) throws IOException {
    Coordinator c = new Coordinator(config(secret, heartbeatTimeout), bindHost, 0, servers, workers);
    return new CoordinatorNode() {
      @Override
      public int port() {
        return c.port();
      }

      @Override
      public CompletableFuture<String> finished() {
        return c.finished();
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  /**
   * Starts server {@code index}: it listens on {@code host} on a free port, and joins the
   * coordinator, telling it that port; the coordinator assigns it shards {@code index}, {@code
   * index + servers}, ...
   */
  public static Node server(String secret, Duration heartbeatTimeout, int index, String coordinatorHost,
      int coordinatorPort, String host) throws IOException {
    ServerNode s = new ServerNode(config(secret, heartbeatTimeout), index, coordinatorHost, coordinatorPort, host, 0,
        host);
    return node(s.finished(), s::close);
  }

  /**
   * Starts worker process {@code index}: it joins the coordinator and, when the job starts, runs
   * {@code factory}'s program on its worker threads with {@code input} as its in-memory process
   * input ({@link org.petuum4j.ps.job.ProcessContext#input()}; {@code null} for none). The job's
   * factory class must be {@code factory}'s class.
   */
  public static Node worker(String secret, Duration heartbeatTimeout, int index, String coordinatorHost,
      int coordinatorPort, String host, JobFactory factory, Object input) throws IOException {
    FactoryResolver resolver = name -> {
      if (!name.equals(factory.getClass().getName())) {
        throw new IllegalArgumentException("this worker runs " + factory.getClass().getName() + " jobs, not " + name);
      }
      return factory;
    };
    WorkerNode w = new WorkerNode(config(secret, heartbeatTimeout), index, coordinatorHost, coordinatorPort, host,
        resolver, input);
    return node(w.finished(), w::close);
  }

  /**
   * Submits the job to the coordinator as its driver and blocks until every worker has finished,
   * delivering the workers' events to {@code events} in this thread; returns the final tables.
   * Closing the result shuts every role down.
   *
   * @param checkpoints checkpointing and resuming ({@code null}: neither)
   * @throws org.petuum4j.ps.PsException if the job fails; the message names the failed process
   */
  public static JobResult submit(String secret, Duration heartbeatTimeout, String coordinatorHost,
      int coordinatorPort, Class<? extends JobFactory> factoryClass, JobParams params, JobShape shape,
      CheckpointOptions checkpoints, EventSink events) throws Exception {
    JobFactory factory = org.petuum4j.ps.job.Deployment.instantiate(factoryClass);
    List<TableSpec> tables = factory.tables(params, shape);
    if (checkpoints != null && checkpoints.active()) {
      JobFactory.requireResumable(factory, factoryClass);
    }
    Net net = new Net(config(secret, heartbeatTimeout), 1);
    try {
      JobResult r = Driver.run(net, coordinatorHost, coordinatorPort, factoryClass.getName(), params, tables, shape,
          checkpoints, events);
      return r.alsoClosing(net::close);
    } catch (Exception | Error e) {
      net.close();
      throw e;
    }
  }

  private static Node node(CompletableFuture<String> finished, Runnable close) {
    return new Node() {
      @Override
      public CompletableFuture<String> finished() {
        return finished;
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}
