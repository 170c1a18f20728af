package org.petuum4j.ps.row;

import java.util.Arrays;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.ValueType;

/** Dense row of floats: the weight-vector row of data-parallel apps. */
public final class DenseFloatRow extends RowData {
  final float[] values;

  DenseFloatRow(int width) {
    this.values = new float[width];
  }

  private DenseFloatRow(float[] values) {
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

  /** The cell as a float, without widening. */
  public float getFloat(int col) {
    return values[col];
  }

  @Override
  public long getLong(int col) {
    return (long) values[col];
  }

  @Override
  public int nonZeros() {
    int n = 0;
    for (float v : values) {
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

  /** Writes every cell into {@code dst[0..width)}. */
  public void copyTo(float[] dst) {
    System.arraycopy(values, 0, dst, 0, values.length);
  }

  @Override
  public RowData copy() {
    return new DenseFloatRow(values.clone());
  }

  @Override
  public void copyFrom(RowData src) {
    checkSameShape(this, src);
    System.arraycopy(((DenseFloatRow) src).values, 0, values, 0, values.length);
  }

  @Override
  public void add(int col, double delta) {
    values[col] += (float) delta;
  }

  @Override
  public void addLong(int col, long delta) {
    values[col] += (float) delta;
  }

  @Override
  public void add(int[] cols, float[] deltas, int n) {
    float[] v = values;
    for (int i = 0; i < n; i++) {
      v[cols[i]] += deltas[i];
    }
  }

  @Override
  public void add(int[] cols, double[] deltas, int n) {
    float[] v = values;
    for (int i = 0; i < n; i++) {
      v[cols[i]] += (float) deltas[i];
    }
  }

  @Override
  public void addDense(float[] deltas) {
    float[] v = values;
    for (int c = 0; c < v.length; c++) {
      v[c] += deltas[c];
    }
  }

  @Override
  public void addDense(double[] deltas) {
    float[] v = values;
    for (int c = 0; c < v.length; c++) {
      v[c] += (float) deltas[c];
    }
  }

  @Override
  public ValueType type() {
    return ValueType.FLOAT;
  }

  @Override
  public RowKind kind() {
    return RowKind.DENSE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseFloatRow r && Arrays.equals(values, r.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }
}
