package org.petuum4j.net;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;

/**
 * Runs jobs on a cluster of processes: either started here by the local launcher ({@link
 * #local}), or started by hand from a cluster spec ({@link #remote}), this process then being the
 * job's driver. The job's factory class must be on every worker process's class path.
 *
 * <pre>{@code
 * Deployment d = ClusterDeployment.local(2, 2, new JobShape(4, 2));   // --cluster local:2,2
 * LogRegModel m = LogRegJob.train(d, params, listener);
 * }</pre>
 */
public final class ClusterDeployment implements Deployment {
  private final ClusterSpec spec;
  private final JobShape shape;
  private final boolean launch;
  private final CheckpointOptions checkpoints;

  private ClusterDeployment(ClusterSpec spec, JobShape shape, boolean launch) {
    this(spec, shape, launch, null);
  }

  private ClusterDeployment(ClusterSpec spec, JobShape shape, boolean launch, CheckpointOptions checkpoints) {
    if (shape.workers() < spec.workers().size()) {
      throw new IllegalArgumentException("--workers " + shape.workers() + " is fewer than the cluster's "
          + spec.workers().size() + " worker processes; every process needs at least one worker thread");
    }
    this.spec = spec;
    this.shape = shape;
    this.launch = launch;
    this.checkpoints = checkpoints;
  }

  /**
   * The same deployment, checkpointing and resuming as {@code options} says ({@code null}:
   * neither). A local cluster that checkpoints also recovers: when a process is lost it stops
   * every process, starts them all again from the newest checkpoint, and continues, up to {@code
   * options.maxRecoveries()} times. Every checkpoint's files must be visible to every process at
   * the same path (a shared file system on a real cluster).
   */
  public ClusterDeployment checkpoints(CheckpointOptions options) {
    return new ClusterDeployment(spec, shape, launch, options);
  }

  /** {@code servers} server and {@code workers} worker processes (and a coordinator) launched on this machine. */
  public static ClusterDeployment local(int servers, int workers, JobShape shape) {
    return new ClusterDeployment(ClusterSpec.local(servers, workers), shape, true);
  }

  /** As {@link #local(int, int, JobShape)}, with the given heartbeat timeout. */
  static ClusterDeployment local(int servers, int workers, JobShape shape, java.time.Duration heartbeatTimeout) {
    ClusterSpec l = ClusterSpec.local(servers, workers);
    return new ClusterDeployment(new ClusterSpec(l.coordinator(), l.servers(), l.workers(), null, heartbeatTimeout,
        null, null), shape, true);
  }

  /** A cluster started by hand from {@code spec}; this process connects to its coordinator. */
  public static ClusterDeployment remote(ClusterSpec spec, JobShape shape) {
    return new ClusterDeployment(spec, shape, false);
  }

  @Override
  public JobShape shape() {
    return shape;
  }

  @Override
  public JobResult run(Class<? extends JobFactory> factoryClass, JobParams params, EventSink events) throws Exception {
    JobFactory factory = Deployment.instantiate(factoryClass);
    List<TableSpec> tables = factory.tables(params, shape);
    CheckpointOptions c = checkpoints;
    if (c != null && c.active()) {
      JobFactory.requireResumable(factory, factoryClass);
    }
    boolean recovers = launch && c != null && c.every() > 0;
    for (int attempt = 0; ; attempt++) {
      try {
        return attempt(factoryClass, params, tables, c, events);
      } catch (PsException e) {
        if (!recovers || attempt >= c.maxRecoveries()) {
          throw e;
        }
        events.note(EventSink.RECOVERY + (attempt + 1) + " of at most " + c.maxRecoveries() + " after: "
            + e.getMessage() + "; restarting every process from the newest checkpoint in " + c.dir());
        c = c.resuming();
      }
    }
  }

  private JobResult attempt(Class<? extends JobFactory> factoryClass, JobParams params, List<TableSpec> tables,
      CheckpointOptions c, EventSink events) throws Exception {
    LocalLauncher launcher = null;
    Net net = null;
    try {
      NetConfig config;
      int port;
      if (launch) {
        launcher = new LocalLauncher(spec.servers().size(), spec.workers().size(), spec.heartbeatTimeout().toMillis());
        config = NetConfig.of(launcher.secret(), null, spec.heartbeatTimeout());
        port = launcher.coordinatorPort();
      } else {
        config = ClusterNodes.config(spec);
        port = spec.coordinator().port();
      }
      net = new Net(config, 1);
      JobResult r = Driver.run(net, spec.coordinator().host(), port, factoryClass.getName(), params, tables, shape, c,
          events);
      LocalLauncher l = launcher;
      Net n = net;
      return r.alsoClosing(() -> {
        if (l != null) {
          l.awaitExit(Duration.ofSeconds(10).toMillis());
          l.close();
        }
        n.close();
      });
    } catch (IOException | RuntimeException e) {
      if (launcher != null) {
        launcher.close();
      }
      if (net != null) {
        net.close();
      }
      throw e instanceof PsException p ? p : new PsException(e.getMessage(), e);
    }
  }
}
