package org.petuum4j.ps.row;

import java.util.Arrays;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.ValueType;

/** Dense row of ints (counts, as in topic models). Additions wrap like Java int arithmetic. */
public final class DenseIntRow extends RowData {
  final int[] values;

  DenseIntRow(int width) {
    this.values = new int[width];
  }

  private DenseIntRow(int[] values) {
    this.values = values;
  }

  @Override
  public int width() {
    return values.length;
  }

  @Override
  public double get(int col) {
    return values[col];
  }

  @Override
  public long getLong(int col) {
    return values[col];
  }

  @Override
  public int nonZeros() {
    int n = 0;
    for (int v : values) {
      if (v != 0) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void forEachNonZero(CellConsumer action) {
    for (int c = 0; c < values.length; c++) {
      if (values[c] != 0) {
        action.accept(c, values[c]);
      }
    }
  }

  @Override
  public void copyTo(double[] dst) {
    for (int c = 0; c < values.length; c++) {
      dst[c] = values[c];
    }
  }

  @Override
  public RowData copy() {
    return new DenseIntRow(values.clone());
  }

  @Override
  public void copyFrom(RowData src) {
    checkSameShape(this, src);
    System.arraycopy(((DenseIntRow) src).values, 0, values, 0, values.length);
  }

  @Override
  public void add(int col, double delta) {
    values[col] += (int) Math.round(delta);
  }

  @Override
  public void addLong(int col, long delta) {
    values[col] += (int) delta;
  }

  @Override
  public ValueType type() {
    return ValueType.INT;
  }

  @Override
  public RowKind kind() {
    return RowKind.DENSE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseIntRow r && Arrays.equals(values, r.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }
}
