package org.petuum4j.ps.server;

import it.unimi.dsi.fastutil.ints.Int2LongMap;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.row.RowCodec;
import org.petuum4j.ps.row.RowData;
import org.petuum4j.ps.row.RowDelta;
import org.petuum4j.ps.transport.ClientChannel;
import org.petuum4j.ps.transport.RowPartitioner;
import org.petuum4j.ps.transport.RowReply;
import org.petuum4j.ps.transport.RowRequest;
import org.petuum4j.ps.transport.ShardChannel;
import org.petuum4j.ps.transport.Transport.ClientRegistration;
import org.petuum4j.ps.transport.UpdateBatch;

/**
 * One server shard: owns a subset of every table's rows, applies workers' increments, tracks
 * every worker's clock, and answers row requests once its minimum clock allows.
 *
 * <p>Implementation notes: all state is guarded by the shard's monitor; replies and acks are
 * collected under it and delivered after releasing it, so a client callback can never deadlock
 * against a worker thread that is calling into the shard. The shard's minimum clock {@code k}
 * means every worker's batches up to and including its clock {@code k - 1} have been applied,
 * because a worker's batches arrive in order and each carries the clock it ends. A worker that
 * finished counts as infinitely far ahead. Thread-safe.
 */
public final class ServerShard implements ShardChannel {
  private final int shardId;
  private final List<TableSpec> tables;
  private final List<Int2ObjectOpenHashMap<RowData>> rows;
  private final int[] clocks;
  private final long[] appliedSeq;
  private int minClock;
  private long version;
  private final List<ClientRegistration> registrations = new ArrayList<>();
  private final List<ClientChannel> clients = new ArrayList<>();
  private final List<RowRequest> pending = new ArrayList<>();
  /** SSP-push subscriptions: (table, row) key to subscribing process and its request number. */
  private final Long2ObjectOpenHashMap<Int2LongOpenHashMap> subscriptions = new Long2ObjectOpenHashMap<>();

  public ServerShard(int shardId, List<TableSpec> tables, int numWorkers) {
    if (numWorkers <= 0) {
      throw new IllegalArgumentException("numWorkers must be > 0, was " + numWorkers);
    }
    this.shardId = shardId;
    this.tables = List.copyOf(tables);
    this.rows = new ArrayList<>();
    for (int t = 0; t < tables.size(); t++) {
      rows.add(new Int2ObjectOpenHashMap<>());
    }
    this.clocks = new int[numWorkers];
    this.appliedSeq = new long[numWorkers];
  }

  public int shardId() {
    return shardId;
  }

  /** Registers a client process; its id must be the next unused one. */
  public synchronized void register(ClientRegistration registration, ClientChannel channel) {
    int id = registration.processId();
    while (clients.size() <= id) {
      clients.add(null);
      registrations.add(null);
    }
    clients.set(id, channel);
    registrations.set(id, registration);
  }

  @Override
  public void requestRow(RowRequest request) {
    RowReply reply = null;
    synchronized (this) {
      checkTable(request.table());
      if (request.subscribe()) {
        subscriptions
            .computeIfAbsent(RowPartitioner.key(request.table(), request.row()), k -> new Int2LongOpenHashMap())
            .merge(request.processId(), request.requestNo(), Math::max);
      }
      if (minClock >= request.minClock()) {
        reply = replyFor(request.processId(), request.table(), request.row(), request.requestNo());
      } else {
        pending.add(request);
      }
    }
    if (reply != null) {
      clients.get(request.processId()).onRow(reply);
    }
  }

  @Override
  public void update(UpdateBatch batch) {
    List<Runnable> out = new ArrayList<>();
    synchronized (this) {
      int w = batch.worker();
      if (batch.seq() != appliedSeq[w] + 1) {
        throw new IllegalStateException(
            "shard " + shardId + ": worker " + w + " sent batch " + batch.seq() + " after " + appliedSeq[w]);
      }
      for (RowDelta d : batch.deltas()) {
        d.applyTo(rowFor(d.table(), d.row()));
      }
      appliedSeq[w] = batch.seq();
      version++;
      if (batch.clockAfter() != UpdateBatch.NO_CLOCK) {
        if (batch.clockAfter() < clocks[w]) {
          throw new IllegalStateException(
              "shard " + shardId + ": worker " + w + " clock went back from " + clocks[w] + " to " + batch.clockAfter());
        }
        clocks[w] = batch.clockAfter();
        int newMin = Arrays.stream(clocks).min().orElseThrow();
        if (newMin > minClock) {
          minClock = newMin;
          releasePending(out);
          pushSubscribed(out);
        }
      }
      ClientChannel sender = clients.get(batch.processId());
      long seq = batch.seq();
      out.add(() -> sender.onAck(shardId, w, seq));
    }
    for (Runnable r : out) {
      r.run();
    }
  }

