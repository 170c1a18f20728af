package org.petuum4j.ps.job;

import org.petuum4j.ps.Row;

/** The final tables of a finished job; close it to release the servers. */
public interface JobResult extends AutoCloseable {

  /** The servers' final value of a row: every increment of every worker. */
  Row read(String table, int row);

  @Override
  void close();
}
