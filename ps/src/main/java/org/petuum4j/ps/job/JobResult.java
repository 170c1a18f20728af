package org.petuum4j.ps.job;

import org.petuum4j.ps.Row;

/** The final tables of a finished job; close it to release the servers. */
public interface JobResult extends AutoCloseable {

  /** The servers' final value of a row: every increment of every worker. */
  Row read(String table, int row);

  @Override
  void close();

  /** This result, whose {@link #close()} also runs {@code after}, once this result is closed. */
  default JobResult alsoClosing(Runnable after) {
    JobResult self = this;
    return new JobResult() {
      @Override
      public Row read(String table, int row) {
        return self.read(table, row);
      }

      @Override
      public void close() {
        self.close();
        after.run();
      }
    };
  }
}
