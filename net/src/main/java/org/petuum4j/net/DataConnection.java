package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.row.RowData;
import org.petuum4j.ps.row.RowDelta;
import org.petuum4j.ps.transport.ClientChannel;
import org.petuum4j.ps.transport.RowReply;
import org.petuum4j.ps.transport.RowRequest;
import org.petuum4j.ps.transport.ShardChannel;
import org.petuum4j.ps.transport.UpdateBatch;

/**
 * A client process's connection to one server process: sends row requests, update batches and
 * snapshot requests, and hands row replies and acknowledgements to the process's {@link
 * ClientChannel}. Writers outside the event loop wait while the connection's outbound buffer is
 * above its high-water mark (backpressure); losing the connection unexpectedly is reported once.
 */
final class DataConnection {
  private final ServerAddress server;
  private final Handler handler;
  private final Channel channel;
  private final Object writable = new Object();
  private final Map<Long, CompletableFuture<RowData>> snapshots = new ConcurrentHashMap<>();
  private final AtomicLong snapshotIds = new AtomicLong();
  private final CompletableFuture<Void> registered = new CompletableFuture<>();
  private volatile ClientChannel client;
  private volatile boolean closing;

  private final boolean[] floatTables;

  private DataConnection(Net net, ServerAddress server, java.util.List<org.petuum4j.ps.TableSpec> specs,
      Consumer<String> onLost) throws IOException {
    this.server = server;
    this.floatTables = new boolean[specs.size()];
    int maxWidth = 1;
    for (int i = 0; i < specs.size(); i++) {
      floatTables[i] = specs.get(i).type() == org.petuum4j.ps.ValueType.FLOAT;
      maxWidth = Math.max(maxWidth, specs.get(i).width());
    }
    this.handler = new Handler(maxWidth, onLost);
    this.channel = net.connect(server.host(), server.port(), false, handler);
  }

  /** Connects to a server of a job with tables {@code specs}. */
  static DataConnection open(Net net, ServerAddress server, java.util.List<org.petuum4j.ps.TableSpec> specs,
      Consumer<String> onLost) throws IOException {
    return new DataConnection(net, server, specs, onLost);
  }

  /** Registers a client process with every shard of this server; blocks until confirmed. */
  void register(int processId, int firstWorker, int numWorkers, ClientChannel client) {
    this.client = client;
    ByteBuf b = Wire.frame(channel.alloc(), MessageType.REGISTER, 12);
    b.writeInt(processId).writeInt(firstWorker).writeInt(numWorkers);
    channel.writeAndFlush(Wire.finish(b));
    try {
      registered.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PsException("interrupted while registering with server " + server, e);
    } catch (ExecutionException e) {
      throw new PsException("registration with server " + server + " failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** The channel of shard {@code shard}, which lives on this server. */
  ShardChannel shard(int shard) {
    return new ShardChannel() {
      @Override
      public void requestRow(RowRequest r) {
        ByteBuf b = Wire.frame(channel.alloc(), MessageType.ROW_REQUEST, 29);
        b.writeInt(shard).writeInt(r.processId()).writeInt(r.table()).writeInt(r.row()).writeInt(r.minClock())
            .writeLong(r.requestNo()).writeBoolean(r.subscribe());
        write(b);
      }

      @Override
      public void update(UpdateBatch batch) {
        int size = 28;
        for (RowDelta d : batch.deltas()) {
          size += org.petuum4j.ps.row.RowCodec.deltaSize(d, floatTables[d.table()]);
        }
        ByteBuf b = Wire.frame(channel.alloc(), MessageType.UPDATE, size);
        b.writeInt(shard).writeInt(batch.processId()).writeInt(batch.worker()).writeLong(batch.seq())
            .writeInt(batch.clockAfter()).writeInt(batch.deltas().size());
        for (RowDelta d : batch.deltas()) {
          Wire.writeDelta(b, d, floatTables[d.table()]);
        }
        write(b);
      }
    };
  }

  /** The server's current copy of a row of shard {@code shard}; blocks. */
  RowData snapshot(int shard, int table, int row) {
    long id = snapshotIds.incrementAndGet();
    CompletableFuture<RowData> f = new CompletableFuture<>();
    snapshots.put(id, f);
    ByteBuf b = Wire.frame(channel.alloc(), MessageType.SNAPSHOT_REQUEST, 20);
    b.writeLong(id).writeInt(shard).writeInt(table).writeInt(row);
    write(b);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PsException("interrupted while reading from server " + server, e);
    } catch (ExecutionException e) {
      throw new PsException("reading row " + row + " of table " + table + " from server " + server + " failed: "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  private void write(ByteBuf b) {
    Wire.finish(b);
    if (!channel.eventLoop().inEventLoop()) {
      synchronized (writable) {
        while (!channel.isWritable() && channel.isActive()) {
          try {
            writable.wait(50);
          } catch (InterruptedException e) {
            b.release();
            Thread.currentThread().interrupt();
            throw new PsException("interrupted while waiting to send to server " + server, e);
          }
        }
      }
    }
    if (!channel.isActive()) {
      b.release();
      throw new PsException("the connection to server " + server + " is closed");
    }
    channel.writeAndFlush(b);
  }

  void close() {
    closing = true;
    channel.close().syncUninterruptibly();
  }

  private final class Handler extends FrameHandler {
    private final int maxWidth;
    private final Consumer<String> onLost;

    Handler(int maxWidth, Consumer<String> onLost) {
      this.maxWidth = maxWidth;
      this.onLost = onLost;
    }

    @Override
    void handle(ChannelHandlerContext ctx, MessageType type, ByteBuf f) {
      switch (type) {
        case REGISTERED -> {
          Wire.end(f, type);
          registered.complete(null);
        }
        case ROW_REPLY -> {
          int shard = f.readInt();
          int table = f.readInt();
          int row = f.readInt();
          int stamp = f.readInt();
          long version = f.readLong();
          long requestNo = f.readLong();
          int n = Wire.count(f, 1 << 20, 8);
          long[] applied = new long[n];
          for (int i = 0; i < n; i++) {
            applied[i] = f.readLong();
          }
          RowData data = Wire.readRow(f, maxWidth);
          Wire.end(f, type);
          ClientChannel c = client;
          if (c == null) {
            throw new ProtocolException("row reply before registration");
          }
          c.onRow(new RowReply(shard, table, row, stamp, version, requestNo, applied, data));
        }
        case ACK -> {
          int shard = f.readInt();
          int worker = f.readInt();
          long seq = f.readLong();
          Wire.end(f, type);
          ClientChannel c = client;
          if (c == null) {
            throw new ProtocolException("ack before registration");
          }
          c.onAck(shard, worker, seq);
        }
        case SNAPSHOT_REPLY -> {
          long id = f.readLong();
          RowData data = Wire.readRow(f, maxWidth);
          Wire.end(f, type);
          CompletableFuture<RowData> future = snapshots.remove(id);
          if (future == null) {
            throw new ProtocolException("snapshot reply " + id + " answers no request");
          }
          future.complete(data);
        }
        default -> throw new ProtocolException("unexpected " + type + " from server " + server);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      synchronized (writable) {
        writable.notifyAll();
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      synchronized (writable) {
        writable.notifyAll();
      }
      PsException lost = new PsException("lost the connection to server " + server);
      registered.completeExceptionally(lost);
      snapshots.values().forEach(f -> f.completeExceptionally(lost));
      if (!closing) {
        onLost.accept(lost.getMessage());
      }
    }
  }
}
