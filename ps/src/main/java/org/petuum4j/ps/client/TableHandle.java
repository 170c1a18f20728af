package org.petuum4j.ps.client;

import org.petuum4j.ps.Row;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.row.RowData;
import org.petuum4j.ps.row.RowOpLog;

/** A worker thread's handle on one table. */
final class TableHandle implements Table {
  private final WorkerThread thread;
  private final int id;
  private final TableSpec spec;
  // The op-log and view of the row last incremented, valid while the thread's epoch is unchanged.
  private int lastRow = -1;
  private long lastEpoch = -1;
  private RowOpLog lastLog;
  private RowData lastView;

  TableHandle(WorkerThread thread, int id, TableSpec spec) {
    this.thread = thread;
    this.id = id;
    this.spec = spec;
  }

  @Override
  public TableSpec spec() {
    return spec;
  }

  @Override
  public Row get(int row) {
    return thread.get(id, spec, row);
  }

  @Override
  public void inc(int row, int col, double delta) {
    if (row != lastRow || thread.epoch != lastEpoch) {
      spec.checkRow(row);
      lastLog = thread.opLog(id, spec, row);
      lastView = thread.viewOrNull(id, row);
      lastRow = row;
      lastEpoch = thread.epoch;
    }
    if (col < 0 || col >= spec.width()) {
      spec.checkCell(row, col);
    }
    lastLog.add(col, delta);
    if (lastView != null) {
      lastView.add(col, delta);
    }
  }

  @Override
  public void incLong(int row, int col, long delta) {
    spec.checkCell(row, col);
    RowOpLog log = thread.opLog(id, spec, row);
    log.addLong(col, delta);
    RowData view = thread.viewOrNull(id, row);
    if (view != null) {
      view.addLong(col, delta);
    }
  }

  @Override
  public void inc(int row, int[] cols, double[] deltas, int n) {
    checkBatch(row, cols, n, deltas.length);
    RowOpLog log = thread.opLog(id, spec, row);
    for (int i = 0; i < n; i++) {
      log.add(cols[i], deltas[i]);
    }
    RowData view = thread.viewOrNull(id, row);
    if (view != null) {
      view.add(cols, deltas, n);
    }
  }

  @Override
  public void inc(int row, int[] cols, float[] deltas, int n) {
    checkBatch(row, cols, n, deltas.length);
    thread.opLog(id, spec, row).add(cols, deltas, n);
    RowData view = thread.viewOrNull(id, row);
    if (view != null) {
      view.add(cols, deltas, n);
    }
  }

  @Override
  public void incDense(int row, double[] deltas) {
    checkDense(row, deltas.length);
    RowOpLog log = thread.opLog(id, spec, row);
    for (int c = 0; c < deltas.length; c++) {
      if (deltas[c] != 0) {
        log.add(c, deltas[c]);
      }
    }
    RowData view = thread.viewOrNull(id, row);
    if (view != null) {
      view.addDense(deltas);
    }
  }

  @Override
  public void incDense(int row, float[] deltas) {
    checkDense(row, deltas.length);
    thread.opLog(id, spec, row).addDense(deltas);
    RowData view = thread.viewOrNull(id, row);
    if (view != null) {
      view.addDense(deltas);
    }
  }

  private void checkBatch(int row, int[] cols, int n, int deltasLength) {
    spec.checkRow(row);
    if (n < 0 || n > cols.length || n > deltasLength) {
      throw new IllegalArgumentException(
          "table '" + spec.name() + "': batch of " + n + " with " + cols.length + " columns and " + deltasLength + " deltas");
    }
    int w = spec.width();
    // Branch-free pass first (a negative result means some column is out of range); the exact
    // culprit is searched only then.
    int bad = 0;
    for (int i = 0; i < n; i++) {
      bad |= cols[i] | (w - 1 - cols[i]);
    }
    if (bad >= 0) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (cols[i] < 0 || cols[i] >= w) {
        throw new IndexOutOfBoundsException(
            "table '" + spec.name() + "': column " + cols[i] + " outside [0, " + w + ")");
      }
    }
  }

  private void checkDense(int row, int length) {
    spec.checkRow(row);
    if (length != spec.width()) {
      throw new IllegalArgumentException(
          "table '" + spec.name() + "': dense delta of length " + length + ", width is " + spec.width());
    }
  }
}
