package org.petuum4j.ps.row;

import it.unimi.dsi.fastutil.ints.Int2DoubleMap;
import it.unimi.dsi.fastutil.ints.Int2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2LongMap;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.TableSpec;

/**
 * One worker thread's buffered increments of one row during a clock, coalesced per column.
 *
 * <p>Implementation notes: dense tables accumulate into a dense array and remember which columns
 * were touched, so that an increment costs an array add and draining costs the touched columns
 * (or the width, when most columns were touched and a dense delta is cheaper to send). Sparse
 * tables, whose widths can be huge, accumulate in a hash map. The arrays are kept between clocks
 * to avoid reallocating them every iteration. Not thread-safe.
 */
public final class RowOpLog {
  private final boolean integral;
  private final int width;
  // Dense accumulation.
  private final double[] dacc;
  private final long[] lacc;
  private final boolean[] touched;
  private int[] touchedCols;
  private int nTouched;
  // Sparse accumulation.
  private final Int2DoubleOpenHashMap dmap;
  private final Int2LongOpenHashMap lmap;

  public RowOpLog(TableSpec spec) {
    this.integral = spec.type().isIntegral();
    this.width = spec.width();
    boolean dense = spec.kind() == RowKind.DENSE;
    this.dacc = dense && !integral ? new double[width] : null;
    this.lacc = dense && integral ? new long[width] : null;
    this.touched = dense ? new boolean[width] : null;
    this.touchedCols = dense ? new int[Math.min(width, 64)] : null;
    this.dmap = !dense && !integral ? new Int2DoubleOpenHashMap() : null;
    this.lmap = !dense && integral ? new Int2LongOpenHashMap() : null;
  }

  public boolean isEmpty() {
    return touched != null ? nTouched == 0 : (dmap != null ? dmap.isEmpty() : lmap.isEmpty());
  }

  public void add(int col, double delta) {
    if (integral) {
      addLong(col, Math.round(delta));
    } else if (dacc != null) {
      touch(col);
      dacc[col] += delta;
    } else {
      dmap.addTo(col, delta);
    }
  }

  public void addLong(int col, long delta) {
    if (!integral) {
      add(col, (double) delta);
    } else if (lacc != null) {
      touch(col);
      lacc[col] += delta;
    } else {
      lmap.addTo(col, delta);
    }
  }

  private void touch(int col) {
    if (!touched[col]) {
      touched[col] = true;
      if (nTouched == touchedCols.length) {
        touchedCols = java.util.Arrays.copyOf(touchedCols, Math.min(width, nTouched * 2));
      }
      touchedCols[nTouched++] = col;
    }
  }

  /** Re-applies the buffered increments to {@code view} without clearing them (read-my-writes). */
  public void applyTo(RowData view) {
    if (touched != null) {
      for (int i = 0; i < nTouched; i++) {
        int c = touchedCols[i];
        if (integral) {
          view.addLong(c, lacc[c]);
        } else {
          view.add(c, dacc[c]);
        }
      }
    } else if (dmap != null) {
      for (Int2DoubleMap.Entry e : dmap.int2DoubleEntrySet()) {
        view.add(e.getIntKey(), e.getDoubleValue());
      }
    } else {
      for (Int2LongMap.Entry e : lmap.int2LongEntrySet()) {
        view.addLong(e.getIntKey(), e.getLongValue());
      }
    }
  }

  /** Returns the buffered increments as a delta of {@code (table, row)} and clears the buffer. */
  public RowDelta drain(int table, int row) {
    RowDelta d;
    if (touched != null) {
      d = drainDense(table, row);
    } else if (dmap != null) {
      int n = dmap.size();
      int[] cols = new int[n];
      double[] vals = new double[n];
      int i = 0;
      for (Int2DoubleMap.Entry e : dmap.int2DoubleEntrySet()) {
        cols[i] = e.getIntKey();
        vals[i++] = e.getDoubleValue();
      }
      dmap.clear();
      d = RowDelta.sparse(table, row, cols, vals, n);
    } else {
      int n = lmap.size();
      int[] cols = new int[n];
      long[] vals = new long[n];
      int i = 0;
      for (Int2LongMap.Entry e : lmap.int2LongEntrySet()) {
        cols[i] = e.getIntKey();
        vals[i++] = e.getLongValue();
      }
      lmap.clear();
      d = RowDelta.sparseLong(table, row, cols, vals, n);
    }
    return d;
  }

  private RowDelta drainDense(int table, int row) {
    int n = nTouched;
    RowDelta d;
    // A sparse entry costs an index and a value, a dense one only a value.
    if (n * 2 >= width) {
      if (integral) {
        d = RowDelta.denseLong(table, row, lacc.clone());
        java.util.Arrays.fill(lacc, 0);
      } else {
        d = RowDelta.dense(table, row, dacc.clone());
        java.util.Arrays.fill(dacc, 0);
      }
      java.util.Arrays.fill(touched, false);
    } else {
      int[] cols = java.util.Arrays.copyOf(touchedCols, n);
      if (integral) {
        long[] vals = new long[n];
        for (int i = 0; i < n; i++) {
          int c = cols[i];
          vals[i] = lacc[c];
          lacc[c] = 0;
          touched[c] = false;
        }
        d = RowDelta.sparseLong(table, row, cols, vals, n);
      } else {
        double[] vals = new double[n];
        for (int i = 0; i < n; i++) {
          int c = cols[i];
          vals[i] = dacc[c];
          dacc[c] = 0;
          touched[c] = false;
        }
        d = RowDelta.sparse(table, row, cols, vals, n);
      }
    }
    nTouched = 0;
    return d;
  }
}
