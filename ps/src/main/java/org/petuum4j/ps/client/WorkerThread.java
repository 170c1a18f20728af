package org.petuum4j.ps.client;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import org.petuum4j.ps.Checkpointable;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.checkpoint.Checkpointing;
import org.petuum4j.ps.row.RowData;
import org.petuum4j.ps.row.RowDelta;
import org.petuum4j.ps.row.RowOpLog;
import org.petuum4j.ps.transport.RowPartitioner;
import org.petuum4j.ps.transport.UpdateBatch;

/**
 * The context of one worker thread: its clock, its op-logs and its row views.
 *
 * <p>Implementation notes. A view is the thread's private copy of a row: a cached server copy,
 * plus the thread's sent-but-unacknowledged batches the copy lacks, plus the current op-log;
 * increments go to both the op-log and the view, so the thread reads its own writes without
 * re-merging. Within one clock a view is returned as it is. At the first read in a new clock the
 * view is kept if its stamp still satisfies the staleness bound (SSP-push also swaps in a newer
 * pushed copy when one has arrived), and rebuilt from the cache or the server otherwise. ASP
 * fetches the server's current copy once per clock without waiting on clocks. Not thread-safe.
 */
public final class WorkerThread implements WorkerContext {
  private final PsClient client;
  private final int worker;
  private final int local;
  private final int numWorkers;
  private final WorkerBarrier barrier;
  private final Checkpointing checkpointing;
  private Checkpointable state;
  private final Long2ObjectOpenHashMap<View> views = new Long2ObjectOpenHashMap<>();
  private final Long2ObjectOpenHashMap<RowOpLog> opLogs = new Long2ObjectOpenHashMap<>();
  private final List<Dirty> dirty = new ArrayList<>();
  private int clock;
  private long seq;
  /** Changes whenever a cached op-log or view reference a TableHandle holds may go stale. */
  long epoch;
  private boolean finished;
  /** The last clock in which this thread requested ahead the rows it read in the clock before. */
  private int readAheadClock = -1;
  /** The rows this thread had views of at its last barrier, until its first fetch after it; or null. */
  private long[] readBeforeBarrier;

  private static final class View {
    RowData data;
    int stamp;
    long version;
    int validClock = -1;
  }

  private record Dirty(int table, int row, RowOpLog opLog) {}

  WorkerThread(PsClient client, int worker, int local, int numWorkers, WorkerBarrier barrier,
      Checkpointing checkpointing) {
    this.checkpointing = checkpointing;
    this.clock = checkpointing.startClock();
    this.client = client;
    this.worker = worker;
    this.local = local;
    this.numWorkers = numWorkers;
    this.barrier = barrier;
  }

  @Override
  public int workerId() {
    return worker;
  }

  @Override
  public int numWorkers() {
    return numWorkers;
  }

  @Override
  public int currentClock() {
    return clock;
  }

  @Override
  public Table table(String name) {
    int id = client.tableId(name);
    return new TableHandle(this, id, client.spec(id));
  }

  @Override
  public void clock() {
    checkRunning();
    long s = flush(clock + 1);
    clock++;
    epoch++;
    int every = checkpointing.every();
    if (every > 0 && clock % every == 0) {
      // Every update of the clocks before is at the servers once all are acknowledged.
      client.awaitAcked(local, s);
      checkpointing.checkpoint(worker, clock, state);
    }
  }

  @Override
  public void checkpointed(Checkpointable s) {
    if (state != null) {
      throw new IllegalStateException("worker " + worker + " already registered its checkpoint state");
    }
    state = s;
    checkpointing.restore(worker, s);
  }

  @Override
  public void barrier() {
    checkRunning();
    long s = flush(UpdateBatch.NO_CLOCK);
    client.awaitAcked(local, s);
    barrier.await(worker);
    // Other threads' pre-barrier increments are in no view yet. The rows are remembered so that
    // the first fetch after the barrier requests them all at once (see readAfterBarrier).
    readBeforeBarrier = views.isEmpty() ? null : views.keySet().toLongArray();
    views.clear();
    epoch++;
  }

  /**
   * Sends whatever is buffered as the thread's last batch and waits until every shard has it. The
   * thread then counts as infinitely far ahead, so it never holds back other threads' reads.
   */
  public void finish() {
    if (!finished) {
      long s = flush(UpdateBatch.DONE);
      finished = true;
      epoch++;
      client.awaitAcked(local, s);
    }
  }

  private void checkRunning() {
    if (finished) {
      throw new IllegalStateException("worker " + worker + " has finished");
    }
  }

