package org.petuum4j.ps.transport;

/**
 * A request for a row copy.
 *
 * @param processId the requesting client process
 * @param table table id (index in the job's table list)
 * @param row row id
 * @param minClock answer only once the shard's minimum clock is at least this
 * @param requestNo the process's request counter, echoed in the reply
 * @param subscribe SSP-push: also push this row to the process whenever the minimum clock advances
 */
public record RowRequest(int processId, int table, int row, int minClock, long requestNo, boolean subscribe) {}
