package org.petuum4j.cli;

import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.JobShape;

/** Turns a {@code --cluster} value into a cluster deployment. */
final class ClusterOptions {
  private ClusterOptions() {}

  static Deployment deployment(String cluster, JobShape shape) throws UserException {
    throw new UserException("--cluster: the network runtime is not built yet (was '" + cluster + "')");
  }
}
