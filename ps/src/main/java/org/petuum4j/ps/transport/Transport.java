package org.petuum4j.ps.transport;

/** Connects a client process to every server shard. */
public interface Transport {

  /** Number of server shards. */
  int numShards();

  /**
   * Registers a client process and returns one channel per shard, indexed by shard id. The
   * shards answer through {@code client}.
   */
  ShardChannel[] connect(ClientRegistration registration, ClientChannel client);

  /** A client process and the contiguous range of global worker ids it runs. */
  record ClientRegistration(int processId, int firstWorker, int numWorkers) {}
}
