package org.petuum4j.ps;

/**
 * A read-only view of one table row as seen by the reading worker thread.
 *
 * <p>A view returned by {@link Table#get(int)} reflects the thread's own increments immediately
 * (read-my-writes) and stays valid for the calling thread until its next {@link
 * WorkerContext#clock()} or {@link WorkerContext#barrier()}; keep no reference across those. Views
 * are not thread-safe: they belong to the thread that read them.
 */
public interface Row {

  /** Number of columns. */
  int width();

  /** The cell at {@code col} as a double (exact for float, double and int; long rounds beyond 2^53). */
  double get(int col);

  /** The cell at {@code col} as a long (exact for int and long tables; floating cells truncate). */
  long getLong(int col);

  /** Number of non-zero cells (dense rows count them). */
  int nonZeros();

  /** Calls {@code action} for every non-zero cell, in ascending column order for dense rows. */
  void forEachNonZero(CellConsumer action);

  /** Writes every cell into {@code dst[0..width)}. */
  void copyTo(double[] dst);

  /** Receives one cell. */
  @FunctionalInterface
  interface CellConsumer {
    void accept(int col, double value);
  }
}
