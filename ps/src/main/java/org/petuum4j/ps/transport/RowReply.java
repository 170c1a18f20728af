package org.petuum4j.ps.transport;

import org.petuum4j.ps.row.RowData;

/**
 * A copy of a row as a shard held it.
 *
 * @param shard the serving shard
 * @param table table id
 * @param row row id
 * @param stamp the shard's minimum clock when the copy was taken: it holds every update of
 *     clocks {@code < stamp} from every worker
 * @param version the shard's update counter when the copy was taken: of two copies of a row, the
 *     one with the larger version is the later
 * @param requestNo the request this answers (for a push, the subscribing request)
 * @param appliedSeq for each worker of the receiving process, in order, the sequence number of its
 *     last batch the copy includes
 * @param data the row; the receiver owns it
 */
public record RowReply(
    int shard, int table, int row, int stamp, long version, long requestNo, long[] appliedSeq, RowData data) {}
