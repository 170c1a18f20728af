package org.petuum4j.ps;

/**
 * One worker thread's handle on a parameter-server table.
 *
 * <p>Reads follow the table's {@link Consistency}: {@link #get(int)} at clock {@code c} blocks
 * until the row holds every update of every thread at clocks {@code <= c - s - 1}. Increments are
 * additive, coalesced per row in the thread's op-log and sent to the servers at the next {@link
 * WorkerContext#clock()}; the thread's own views see them at once.
 *
 * <p>Not thread-safe: each worker thread gets its own handle from {@link
 * WorkerContext#table(String)}.
 */
public interface Table {

  TableSpec spec();

  /** Reads a row under the table's consistency model. See {@link Row} for how long the view lives. */
  Row get(int row);

  /** Adds {@code delta} to one cell. Integer tables round the delta to the nearest integer. */
  void inc(int row, int col, double delta);

  /** Adds {@code delta} to one cell of an int or long table exactly. */
  void incLong(int row, int col, long delta);

  /** Adds {@code deltas[i]} to column {@code cols[i]} for {@code i < n}. Columns may repeat. */
  void inc(int row, int[] cols, double[] deltas, int n);

  /** Adds {@code deltas[i]} to column {@code cols[i]} for {@code i < n}. Columns may repeat. */
  void inc(int row, int[] cols, float[] deltas, int n);

  /** Adds {@code deltas[col]} to every column; {@code deltas.length} must equal the width. */
  void incDense(int row, double[] deltas);

  /** Adds {@code deltas[col]} to every column; {@code deltas.length} must equal the width. */
  void incDense(int row, float[] deltas);
}
