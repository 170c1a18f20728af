package org.petuum4j.cli;

import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.EmbeddedDeployment;
import org.petuum4j.ps.job.JobShape;
import picocli.CommandLine.Option;

/**
 * Where a {@code train} command runs: {@code --workers} and {@code --shards}, embedded by default,
 * or on a cluster with {@code --cluster}. A picocli mixin every {@code train APP} command shares.
 */
final class DeploymentOptions {
  static final int MAX = 1024;

  @Option(names = "--workers", paramLabel = "W", description = "Worker threads in total, 1-1024 (default: ${DEFAULT-VALUE}).")
  int workers = 2;

  @Option(names = "--shards", paramLabel = "M", description = "Server shards in total, 1-1024 (default: ${DEFAULT-VALUE}).")
  int shards = 2;

  @Option(names = "--cluster", paramLabel = "SPEC",
      description = "Run on a cluster of processes instead of embedded: 'local:S,W' starts S server and W worker "
          + "processes on this machine (and a coordinator); a YAML file names the hosts of a cluster started by hand.")
  String cluster;

  /** Validates the options and returns the deployment they name. */
  Deployment deployment() throws UserException {
    Inputs.inRange("--workers", workers, 1, MAX);
    Inputs.inRange("--shards", shards, 1, MAX);
    JobShape shape = new JobShape(workers, shards);
    if (cluster == null) {
      return new EmbeddedDeployment(shape);
    }
    return ClusterOptions.deployment(cluster, shape);
  }
}
