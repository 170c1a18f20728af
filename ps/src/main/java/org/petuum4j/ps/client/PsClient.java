package org.petuum4j.ps.client;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.row.RowData;
import org.petuum4j.ps.row.RowDelta;
import org.petuum4j.ps.transport.ClientChannel;
import org.petuum4j.ps.transport.RowPartitioner;
import org.petuum4j.ps.transport.RowReply;
import org.petuum4j.ps.transport.RowRequest;
import org.petuum4j.ps.transport.ShardChannel;
import org.petuum4j.ps.transport.Transport;
import org.petuum4j.ps.transport.UpdateBatch;

/**
 * The client library of one process: the process-level row cache shared by its worker threads,
 * the requests in flight, and each worker's sent-but-unacknowledged batches.
 *
 * <p>Implementation notes. A cached row carries the shard's minimum clock when it was served (its
 * stamp), the shard's version (to keep the later of two copies), the number of the request it
 * answers, and, per local worker, the last batch it includes. A worker at clock {@code c} accepts
 * a cached row for a table with staleness {@code s} if its stamp is at least {@code c - s}, if it
 * was requested after the last barrier, and if it includes every batch of that worker that has
 * already been dropped from the worker's history; the worker then re-applies the batches still
 * in its history and its current op-log to its own copy, which gives read-my-writes. A batch
 * leaves the history once every shard has acknowledged it. All mutable state is guarded by one
 * lock; cached rows are never mutated once stored, so workers copy them outside the lock.
 */
public final class PsClient implements ClientChannel {

  /**
   * Client settings.
   *
   * @param extraStaleness fault injection for the consistency checker's own test: accept rows this
   *     many clocks staler than the table allows. Always 0 outside that test.
   */
  public record Options(int extraStaleness) {
    public static final Options DEFAULT = new Options(0);
  }

  /** A row as the process cache holds it. Immutable. */
  record CacheEntry(RowData data, int stamp, long version, long requestNo, long[] appliedSeq) {}

  private record Outstanding(int minClock, long requestNo) {}

  /** One sent batch of one worker, kept until every shard has acknowledged it. */
  private static final class SentBatch {
    final long seq;
    final List<RowDelta> deltas;
    int acksLeft;

    SentBatch(long seq, List<RowDelta> deltas, int acksLeft) {
      this.seq = seq;
      this.deltas = deltas;
      this.acksLeft = acksLeft;
    }
  }

  private final int processId;
  private final int firstWorker;
  private final int numLocalWorkers;
  private final int numWorkers;
  private final List<TableSpec> tables;
  private final Map<String, Integer> tableIds = new HashMap<>();
  private final ShardChannel[] shards;
  private final Options options;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Long2ObjectOpenHashMap<CacheEntry> cache = new Long2ObjectOpenHashMap<>();
  private final Long2ObjectOpenHashMap<List<Outstanding>> outstanding = new Long2ObjectOpenHashMap<>();
  private long requestCounter;
  private long barrierMark;
  private final long[] prunedSeq;
  private final long[] pruneMark;
  private final List<ArrayDeque<SentBatch>> history = new ArrayList<>();
  private volatile Throwable abortCause;

  /**
   * @param processId this process's id, as registered with the shards
   * @param firstWorker the global id of this process's first worker thread
   * @param numLocalWorkers the number of worker threads of this process
   * @param numWorkers the number of worker threads of the whole job
   */
  public PsClient(
      int processId, int firstWorker, int numLocalWorkers, int numWorkers,
      List<TableSpec> tables, Transport transport, Options options) {
    this.processId = processId;
    this.firstWorker = firstWorker;
    this.numLocalWorkers = numLocalWorkers;
    this.numWorkers = numWorkers;
    this.tables = List.copyOf(tables);
    for (int i = 0; i < tables.size(); i++) {
      if (tableIds.put(tables.get(i).name(), i) != null) {
        throw new IllegalArgumentException("two tables are named '" + tables.get(i).name() + "'");
      }
    }
    this.options = options;
    this.prunedSeq = new long[numLocalWorkers];
    this.pruneMark = new long[numLocalWorkers];
    for (int i = 0; i < numLocalWorkers; i++) {
      history.add(new ArrayDeque<>());
    }
    this.shards = transport.connect(
        new Transport.ClientRegistration(processId, firstWorker, numLocalWorkers), this);
  }

