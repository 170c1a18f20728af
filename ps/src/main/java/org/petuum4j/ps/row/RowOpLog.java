package org.petuum4j.ps.row;

import it.unimi.dsi.fastutil.ints.Int2DoubleMap;
import it.unimi.dsi.fastutil.ints.Int2DoubleMaps;
import it.unimi.dsi.fastutil.ints.Int2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2LongMap;
import it.unimi.dsi.fastutil.ints.Int2LongMaps;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import java.util.Arrays;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.TableSpec;

/**
 * One worker thread's buffered increments of one row during a clock.
 *
 * <p>Implementation notes: dense tables append increments as (column, value) pairs, which costs a
 * sequential write whatever the column, and coalesce only when the pairs outgrow twice the row
 * width (folding them into a dense accumulator) or when the clock ends. A data-parallel app that
 * sends each row one batch of distinct columns per clock thus never touches a width-sized buffer:
 * its batch goes out as it came. Sparse tables, whose widths can be huge and whose cells are often
 * incremented many times per clock (counts), coalesce in a hash map as they go. Buffers are kept
 * between clocks to avoid reallocating them. Not thread-safe.
 */
public final class RowOpLog {
  private final boolean integral;
  /** Float tables round every drained delta to float, so it crosses any transport exactly. */
  private final boolean isFloat;
  private final boolean dense;
  private final int width;
  // Dense tables: pairs, folded into the accumulator when there are too many of them.
  private int[] pairCols;
  private double[] pairDoubles;
  private long[] pairLongs;
  private int nPairs;
  private double[] dacc;
  private long[] lacc;
  private boolean folded;
  // Floating dense rows whose delta is going to be dense skip the pairs: add into the accumulator.
  private boolean direct;
  private long directAdds;
  // Sparse tables.
  private final Int2DoubleOpenHashMap dmap;
  private final Int2LongOpenHashMap lmap;

  public RowOpLog(TableSpec spec) {
    this.integral = spec.type().isIntegral();
    this.isFloat = spec.type() == org.petuum4j.ps.ValueType.FLOAT;
    this.width = spec.width();
    this.dense = spec.kind() == RowKind.DENSE;
    if (dense) {
      int cap = Math.min(width, 64);
      pairCols = new int[cap];
      if (integral) {
        pairLongs = new long[cap];
      } else {
        pairDoubles = new double[cap];
      }
    }
    this.dmap = !dense && !integral ? new Int2DoubleOpenHashMap() : null;
    this.lmap = !dense && integral ? new Int2LongOpenHashMap() : null;
  }

  public boolean isEmpty() {
    return dense ? nPairs == 0 && !folded : (dmap != null ? dmap.isEmpty() : lmap.isEmpty());
  }

  public void add(int col, double delta) {
    if (integral) {
      addLong(col, Math.round(delta));
    } else if (dense) {
      if (direct) {
        dacc[col] += delta;
        folded = true;
        directAdds++;
        return;
      }
      if (nPairs == pairCols.length) {
        makeRoom();
      }
      pairCols[nPairs] = col;
      pairDoubles[nPairs++] = delta;
      if (nPairs * 2 >= width) {
        goDirect();
      }
    } else {
      dmap.addTo(col, delta);
    }
  }

  private void goDirect() {
    directAdds += nPairs;
    fold();
    direct = true;
  }

  public void addLong(int col, long delta) {
    if (!integral) {
      add(col, (double) delta);
    } else if (dense) {
      if (nPairs == pairCols.length) {
        makeRoom();
      }
      pairCols[nPairs] = col;
      pairLongs[nPairs++] = delta;
    } else {
      lmap.addTo(col, delta);
    }
  }

  /** Adds {@code deltas[i]} to {@code cols[i]} for {@code i < n}: the batched path of dense rows. */
  public void add(int[] cols, float[] deltas, int n) {
    if (!dense || integral) {
      for (int i = 0; i < n; i++) {
        add(cols[i], deltas[i]);
      }
      return;
    }
    if (direct) {
      double[] a = dacc;
      for (int i = 0; i < n; i++) {
        a[cols[i]] += deltas[i];
      }
      folded = true;
      directAdds += n;
      return;
    }
    int i = 0;
    while (i < n) {
      if (nPairs == pairCols.length) {
        makeRoom();
      }
      int m = Math.min(n - i, pairCols.length - nPairs);
      System.arraycopy(cols, i, pairCols, nPairs, m);
      for (int k = 0; k < m; k++) {
        pairDoubles[nPairs + k] = deltas[i + k];
      }
      nPairs += m;
      i += m;
    }
    if (nPairs * 2 >= width) {
      goDirect();
    }
  }

