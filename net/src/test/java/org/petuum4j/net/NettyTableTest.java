package org.petuum4j.net;

import org.petuum4j.ps.JobRunner;
import org.petuum4j.ps.TableContract;

/** Table semantics over the Netty transport: two server and two worker processes in this JVM. */
class NettyTableTest extends TableContract {
  @Override
  protected JobRunner runner() {
    return InJvmCluster.runner(2, 2);
  }
}