  /** The global id of this process's first worker thread. */
  public int firstWorker() {
    return firstWorker;
  }

  /** The number of worker threads of this process. */
  public int numLocalWorkers() {
    return numLocalWorkers;
  }

  /** Creates the context of local worker thread {@code worker} (a global id of this process). */
  public WorkerThread newWorker(int worker, WorkerBarrier barrier) {
    return newWorker(worker, barrier, org.petuum4j.ps.checkpoint.Checkpointing.NONE);
  }

  /** As {@link #newWorker(int, WorkerBarrier)}, with the job's checkpoint duties. */
  public WorkerThread newWorker(int worker, WorkerBarrier barrier, org.petuum4j.ps.checkpoint.Checkpointing checkpointing) {
    if (worker < firstWorker || worker >= firstWorker + numLocalWorkers) {
      throw new IllegalArgumentException("worker " + worker + " does not belong to process " + processId);
    }
    return new WorkerThread(this, worker, worker - firstWorker, numWorkers, barrier, checkpointing);
  }

  /** Fails every waiting and future call of this process's workers with {@code cause}. */
  public void abort(Throwable cause) {
    lock.lock();
    try {
      if (abortCause == null) {
        abortCause = cause;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Called by the barrier, once per barrier, before any worker leaves it. */
  public void onBarrierPassed() {
    lock.lock();
    try {
      barrierMark = requestCounter;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onRow(RowReply r) {
    long key = RowPartitioner.key(r.table(), r.row());
    lock.lock();
    try {
      CacheEntry old = cache.get(key);
      // Of two copies the later one (larger version) contains everything the earlier did, so it
      // also satisfies every request the earlier one answered.
      long req = old == null ? r.requestNo() : Math.max(old.requestNo(), r.requestNo());
      if (old == null || r.version() >= old.version()) {
        cache.put(key, new CacheEntry(r.data(), r.stamp(), r.version(), req, r.appliedSeq()));
      } else if (req != old.requestNo()) {
        cache.put(key, new CacheEntry(old.data(), old.stamp(), old.version(), req, old.appliedSeq()));
      }
      List<Outstanding> out = outstanding.get(key);
      if (out != null) {
        out.removeIf(o -> o.requestNo() == r.requestNo());
        if (out.isEmpty()) {
          outstanding.remove(key);
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onAck(int shard, int worker, long seq) {
    int local = worker - firstWorker;
    lock.lock();
    try {
      ArrayDeque<SentBatch> h = history.get(local);
      for (SentBatch b : h) {
        if (b.seq == seq) {
          b.acksLeft--;
          break;
        }
      }
      boolean pruned = false;
      while (!h.isEmpty() && h.peekFirst().acksLeft == 0) {
        prunedSeq[local] = h.pollFirst().seq;
        pruned = true;
      }
      if (pruned) {
        pruneMark[local] = requestCounter;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- used by WorkerThread ----

  TableSpec spec(int table) {
    return tables.get(table);
  }

  int tableId(String name) {
    Integer id = tableIds.get(name);
    if (id == null) {
      throw new IllegalArgumentException("no table named '" + name + "'; tables are " + tableIds.keySet());
    }
    return id;
  }

  int numShards() {
    return shards.length;
  }

  int extraStaleness() {
    return options.extraStaleness();
  }

  /** A cached row and the worker's own unacknowledged increments that it lacks. */
  record Acquired(CacheEntry entry, List<RowDelta> replay) {}

  /**
   * The cached copy of a row if it is later than {@code version} and usable by worker {@code
   * local}; never blocks. SSP-push views use it to pick up pushed rows.
   */
  Acquired peekNewer(int local, int table, int row, long version) {
    lock.lock();
    try {
      CacheEntry e = cache.get(RowPartitioner.key(table, row));
      return e != null && e.version() > version && usable(local, e) ? withReplay(local, table, row, e) : null;
    } finally {
      lock.unlock();
    }
  }

  private boolean usable(int local, CacheEntry e) {
    return e.requestNo() > barrierMark && e.appliedSeq()[local] >= prunedSeq[local];
  }

  /**
   * Pairs {@code e} with worker {@code local}'s sent increments of the row that {@code e} lacks.
   * Done under the lock, so that no acknowledgement can drop a batch from the history between
   * choosing the copy and collecting what it lacks.
   */
  private Acquired withReplay(int local, int table, int row, CacheEntry e) {
    List<RowDelta> replay = List.of();
    long applied = e.appliedSeq()[local];
    for (SentBatch b : history.get(local)) {
      if (b.seq > applied) {
        for (RowDelta d : b.deltas) {
          if (d.table() == table && d.row() == row) {
            if (replay.isEmpty()) {
              replay = new ArrayList<>();
            }
            replay.add(d);
          }
        }
      }
    }
    return new Acquired(e, replay);
  }

  /**
   * Returns a cached row with stamp at least {@code minStamp}, requested after the last barrier
   * (and after now, if {@code fresh}) and including every pruned batch of worker {@code local};
   * requests it and blocks until one arrives if needed.
   */
  Acquired acquire(int local, int table, int row, int minStamp, boolean fresh, boolean subscribe) {
    long key = RowPartitioner.key(table, row);
    lock.lock();
    try {
      long minRequest = fresh ? requestCounter : 0;
      while (true) {
        checkAbort();
        CacheEntry e = cache.get(key);
        if (e != null && e.stamp() >= minStamp && e.requestNo() > minRequest && usable(local, e)) {
          return withReplay(local, table, row, e);
        }
        if (!requestIfNeeded(local, key, table, row, minStamp, minRequest, subscribe)) {
          changed.awaitUninterruptibly();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Requests a row that worker {@code local} will read with stamp at least {@code minStamp},
   * unless the cache or a request in flight already serves it; never blocks on clocks. Workers
   * call it for rows they read in their previous clock, so that the round trips of a clock overlap
   * instead of following one another.
   */
  void prefetch(int local, int table, int row, int minStamp, boolean subscribe) {
    long key = RowPartitioner.key(table, row);
    lock.lock();
    try {
      checkAbort();
      CacheEntry e = cache.get(key);
      if (e == null || e.stamp() < minStamp || !usable(local, e)) {
        requestIfNeeded(local, key, table, row, minStamp, 0, subscribe);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sends a request unless an adequate one is in flight; returns whether it sent one. Holds the lock. */
  private boolean requestIfNeeded(int local, long key, int table, int row, int minStamp, long minRequest,
      boolean subscribe) {
    long adequate = Math.max(Math.max(minRequest, barrierMark), pruneMark[local]);
    if (hasOutstanding(key, minStamp, adequate)) {
      return false;
    }
    long no = ++requestCounter;
    outstanding.computeIfAbsent(key, k -> new ArrayList<>()).add(new Outstanding(minStamp, no));
    RowRequest req = new RowRequest(processId, table, row, minStamp, no, subscribe);
    ShardChannel shard = shards[RowPartitioner.shardOf(tables.get(table), row, shards.length)];
    lock.unlock();
    try {
      shard.requestRow(req);
    } finally {
      lock.lock();
    }
    return true;
  }

  /**
   * Whether a request in flight will answer this need. Only one asking for exactly {@code
   * minStamp} will: one asking for less may come back too stale, and one asking for more waits on
   * clocks this worker may itself be holding back, which would deadlock it.
   */
  private boolean hasOutstanding(long key, int minStamp, long afterRequest) {
    List<Outstanding> out = outstanding.get(key);
    if (out != null) {
      for (Outstanding o : out) {
        if (o.minClock() == minStamp && o.requestNo() > afterRequest) {
          return true;
        }
      }
    }
    return false;
  }

  /** Sends one batch of worker {@code local} to every shard; {@code perShard[s]} holds shard s's deltas. */
  void send(int local, long seq, int clockAfter, List<List<RowDelta>> perShard) {
    List<RowDelta> all = new ArrayList<>();
    perShard.forEach(all::addAll);
    lock.lock();
    try {
      checkAbort();
      history.get(local).addLast(new SentBatch(seq, all, shards.length));
    } finally {
      lock.unlock();
    }
    int worker = firstWorker + local;
    for (int s = 0; s < shards.length; s++) {
      shards[s].update(new UpdateBatch(processId, worker, seq, clockAfter, perShard.get(s)));
    }
  }

  /** Blocks until every shard has acknowledged batch {@code seq} of worker {@code local}. */
  void awaitAcked(int local, long seq) {
    lock.lock();
    try {
      while (prunedSeq[local] < seq) {
        checkAbort();
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  private void checkAbort() {
    Throwable cause = abortCause;
    if (cause != null) {
      throw new PsException("job aborted: " + cause.getMessage(), cause);
    }
  }
}
