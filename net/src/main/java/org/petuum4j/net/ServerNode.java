package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.checkpoint.CheckpointStore;
import org.petuum4j.ps.row.RowData;
import org.petuum4j.ps.row.RowDelta;
import org.petuum4j.ps.server.ServerShard;
import org.petuum4j.ps.transport.ClientChannel;
import org.petuum4j.ps.transport.RowReply;
import org.petuum4j.ps.transport.RowRequest;
import org.petuum4j.ps.transport.Transport.ClientRegistration;
import org.petuum4j.ps.transport.UpdateBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process: hosts the shards the coordinator assigns it and serves client processes over
 * authenticated connections. Every request is checked against the table specs before it reaches a
 * shard, so a malformed one closes its connection and changes nothing.
 */
final class ServerNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerNode.class);

  private final int index;
  private final Net net;
  private final Channel listener;
  /** Set once joined; the coordinator may answer the JOIN before the constructor has stored it. */
  private final CompletableFuture<CoordinatorLink> link = new CompletableFuture<>();
  private final CompletableFuture<String> finished = new CompletableFuture<>();
  private volatile List<TableSpec> specs;
  private volatile Int2ObjectOpenHashMap<ServerShard> shards;
  private volatile int numWorkers;
  private volatile int maxWidth;
  private volatile CheckpointOptions checkpoints;
  private final List<Channel> clients = new ArrayList<>();

  ServerNode(NetConfig config, int index, String coordinatorHost, int coordinatorPort, String bindHost, int port,
      String advertisedHost) throws IOException {
    this.index = index;
    this.net = new Net(config, 2);
    try {
      this.listener = net.listen(bindHost, port, false, DataHandler::new);
      int actual = Net.address(listener).getPort();
      LOG.info("server {} serving on {}", index, listener.localAddress());
      CoordinatorLink joined = CoordinatorLink.join(net, coordinatorHost, coordinatorPort, Role.SERVER, index,
          advertisedHost, actual, new CoordinatorLink.Listener() {
            @Override
            public void onMessage(MessageType type, ByteBuf f) {
              switch (type) {
                case SETUP -> setup(f);
                case SAVE_SHARDS -> {
                  int clock = f.readInt();
                  Wire.end(f, type);
                  saveShards(clock);
                }
                default -> throw new ProtocolException("server got unexpected " + type);
              }
            }

            @Override
            public void onEnd(String failure) {
              finished.complete(failure);
            }
          });
      link.complete(joined);
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
  }

  int port() {
    return Net.address(listener).getPort();
  }

  /** Connections this process closed for failed authentication or a malformed or unexpected frame. */
  long rejectedConnections() {
    return net.rejectedConnections();
  }

  CompletableFuture<String> finished() {
    return finished;
  }

  private void setup(ByteBuf f) {
    List<TableSpec> s = Wire.readSpecs(f);
    int workers = f.readInt();
    int totalShards = f.readInt();
    int n = Wire.count(f, 1 << 16, 4);
    Int2ObjectOpenHashMap<ServerShard> map = new Int2ObjectOpenHashMap<>();
    for (int i = 0; i < n; i++) {
      int id = f.readInt();
      map.put(id, new ServerShard(id, s, workers));
    }
    checkpoints = Wire.readCheckpoints(f);
    String resumeDir = Wire.readString(f);
    int resumeClock = f.readInt();
    Wire.end(f, MessageType.SETUP);
    if (!resumeDir.isEmpty()) {
      CheckpointStore.Checkpoint from = new CheckpointStore.Checkpoint(java.nio.file.Path.of(resumeDir), resumeClock);
      try {
        for (String file : from.shardFiles()) {
          for (ServerShard shard : map.values()) {
            try (java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.BufferedInputStream(from.open(file)))) {
              shard.restore(in, totalShards, resumeClock);
            }
          }
        }
      } catch (java.io.IOException e) {
        coordinator().sendText(MessageType.FAILED, "server " + index + " cannot restore from " + resumeDir + ": " + e);
        return;
      }
    }
    int width = 1;
    for (TableSpec t : s) {
      width = Math.max(width, t.width());
    }
    this.maxWidth = width;
    this.numWorkers = workers;
    this.specs = s;
    this.shards = map;
    LOG.info("server {} set up shards {} of {} tables for {} workers", index, map.keySet(), s.size(), workers);
    coordinator().send(MessageType.READY, b -> {});
  }

  /** Writes every local shard's rows into the staging directory of the checkpoint at {@code clock}. */
  private void saveShards(int clock) {
    CheckpointOptions c = checkpoints;
    java.util.Map<String, String> files = new java.util.HashMap<>();
    try {
      if (c == null) {
        throw new ProtocolException("checkpoint requested of a job without checkpoints");
      }
      CheckpointStore store = c.store();
      for (ServerShard shard : shards.values()) {
        String name = "shard-" + shard.shardId() + ".bin";
        files.put(name, CheckpointStore.write(store.staging(clock).resolve(name), shard::writeRows));
      }
    } catch (java.io.IOException e) {
      coordinator().sendText(MessageType.FAILED, "server " + index + " cannot write its checkpoint: " + e);
      return;
    }
    coordinator().send(MessageType.SHARDS_SAVED, b -> {
      b.writeInt(clock);
      Wire.writeParams(b, files);
    });
  }

  /** One client connection: a worker process, or the driver reading final rows. */
  private final class DataHandler extends FrameHandler implements ClientChannel {
    private Channel channel;
    private int processId = -1;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
      synchronized (clients) {
        clients.add(channel);
      }
      ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      // Backpressure: stop reading this client's requests while its replies pile up.
      ctx.channel().config().setAutoRead(ctx.channel().isWritable());
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    void handle(ChannelHandlerContext ctx, MessageType type, ByteBuf f) {
      Int2ObjectOpenHashMap<ServerShard> local = shards;
      if (local == null) {
        throw new ProtocolException(type + " before the server was set up");
      }
      switch (type) {
        case REGISTER -> {
          int pid = f.readInt();
          int first = f.readInt();
          int n = f.readInt();
          Wire.end(f, type);
          if (processId >= 0 || pid < 0 || first < 0 || n < 1 || (long) first + n > numWorkers) {
            throw new ProtocolException("bad registration: process " + pid + ", workers [" + first + ", " + (first + n) + ")");
          }
          processId = pid;
          for (ServerShard s : local.values()) {
            s.register(new ClientRegistration(pid, first, n), this);
          }
          FrameHandler.send(ctx, MessageType.REGISTERED);
        }
        case ROW_REQUEST -> {
          ServerShard s = shard(local, f.readInt());
          RowRequest r = new RowRequest(f.readInt(), f.readInt(), f.readInt(), f.readInt(), f.readLong(), f.readBoolean());
          Wire.end(f, type);
          requireRegistered(r.processId());
          checkRow(r.table(), r.row());
          s.requestRow(r);
        }
        case UPDATE -> {
          ServerShard s = shard(local, f.readInt());
          int pid = f.readInt();
          int worker = f.readInt();
          long seq = f.readLong();
          int clockAfter = f.readInt();
          int n = Wire.count(f, Integer.MAX_VALUE, 13);
          List<RowDelta> deltas = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            RowDelta d = Wire.readDelta(f, maxWidth * 4);
            checkDelta(d);
            deltas.add(d);
          }
          Wire.end(f, type);
          requireRegistered(pid);
          if (worker < 0 || worker >= numWorkers) {
            throw new ProtocolException("worker " + worker + " outside [0, " + numWorkers + ")");
          }
          s.update(new UpdateBatch(pid, worker, seq, clockAfter, deltas));
        }
        case SNAPSHOT_REQUEST -> {
          long id = f.readLong();
          ServerShard s = shard(local, f.readInt());
          int table = f.readInt();
          int row = f.readInt();
          Wire.end(f, type);
          checkRow(table, row);
          RowData data = s.snapshot(table, row);
          ByteBuf b = Wire.frame(ctx.alloc(), MessageType.SNAPSHOT_REPLY, 8);
          b.writeLong(id);
          Wire.writeRow(b, data);
          ctx.writeAndFlush(Wire.finish(b));
        }
        default -> throw new ProtocolException("unexpected " + type + " on a data connection");
      }
    }

    private ServerShard shard(Int2ObjectOpenHashMap<ServerShard> local, int id) {
      ServerShard s = local.get(id);
      if (s == null) {
        throw new ProtocolException("shard " + id + " is not on server " + index);
      }
      return s;
    }

    private void requireRegistered(int pid) {
      if (processId < 0 || pid != processId) {
        throw new ProtocolException("message for process " + pid + " on the connection of process " + processId);
      }
    }

    private TableSpec checkRow(int table, int row) {
      List<TableSpec> s = specs;
      if (table < 0 || table >= s.size()) {
        throw new ProtocolException("no table " + table);
      }
      TableSpec spec = s.get(table);
      if (row < 0 || (!spec.isUnbounded() && row >= spec.rows())) {
        throw new ProtocolException("row " + row + " outside table '" + spec.name() + "'");
      }
      return spec;
    }

    private void checkDelta(RowDelta d) {
      TableSpec spec = checkRow(d.table(), d.row());
      if (d.isIntegral() != spec.type().isIntegral()) {
        throw new ProtocolException("delta value type does not match table '" + spec.name() + "'");
      }
      if (d.isDense() && d.size() != spec.width()) {
        throw new ProtocolException("dense delta of " + d.size() + " columns for width " + spec.width());
      }
      for (int i = 0, n = d.isDense() ? 0 : d.size(); i < n; i++) {
        if (d.col(i) < 0 || d.col(i) >= spec.width()) {
          throw new ProtocolException("column " + d.col(i) + " outside table '" + spec.name() + "'");
        }
      }
    }

    @Override
    public void onRow(RowReply r) {
      ByteBuf b = Wire.frame(channel.alloc(), MessageType.ROW_REPLY, 64 + r.appliedSeq().length * 8);
      b.writeInt(r.shard()).writeInt(r.table()).writeInt(r.row()).writeInt(r.stamp())
          .writeLong(r.version()).writeLong(r.requestNo()).writeInt(r.appliedSeq().length);
      for (long s : r.appliedSeq()) {
        b.writeLong(s);
      }
      Wire.writeRow(b, r.data());
      channel.writeAndFlush(Wire.finish(b));
    }

    @Override
    public void onAck(int shard, int worker, long seq) {
      ByteBuf b = Wire.frame(channel.alloc(), MessageType.ACK, 16);
      b.writeInt(shard).writeInt(worker).writeLong(seq);
      channel.writeAndFlush(Wire.finish(b));
    }
  }

  private CoordinatorLink coordinator() {
    return link.join();
  }

  @Override
  public void close() {
    finished.complete("server closed");
    coordinator().close();
    listener.close().syncUninterruptibly();
    synchronized (clients) {
      clients.forEach(Channel::close);
    }
    net.close();
  }
}
