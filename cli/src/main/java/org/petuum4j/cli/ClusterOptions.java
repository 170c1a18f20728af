package org.petuum4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.petuum4j.net.ClusterDeployment;
import org.petuum4j.net.ClusterSpec;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.JobShape;

/** Turns a {@code --cluster} value into a cluster deployment: {@code local:S,W} or a spec file. */
final class ClusterOptions {
  private ClusterOptions() {}

  static Deployment deployment(String cluster, JobShape shape, CheckpointOptions checkpoints) throws UserException {
    try {
      if (cluster.startsWith("local:")) {
        ClusterSpec spec = ClusterSpec.local(cluster);
        return ClusterDeployment.local(spec.servers().size(), spec.workers().size(), shape).checkpoints(checkpoints);
      }
      return ClusterDeployment.remote(spec(cluster), shape).checkpoints(checkpoints);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** Reads a YAML cluster spec named by {@code --cluster}. */
  static ClusterSpec spec(String file) throws UserException {
    Path p = Path.of(file);
    if (!Files.isRegularFile(p)) {
      throw new UserException("--cluster: expected 'local:S,W' or a cluster spec file, but there is no file " + file);
    }
    try {
      return ClusterSpec.read(p);
    } catch (IllegalArgumentException e) {
      throw new UserException("--cluster: " + e.getMessage());
    } catch (IOException e) {
      throw new UserException("--cluster: cannot read " + file + ": " + e.getMessage());
    }
  }
}
