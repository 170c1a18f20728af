package org.petuum4j.cli;

import java.util.concurrent.Callable;
import org.petuum4j.net.ClusterNodes;
import org.petuum4j.net.ClusterSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code petuum4j coordinator|server|worker}: one process of a cluster started by hand from a
 * cluster spec. Start the coordinator, the servers and the workers (in any order), then submit a
 * job with {@code petuum4j train APP --cluster FILE}. Each process exits when the job ends: 0
 * after a clean job, 1 if it failed (the reason on standard error).
 */
final class NodeCommand {
  private NodeCommand() {}

  abstract static class Base implements Callable<Integer> {
    @Option(names = "--cluster", required = true, paramLabel = "FILE", description = "The cluster spec (YAML).")
    String cluster;

    abstract String run(ClusterSpec spec) throws Exception;

    abstract String role();

    @Override
    public Integer call() throws Exception {
      ClusterSpec spec = ClusterOptions.spec(cluster);
      String failure;
      try {
        failure = run(spec);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      if (failure != null) {
        System.err.println("petuum4j " + role() + ": " + failure);
        return Main.EXIT_FAILURE;
      }
      return Main.EXIT_OK;
    }
  }

  @Command(name = "coordinator", mixinStandardHelpOptions = true,
      description = "Run the coordinator of a cluster spec: membership, job set-up, barriers, failure detection.")
  static final class Coordinator extends Base {
    @Override
    String run(ClusterSpec spec) throws Exception {
      return ClusterNodes.runCoordinator(spec, System.out);
    }

    @Override
    String role() {
      return "coordinator";
    }
  }

  /** A server or worker process: one entry of the spec's list, chosen by {@code --index}. */
  abstract static class Indexed extends Base {
    @Option(names = "--index", required = true, paramLabel = "INDEX", description = "Which entry of the spec's list, from 0.")
    int index;

    abstract String kind();

    @Override
    String role() {
      return kind() + " " + index;
    }
  }

  @Command(name = "server", mixinStandardHelpOptions = true,
      description = "Run server process INDEX of a cluster spec (its servers list): it hosts parameter-server shards.")
  static final class Server extends Indexed {
    @Override
    String run(ClusterSpec spec) throws Exception {
      return ClusterNodes.runServer(spec, index);
    }

    @Override
    String kind() {
      return "server";
    }
  }

  @Command(name = "worker", mixinStandardHelpOptions = true,
      description = "Run worker process INDEX of a cluster spec (its workers list): it runs worker threads of the job.")
  static final class Worker extends Indexed {
    @Override
    String run(ClusterSpec spec) throws Exception {
      return ClusterNodes.runWorker(spec, index);
    }

    @Override
    String kind() {
      return "worker";
    }
  }
}
