package org.petuum4j.sched;

import org.petuum4j.net.TestClusters;
import org.petuum4j.ps.JobRunner;

/**
 * The scheduler's table exchange over the Netty transport: two server and two worker processes in
 * this JVM, so partials and decisions cross processes. In package {@code sched} because the
 * exchange is package-private there; module {@code sched} cannot depend on {@code net}.
 */
class NettyTableExchangeTest extends TableExchangeTest {
  @Override
  protected JobRunner runner() {
    return TestClusters.runner(2, 2);
  }
}
