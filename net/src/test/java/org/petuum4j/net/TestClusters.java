package org.petuum4j.net;

import org.petuum4j.ps.JobRunner;

/** {@link InJvmCluster}'s runner for the suites of other packages (the scheduler's exchange). */
public final class TestClusters {
  private TestClusters() {}

  /** A JobRunner over {@code serverProcs} server and up to {@code workerProcs} worker processes in this JVM. */
  public static JobRunner runner(int serverProcs, int workerProcs) {
    return InJvmCluster.runner(serverProcs, workerProcs);
  }
}
