package org.petuum4j.net;

import net.jqwik.api.PropertyDefaults;
import org.petuum4j.ps.ConsistencyContract;
import org.petuum4j.ps.JobRunner;

/**
 * The SSP contract over the Netty transport: up to three server and three worker processes in this
 * JVM, every message through the wire protocol on loopback. Fewer tries than embedded: each starts
 * a cluster.
 */
@PropertyDefaults(tries = 40)
class NettyConsistencyTest extends ConsistencyContract {
  @Override
  protected JobRunner runner() {
    return InJvmCluster.runner(3, 3);
  }
}