  /** Adds {@code deltas[col]} to every column: straight into the accumulator, which vectorises. */
  public void addDense(float[] deltas) {
    if (!dense || integral) {
      for (int c = 0; c < deltas.length; c++) {
        if (deltas[c] != 0) {
          add(c, deltas[c]);
        }
      }
      return;
    }
    goDirect();
    double[] a = dacc;
    for (int c = 0; c < a.length; c++) {
      a[c] += deltas[c];
    }
    folded = true;
    directAdds += a.length;
  }

  /** Grows the pair buffer up to twice the width; beyond that, folds the pairs into the accumulator. */
  private void makeRoom() {
    int cap = pairCols.length;
    if (cap < 2 * width) {
      int grown = (int) Math.min(2L * width, Math.max(64L, 2L * cap));
      pairCols = Arrays.copyOf(pairCols, grown);
      if (integral) {
        pairLongs = Arrays.copyOf(pairLongs, grown);
      } else {
        pairDoubles = Arrays.copyOf(pairDoubles, grown);
      }
    } else {
      fold();
    }
  }

  private void fold() {
    if (integral) {
      if (lacc == null) {
        lacc = new long[width];
      }
      for (int i = 0; i < nPairs; i++) {
        lacc[pairCols[i]] += pairLongs[i];
      }
    } else {
      if (dacc == null) {
        dacc = new double[width];
      }
      for (int i = 0; i < nPairs; i++) {
        dacc[pairCols[i]] += pairDoubles[i];
      }
    }
    nPairs = 0;
    folded = true;
  }

  /** Re-applies the buffered increments to {@code view} without clearing them (read-my-writes). */
  public void applyTo(RowData view) {
    if (dense) {
      if (folded) {
        if (integral) {
          view.addDenseLong(lacc);
        } else {
          view.addDense(dacc);
        }
      }
      if (integral) {
        view.addLong(pairCols, pairLongs, nPairs);
      } else {
        view.add(pairCols, pairDoubles, nPairs);
      }
    } else if (dmap != null) {
      for (Int2DoubleMap.Entry e : Int2DoubleMaps.fastIterable(dmap)) {
        view.add(e.getIntKey(), e.getDoubleValue());
      }
    } else {
      for (Int2LongMap.Entry e : Int2LongMaps.fastIterable(lmap)) {
        view.addLong(e.getIntKey(), e.getLongValue());
      }
    }
  }

  /** Returns the buffered increments as a delta of {@code (table, row)} and clears the buffer. */
  public RowDelta drain(int table, int row) {
    if (dense) {
      return drainDense(table, row);
    }
    RowDelta d;
    if (dmap != null) {
      int n = dmap.size();
      int[] cols = new int[n];
      double[] vals = new double[n];
      int i = 0;
      for (Int2DoubleMap.Entry e : Int2DoubleMaps.fastIterable(dmap)) {
        cols[i] = e.getIntKey();
        vals[i++] = e.getDoubleValue();
      }
      dmap.clear();
      d = RowDelta.sparse(table, row, cols, toFloatPrecision(vals, n), n);
    } else {
      int n = lmap.size();
      int[] cols = new int[n];
      long[] vals = new long[n];
      int i = 0;
      for (Int2LongMap.Entry e : Int2LongMaps.fastIterable(lmap)) {
        cols[i] = e.getIntKey();
        vals[i++] = e.getLongValue();
      }
      lmap.clear();
      d = RowDelta.sparseLong(table, row, cols, vals, n);
    }
    return d;
  }

  private double[] toFloatPrecision(double[] v, int n) {
    if (isFloat) {
      for (int i = 0; i < n; i++) {
        v[i] = (float) v[i];
      }
    }
    return v;
  }

  private RowDelta drainDense(int table, int row) {
    RowDelta d;
    // A sparse entry costs an index and a value, a dense one only a value.
    if (direct && directAdds * 2 < width) {
      // This clock's delta came out sparse after all: collect pairs again from the next one.
      direct = false;
    }
    directAdds = 0;
    if (folded || nPairs * 2 >= width) {
      fold();
      if (integral) {
        d = RowDelta.denseLong(table, row, lacc.clone());
        Arrays.fill(lacc, 0);
      } else {
        // Hand the accumulator over rather than copy and clear it; a new array comes zeroed.
        d = RowDelta.dense(table, row, toFloatPrecision(dacc, width));
        dacc = new double[width];
      }
      folded = false;
    } else if (integral) {
      direct = false;
      d = RowDelta.sparseLong(table, row, Arrays.copyOf(pairCols, nPairs), Arrays.copyOf(pairLongs, nPairs), nPairs);
    } else {
      direct = false;
      d = RowDelta.sparse(table, row, Arrays.copyOf(pairCols, nPairs),
          toFloatPrecision(Arrays.copyOf(pairDoubles, nPairs), nPairs), nPairs);
    }
    nPairs = 0;
    return d;
  }
}
