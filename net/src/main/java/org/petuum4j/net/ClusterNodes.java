package org.petuum4j.net;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs one process of a cluster (coordinator, server or worker) until the job ends, for the
 * {@code petuum4j coordinator|server|worker} commands and for the processes the local launcher
 * starts.
 */
public final class ClusterNodes {
  /** The line the coordinator prints on standard output once it listens, followed by its port. */
  public static final String PORT_LINE = "PETUUM4J_COORDINATOR_PORT=";

  private ClusterNodes() {}

  /** The network settings of a spec: its secret, TLS and heartbeat timeout. */
  static NetConfig config(ClusterSpec spec) throws IOException {
    TlsSupport tls = null;
    if (spec.keystore() != null) {
      tls = TlsConfig.fromEnvironment(spec.keystore(), spec.keystorePasswordEnv())::newHandler;
    }
    return NetConfig.of(spec.secret(), tls, spec.heartbeatTimeout());
  }

  /**
   * Runs the coordinator of {@code spec}; prints {@link #PORT_LINE} and its port on {@code out}.
   *
   * @return {@code null} after a clean job, else why it failed
   */
  public static String runCoordinator(ClusterSpec spec, PrintStream out) throws IOException {
    ClusterSpec.Endpoint e = spec.coordinator();
    try (Coordinator c = new Coordinator(config(spec), e.bind(), e.port(), spec.servers().size(), spec.workers().size())) {
      out.println(PORT_LINE + c.port());
      out.flush();
      String result = await(c.finished());
      linger();
      return result;
    }
  }

  /** Runs server process {@code index} of {@code spec}; returns {@code null} or the failure. */
  public static String runServer(ClusterSpec spec, int index) throws IOException {
    ClusterSpec.Endpoint e = endpoint(spec.servers(), index, "server");
    ClusterSpec.Endpoint c = spec.coordinator();
    try (ServerNode s = new ServerNode(config(spec), index, c.host(), c.port(), e.bind(), e.port(), e.host())) {
      return await(s.finished());
    }
  }

  /** Runs worker process {@code index} of {@code spec}; returns {@code null} or the failure. */
  public static String runWorker(ClusterSpec spec, int index) throws IOException {
    ClusterSpec.Endpoint e = endpoint(spec.workers(), index, "worker");
    ClusterSpec.Endpoint c = spec.coordinator();
    try (WorkerNode w = new WorkerNode(config(spec), index, c.host(), c.port(), e.host(), FactoryResolver.byClassName())) {
      return await(w.finished());
    }
  }

  private static ClusterSpec.Endpoint endpoint(java.util.List<ClusterSpec.Endpoint> list, int index, String role) {
    if (index < 0 || index >= list.size()) {
      throw new IllegalArgumentException("--index must be 0-" + (list.size() - 1) + " for the " + list.size()
          + " " + role + " processes of the cluster spec, was " + index);
    }
    return list.get(index);
  }

  private static String await(CompletableFuture<String> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException e) {
      return e.getCause().toString();
    }
  }

  /** Gives the last messages (SHUTDOWN, ABORT) time to leave before the process exits. */
  private static void linger() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
