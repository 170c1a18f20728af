package org.petuum4j.ps.transport;

/**
 * Messages a client process sends to one server shard. Calls from one process to one shard must
 * be delivered in the order they were made. Implementations must not block on clocks.
 */
public interface ShardChannel {

  /** Asks for a copy of a row, to be answered once the shard's minimum clock is at least {@code minClock}. */
  void requestRow(RowRequest request);

  /** Applies a worker thread's coalesced increments and, optionally, advances its clock. */
  void update(UpdateBatch batch);
}
