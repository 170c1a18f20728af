package org.petuum4j.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a coordinator, S server and W worker processes on this machine, as child JVMs with this
 * JVM's class path, and stops them all again. Each child's command line names its role ({@code
 * -Dpetuum4j.role=worker}, found with {@code pgrep -f petuum4j.role=}); children share a fresh
 * random cluster secret through their environment, log warnings to this process's standard error,
 * and exit on their own when this process dies, because their standard input (a pipe from here)
 * closes. A shutdown hook stops them on Ctrl-C.
 */
final class LocalLauncher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalLauncher.class);

  private final List<Process> children = new ArrayList<>();
  private final Thread hook = new Thread(this::killAll, "petuum4j-launcher-shutdown");
  private final String secret = ClusterSecret.generate();
  private final int coordinatorPort;

  LocalLauncher(int servers, int workers, long heartbeatTimeoutMs) throws IOException {
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      List<String> common = List.of("--servers", Integer.toString(servers), "--workers", Integer.toString(workers),
          "--heartbeat-timeout-ms", Long.toString(heartbeatTimeoutMs));
      Process coordinator = start("coordinator", -1, common, false);
      coordinatorPort = readPort(coordinator);
      List<String> withPort = new ArrayList<>(common);
      withPort.addAll(List.of("--coordinator-port", Integer.toString(coordinatorPort)));
      for (int i = 0; i < servers; i++) {
        start("server", i, withPort, true);
      }
      for (int i = 0; i < workers; i++) {
        start("worker", i, withPort, true);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  ClusterSecret secret() {
    return ClusterSecret.of(secret);
  }

  int coordinatorPort() {
    return coordinatorPort;
  }

  /** The running children, for tests. */
  List<Process> children() {
    return List.copyOf(children);
  }

  private Process start(String role, int index, List<String> options, boolean inheritOut) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Dpetuum4j.role=" + role);
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Dio.netty.") || a.startsWith("-XX:")) {
        cmd.add(a);
      }
    }
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("petuum4j.child.log", "warn"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(NodeMain.class.getName());
    cmd.add(role);
    cmd.addAll(options);
    if (index >= 0) {
      cmd.add("--index");
      cmd.add(Integer.toString(index));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectOutput(inheritOut ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
    pb.environment().put(ClusterSpec.SECRET_ENV, secret);
    Process p = pb.start();
    children.add(p);
    LOG.debug("started {} {} (pid {})", role, index < 0 ? "" : index, p.pid());
    return p;
  }

  private static int readPort(Process coordinator) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith(ClusterNodes.PORT_LINE)) {
        int port = Integer.parseInt(line.substring(ClusterNodes.PORT_LINE.length()).trim());
        Thread drain = new Thread(() -> {
          try {
            r.transferTo(java.io.Writer.nullWriter());
          } catch (IOException e) {
            // the coordinator exited
          }
        }, "petuum4j-coordinator-out");
        drain.setDaemon(true);
        drain.start();
        return port;
      }
    }
    throw new IOException("the coordinator process exited before it listened (exit code "
        + waitFor(coordinator) + "); see its error output above");
  }

  private static int waitFor(Process p) {
    try {
      return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Waits up to {@code millis} for every child to exit by itself; then kills the rest. */
  void awaitExit(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (Process p : children) {
      try {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          p.waitFor(left, TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    killAll();
  }

  private void killAll() {
    for (Process p : children) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : children) {
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
  }
}