  /**
   * Writes every row this shard holds ({@code count}, then {@code table row} and the row's bytes
   * each), for a checkpoint taken while no worker sends updates.
   */
  public synchronized void writeRows(java.io.DataOutputStream out) throws java.io.IOException {
    int count = 0;
    for (Int2ObjectOpenHashMap<RowData> t : rows) {
      count += t.size();
    }
    out.writeInt(count);
    for (int t = 0; t < rows.size(); t++) {
      for (Int2ObjectMap.Entry<RowData> e : rows.get(t).int2ObjectEntrySet()) {
        RowData r = e.getValue();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(RowCodec.rowSize(r));
        RowCodec.writeRow(r, b);
        out.writeInt(t);
        out.writeInt(e.getIntKey());
        out.writeInt(b.capacity());
        out.write(b.array());
      }
    }
  }

  /**
   * Loads the rows of a file {@link #writeRows} wrote that belong to this shard (of {@code
   * numShards}), and starts every worker's clock at {@code clock}: the state of a job resumed from
   * a checkpoint at that clock. Call before any worker sends.
   */
  public synchronized void restore(java.io.DataInputStream in, int numShards, int clock) throws java.io.IOException {
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      int t = in.readInt();
      int row = in.readInt();
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      checkTable(t);
      TableSpec spec = tables.get(t);
      if (RowPartitioner.shardOf(spec, row, numShards) == shardId) {
        RowData r = RowCodec.readRow(java.nio.ByteBuffer.wrap(bytes), spec.width());
        rowFor(t, row).copyFrom(r);
      }
    }
    Arrays.fill(clocks, Math.max(minClock, clock));
    minClock = Math.max(minClock, clock);
  }

  /** A copy of a row as it is now; for inspection after a job, not for workers. */
  public synchronized RowData snapshot(int table, int row) {
    checkTable(table);
    return rowFor(table, row).copy();
  }

  public synchronized int minClock() {
    return minClock;
  }

  private void releasePending(List<Runnable> out) {
    for (int i = pending.size() - 1; i >= 0; i--) {
      RowRequest r = pending.get(i);
      if (r.minClock() <= minClock) {
        pending.remove(i);
        RowReply reply = replyFor(r.processId(), r.table(), r.row(), r.requestNo());
        ClientChannel client = clients.get(r.processId());
        out.add(() -> client.onRow(reply));
      }
    }
  }

  private void pushSubscribed(List<Runnable> out) {
    for (Long2ObjectMap.Entry<Int2LongOpenHashMap> e : subscriptions.long2ObjectEntrySet()) {
      int table = (int) (e.getLongKey() >>> 32);
      int row = (int) e.getLongKey();
      for (Int2LongMap.Entry s : e.getValue().int2LongEntrySet()) {
        RowReply reply = replyFor(s.getIntKey(), table, row, s.getLongValue());
        ClientChannel client = clients.get(s.getIntKey());
        out.add(() -> client.onRow(reply));
      }
    }
  }

  private RowReply replyFor(int processId, int table, int row, long requestNo) {
    ClientRegistration reg = registrations.get(processId);
    long[] seqs = Arrays.copyOfRange(appliedSeq, reg.firstWorker(), reg.firstWorker() + reg.numWorkers());
    return new RowReply(shardId, table, row, minClock, version, requestNo, seqs, rowFor(table, row).copy());
  }

  private RowData rowFor(int table, int row) {
    Int2ObjectOpenHashMap<RowData> t = rows.get(table);
    RowData r = t.get(row);
    if (r == null) {
      TableSpec spec = tables.get(table);
      spec.checkRow(row);
      r = RowData.create(spec);
      t.put(row, r);
    }
    return r;
  }

  private void checkTable(int table) {
    if (table < 0 || table >= tables.size()) {
      throw new IllegalArgumentException("shard " + shardId + ": no table with id " + table);
    }
  }
}
