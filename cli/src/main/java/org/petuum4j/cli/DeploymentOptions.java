package org.petuum4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
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

  @Option(names = "--checkpoint-every", paramLabel = "K",
      description = "Checkpoint every K clocks (mini-batches), 0 for never (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Where checkpoints go (default: ${DEFAULT-VALUE}).")
  Path checkpointDir = Path.of("runs", "checkpoints");

  @Option(names = "--keep-checkpoints", paramLabel = "N", description = "Keep the newest N checkpoints, 1-1000 (default: ${DEFAULT-VALUE}).")
  int keep = 3;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "Continue from the newest intact checkpoint in DIR (a damaged one is skipped with a warning).")
  Path resume;

  @Option(names = "--max-recoveries", paramLabel = "R",
      description = "With --cluster local:S,W and checkpoints: replace lost processes and roll back to the newest "
          + "checkpoint up to R times, 0-100 (default: ${DEFAULT-VALUE}).")
  int maxRecoveries = 3;

  /** Validates the options and returns the deployment they name. */
  Deployment deployment() throws UserException {
    Inputs.inRange("--workers", workers, 1, MAX);
    Inputs.inRange("--shards", shards, 1, MAX);
    Inputs.inRange("--checkpoint-every", checkpointEvery, 0, Integer.MAX_VALUE);
    Inputs.inRange("--keep-checkpoints", keep, 1, 1000);
    Inputs.inRange("--max-recoveries", maxRecoveries, 0, 100);
    JobShape shape = new JobShape(workers, shards);
    CheckpointOptions checkpoints = null;
    if (resume != null) {
      if (!Files.isDirectory(resume)) {
        throw new UserException("--resume: no such directory: " + resume);
      }
      checkpoints = new CheckpointOptions(resume, checkpointEvery, keep, true, maxRecoveries);
    } else if (checkpointEvery > 0) {
      checkpoints = new CheckpointOptions(checkpointDir, checkpointEvery, keep, false, maxRecoveries);
    }
    if (cluster == null) {
      return new EmbeddedDeployment(shape, checkpoints);
    }
    return ClusterOptions.deployment(cluster, shape, checkpoints);
  }
}
