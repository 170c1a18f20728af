package org.petuum4j.ps.client;

/**
 * A barrier across every worker thread of the job. Embedded, a {@link
 * java.util.concurrent.CyclicBarrier}; in a cluster, a coordinator round trip.
 */
public interface WorkerBarrier {

  /**
   * Returns once every worker thread has called it. Must call {@link PsClient#onBarrierPassed()}
   * on every client process before releasing any thread.
   *
   * @throws org.petuum4j.ps.PsException if the job failed or was aborted while waiting
   */
  void await(int worker);
}
