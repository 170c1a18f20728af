package org.petuum4j.ps.transport;

/** Messages a server shard sends to one client process. Must not block. */
public interface ClientChannel {

  /** A row copy: the answer to a {@link RowRequest}, or an SSP-push refresh of a subscribed row. */
  void onRow(RowReply reply);

  /** The shard has applied {@link UpdateBatch} number {@code seq} of {@code worker}. */
  void onAck(int shard, int worker, long seq);
}
