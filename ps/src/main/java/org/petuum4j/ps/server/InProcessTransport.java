package org.petuum4j.ps.server;

import java.util.List;
import org.petuum4j.ps.transport.ClientChannel;
import org.petuum4j.ps.transport.ShardChannel;
import org.petuum4j.ps.transport.Transport;

/**
 * The embedded transport: shards live in this JVM and are called directly. Order per caller is
 * the caller's program order, which is what the transport contract asks.
 */
public final class InProcessTransport implements Transport {
  private final List<ServerShard> shards;

  public InProcessTransport(List<ServerShard> shards) {
    this.shards = List.copyOf(shards);
  }

  @Override
  public int numShards() {
    return shards.size();
  }

  @Override
  public ShardChannel[] connect(ClientRegistration registration, ClientChannel client) {
    for (ServerShard s : shards) {
      s.register(registration, client);
    }
    return shards.toArray(new ShardChannel[0]);
  }
}
