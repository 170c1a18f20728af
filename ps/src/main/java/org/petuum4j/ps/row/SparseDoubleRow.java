package org.petuum4j.ps.row;

import it.unimi.dsi.fastutil.ints.Int2DoubleMap;
import it.unimi.dsi.fastutil.ints.Int2DoubleMaps;
import it.unimi.dsi.fastutil.ints.Int2DoubleOpenHashMap;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.ValueType;

/**
 * Sparse row of floats or doubles: a hash map of the non-zero cells. A cell that adds up to zero
 * is removed, so memory follows the non-zeros. Float rows round every sum to float.
 */
public final class SparseDoubleRow extends RowData {
  private final int width;
  private final boolean isFloat;
  private final Int2DoubleOpenHashMap cells;

  SparseDoubleRow(int width, boolean isFloat) {
    this(width, isFloat, new Int2DoubleOpenHashMap());
  }

  private SparseDoubleRow(int width, boolean isFloat, Int2DoubleOpenHashMap cells) {
    this.width = width;
    this.isFloat = isFloat;
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
    return (long) cells.get(col);
  }

  @Override
  public int nonZeros() {
    return cells.size();
  }

  @Override
  public void forEachNonZero(CellConsumer action) {
    for (Int2DoubleMap.Entry e : Int2DoubleMaps.fastIterable(cells)) {
      action.accept(e.getIntKey(), e.getDoubleValue());
    }
  }

  @Override
  public void copyTo(double[] dst) {
    java.util.Arrays.fill(dst, 0, width, 0.0);
    for (Int2DoubleMap.Entry e : Int2DoubleMaps.fastIterable(cells)) {
      dst[e.getIntKey()] = e.getDoubleValue();
    }
  }

  @Override
  public RowData copy() {
    return new SparseDoubleRow(width, isFloat, new Int2DoubleOpenHashMap(cells));
  }

  @Override
  public void copyFrom(RowData src) {
    checkSameShape(this, src);
    cells.clear();
    cells.putAll(((SparseDoubleRow) src).cells);
  }

  @Override
  public void add(int col, double delta) {
    if (delta == 0) {
      return;
    }
    double sum = cells.get(col) + delta;
    if (isFloat) {
      sum = (float) sum;
    }
    if (sum == 0) {
      cells.remove(col);
    } else {
      cells.put(col, sum);
    }
  }

  @Override
  public void addLong(int col, long delta) {
    add(col, (double) delta);
  }

  @Override
  public ValueType type() {
    return isFloat ? ValueType.FLOAT : ValueType.DOUBLE;
  }

  @Override
  public RowKind kind() {
    return RowKind.SPARSE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseDoubleRow r && r.isFloat == isFloat && r.width == width && r.cells.equals(cells);
  }

  @Override
  public int hashCode() {
    return cells.hashCode();
  }
}
