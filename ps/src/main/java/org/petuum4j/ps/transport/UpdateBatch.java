package org.petuum4j.ps.transport;

import java.util.List;
import org.petuum4j.ps.row.RowDelta;

/**
 * One worker thread's increments for the rows one shard owns, sent at a clock boundary (or a
 * barrier, or when the thread finishes). Every shard receives every batch of every worker, empty
 * or not, so that each can track every worker's clock and sequence number.
 *
 * @param processId the sending process
 * @param worker the global worker (thread) id
 * @param seq the worker's batch sequence number, starting at 1 and increasing by 1
 * @param clockAfter the worker's clock after this batch, {@link #NO_CLOCK} if the clock does not
 *     advance, {@link #DONE} when the worker has finished
 * @param deltas the coalesced row increments, each for a row this shard owns
 */
public record UpdateBatch(int processId, int worker, long seq, int clockAfter, List<RowDelta> deltas) {
  /** {@link #clockAfter()} of a flush that does not advance the clock (a barrier). */
  public static final int NO_CLOCK = -1;
  /** {@link #clockAfter()} of a worker's last batch: it will make no more updates. */
  public static final int DONE = Integer.MAX_VALUE;
}
