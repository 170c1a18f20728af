package org.petuum4j.net;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Entry point of the processes the local launcher starts: {@code NodeMain ROLE --servers S
 * --workers W --coordinator-port P [--index I] [--heartbeat-timeout-ms T]}, the secret in {@code
 * PETUUM4J_SECRET}. Every process exits when its standard input closes, so that it never outlives
 * the launcher, even one killed with SIGKILL. Users start roles by hand with {@code petuum4j
 * coordinator|server|worker --cluster FILE} instead.
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("petuum4j " + (args.length > 0 ? args[0] : "node") + ": " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  static int run(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: NodeMain coordinator|server|worker --servers S --workers W "
          + "--coordinator-port P [--index I] [--heartbeat-timeout-ms T]");
    }
    String role = args[0];
    int servers = 0;
    int workers = 0;
    int port = 0;
    int index = 0;
    long timeout = NetConfig.DEFAULT_HEARTBEAT_TIMEOUT.toMillis();
    for (int i = 1; i + 1 < args.length; i += 2) {
      long v = Long.parseLong(args[i + 1]);
      switch (args[i]) {
        case "--servers" -> servers = (int) v;
        case "--workers" -> workers = (int) v;
        case "--coordinator-port" -> port = (int) v;
        case "--index" -> index = (int) v;
        case "--heartbeat-timeout-ms" -> timeout = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ClusterSpec local = ClusterSpec.local(servers, workers);
    ClusterSpec spec = new ClusterSpec(new ClusterSpec.Endpoint(ClusterSpec.LOOPBACK, port, ClusterSpec.LOOPBACK),
        local.servers(), local.workers(), null, Duration.ofMillis(timeout), null, null);
    exitWhenStdinCloses(role);
    String failure = switch (role) {
      case "coordinator" -> ClusterNodes.runCoordinator(spec, System.out);
      case "server" -> ClusterNodes.runServer(spec, index);
      case "worker" -> ClusterNodes.runWorker(spec, index);
      default -> throw new IllegalArgumentException("unknown role '" + role + "'");
    };
    if (failure != null) {
      System.err.println("petuum4j " + role + " " + index + ": " + failure);
      return 1;
    }
    return 0;
  }

  private static void exitWhenStdinCloses(String role) {
    Thread t = new Thread(() -> {
      InputStream in = System.in;
      try {
        while (in.read() >= 0) {
          // the launcher writes nothing; any byte is ignored
        }
      } catch (IOException e) {
        // treated like end of input
      }
      System.err.println("petuum4j " + role + ": the launcher is gone; exiting");
      Runtime.getRuntime().halt(3);
    }, "petuum4j-launcher-watch");
    t.setDaemon(true);
    t.start();
  }
}
