package org.petuum4j.ps.row;

import it.unimi.dsi.fastutil.ints.Int2LongMap;
import it.unimi.dsi.fastutil.ints.Int2LongMaps;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.ValueType;

/**
 * Sparse row of ints or longs (word-topic counts of topic models): a hash map of the non-zero
 * cells; a cell that adds up to zero is removed. Int rows wrap like Java int arithmetic.
 */
public final class SparseLongRow extends RowData {
  private final int width;
  private final boolean isInt;
  private final Int2LongOpenHashMap cells;

  SparseLongRow(int width, boolean isInt) {
    this(width, isInt, new Int2LongOpenHashMap());
  }

  private SparseLongRow(int width, boolean isInt, Int2LongOpenHashMap cells) {
    this.width = width;
    this.isInt = isInt;
    this.cells = cells;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public double get(int col) {
    return cells.get(col);
  }

  @Override
  public long getLong(int col) {
    return cells.get(col);
  }

  @Override
  public int nonZeros() {
    return cells.size();
  }

  @Override
  public void forEachNonZero(CellConsumer action) {
    for (Int2LongMap.Entry e : Int2LongMaps.fastIterable(cells)) {
      action.accept(e.getIntKey(), e.getLongValue());
    }
  }

  @Override
  public void copyTo(double[] dst) {
    java.util.Arrays.fill(dst, 0, width, 0.0);
    for (Int2LongMap.Entry e : Int2LongMaps.fastIterable(cells)) {
      dst[e.getIntKey()] = e.getLongValue();
    }
  }

  @Override
  public RowData copy() {
    return new SparseLongRow(width, isInt, new Int2LongOpenHashMap(cells));
  }

  @Override
  public void copyFrom(RowData src) {
    checkSameShape(this, src);
    cells.clear();
    cells.putAll(((SparseLongRow) src).cells);
  }

  @Override
  public void add(int col, double delta) {
    addLong(col, Math.round(delta));
  }

  @Override
  public void addLong(int col, long delta) {
    if (delta == 0) {
      return;
    }
    long sum = cells.get(col) + delta;
    if (isInt) {
      sum = (int) sum;
    }
    if (sum == 0) {
      cells.remove(col);
    } else {
      cells.put(col, sum);
    }
  }

  @Override
  public ValueType type() {
    return isInt ? ValueType.INT : ValueType.LONG;
  }

  @Override
  public RowKind kind() {
    return RowKind.SPARSE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseLongRow r && r.isInt == isInt && r.width == width && r.cells.equals(cells);
  }

  @Override
  public int hashCode() {
    return cells.hashCode();
  }
}