  private long flush(int clockAfter) {
    int numShards = client.numShards();
    List<List<RowDelta>> perShard = new ArrayList<>(numShards);
    for (int s = 0; s < numShards; s++) {
      perShard.add(new ArrayList<>());
    }
    for (Dirty d : dirty) {
      if (!d.opLog().isEmpty()) {
        TableSpec spec = client.spec(d.table());
        perShard.get(RowPartitioner.shardOf(spec, d.row(), numShards)).add(d.opLog().drain(d.table(), d.row()));
      }
    }
    dirty.clear();
    seq++;
    client.send(local, seq, clockAfter, perShard);
    return seq;
  }

  // ---- table operations ----

  RowData get(int table, TableSpec spec, int row) {
    checkRunning();
    spec.checkRow(row);
    long key = RowPartitioner.key(table, row);
    View v = views.get(key);
    if (v != null && v.validClock == clock) {
      return v.data;
    }
    Consistency c = spec.consistency();
    PsClient.Acquired a;
    if (!c.isBounded()) {
      a = client.acquire(local, table, row, Integer.MIN_VALUE, true, false);
    } else {
      int minStamp = minStamp(c);
      boolean push = c.model() == Consistency.Model.SSP_PUSH;
      if (v != null && v.stamp >= minStamp) {
        PsClient.Acquired newer = push ? client.peekNewer(local, table, row, v.version) : null;
        if (newer == null) {
          v.validClock = clock;
          return v.data;
        }
        a = newer;
      } else {
        if (readBeforeBarrier != null) {
          readAfterBarrier(key);
        } else if (v != null && readAheadClock != clock) {
          readAhead(key);
        }
        a = client.acquire(local, table, row, minStamp, false, push);
      }
    }
    if (v == null) {
      v = new View();
      v.data = a.entry().data().copy();
      views.put(key, v);
      epoch++;
    } else {
      v.data.copyFrom(a.entry().data());
    }
    for (RowDelta d : a.replay()) {
      d.applyTo(v.data);
    }
    RowOpLog log = opLogs.get(key);
    if (log != null) {
      log.applyTo(v.data);
    }
    v.stamp = a.entry().stamp();
    v.version = a.entry().version();
    v.validClock = clock;
    return v.data;
  }

  /**
   * At the first fetch of a clock, requests every other row this thread read in the previous clock
   * whose view is now too stale, so that their round trips overlap: most apps read the same rows
   * every clock. Reads nothing; the reads themselves then find the rows arriving or arrived.
   */
  private void readAhead(long except) {
    readAheadClock = clock;
    for (Long2ObjectMap.Entry<View> e : views.long2ObjectEntrySet()) {
      View v = e.getValue();
      long key = e.getLongKey();
      if (key != except && v.validClock == clock - 1) {
        requestAhead(key, v.stamp);
      }
    }
  }

  /**
   * At the first fetch after a barrier, requests every other row this thread had a view of before
   * it, so that their round trips overlap: after a barrier apps mostly read again what they read
   * before it (an evaluation pass, the next epoch), and each read would otherwise wait for its own
   * round trip. The requests are made after the barrier, so the rows they bring include every
   * pre-barrier update, as the barrier promises.
   */
  private void readAfterBarrier(long except) {
    long[] keys = readBeforeBarrier;
    readBeforeBarrier = null;
    for (long key : keys) {
      if (key != except) {
        requestAhead(key, Integer.MIN_VALUE);
      }
    }
  }

  /**
   * Requests row {@code key} ahead of its read if its table is bounded and {@code stamp}, the stamp
   * of the copy this thread holds ({@code Integer.MIN_VALUE} for none), is too old for it now.
   */
  private void requestAhead(long key, int stamp) {
    int table = (int) (key >>> 32);
    Consistency c = client.spec(table).consistency();
    if (c.isBounded() && stamp < minStamp(c)) {
      client.prefetch(local, table, (int) key, minStamp(c), c.model() == Consistency.Model.SSP_PUSH);
    }
  }

  /** The oldest stamp this thread may read now from a table with bounded consistency {@code c}. */
  private int minStamp(Consistency c) {
    return clock - c.staleness() - client.extraStaleness();
  }

  /** The op-log of a row, marked dirty for the next flush; and the row's view, or null. */
  RowOpLog opLog(int table, TableSpec spec, int row) {
    checkRunning();
    long key = RowPartitioner.key(table, row);
    RowOpLog log = opLogs.get(key);
    if (log == null) {
      log = new RowOpLog(spec);
      opLogs.put(key, log);
    }
    if (log.isEmpty()) {
      dirty.add(new Dirty(table, row, log));
    }
    return log;
  }

  RowData viewOrNull(int table, int row) {
    View v = views.get(RowPartitioner.key(table, row));
    return v == null ? null : v.data;
  }
}
