package org.petuum4j.ps.row;

import org.petuum4j.ps.Row;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;

/**
 * Mutable storage of one row: a server shard's copy, a process cache's snapshot or a worker
 * thread's view. Not thread-safe; whoever shares one must guard it or never mutate it again.
 *
 * <p>Implementation notes: the generic {@code add*} paths loop over {@link #add(int, double)} and
 * {@link #addLong(int, long)}; the dense floating rows override the batched paths because they are
 * the hot path of data-parallel apps. Integral rows round floating deltas to the nearest integer;
 * floating rows convert long deltas. Float rows round after every addition, as a float array does.
 */
public abstract class RowData implements Row {

  /** A zero row of the table's layout and type. */
  public static RowData create(TableSpec spec) {
    return create(spec.kind(), spec.type(), spec.width());
  }

  /** A zero row of the given layout, type and width. */
  public static RowData create(RowKind kind, ValueType type, int width) {
    if (kind == RowKind.DENSE) {
      return switch (type) {
        case FLOAT -> new DenseFloatRow(width);
        case DOUBLE -> new DenseDoubleRow(width);
        case INT -> new DenseIntRow(width);
        case LONG -> new DenseLongRow(width);
      };
    }
    return type.isIntegral()
        ? new SparseLongRow(width, type == ValueType.INT)
        : new SparseDoubleRow(width, type == ValueType.FLOAT);
  }

  /** A deep copy. */
  public abstract RowData copy();

  /** Overwrites this row with {@code src}, which has the same layout, type and width. */
  public abstract void copyFrom(RowData src);

  /** Adds a floating delta to one cell. */
  public abstract void add(int col, double delta);

  /** Adds an integral delta to one cell. */
  public abstract void addLong(int col, long delta);

  public abstract ValueType type();

  public abstract RowKind kind();

  /** Adds {@code deltas[i]} to {@code cols[i]} for {@code i < n}. */
  public void add(int[] cols, double[] deltas, int n) {
    for (int i = 0; i < n; i++) {
      add(cols[i], deltas[i]);
    }
  }

  /** Adds {@code deltas[i]} to {@code cols[i]} for {@code i < n}. */
  public void add(int[] cols, float[] deltas, int n) {
    for (int i = 0; i < n; i++) {
      add(cols[i], deltas[i]);
    }
  }

  /** Adds {@code deltas[i]} to {@code cols[i]} for {@code i < n}. */
  public void addLong(int[] cols, long[] deltas, int n) {
    for (int i = 0; i < n; i++) {
      addLong(cols[i], deltas[i]);
    }
  }

  /** Adds {@code deltas[col]} to every column. */
  public void addDense(double[] deltas) {
    for (int c = 0; c < deltas.length; c++) {
      if (deltas[c] != 0) {
        add(c, deltas[c]);
      }
    }
  }

  /** Adds {@code deltas[col]} to every column. */
  public void addDense(float[] deltas) {
    for (int c = 0; c < deltas.length; c++) {
      if (deltas[c] != 0) {
        add(c, deltas[c]);
      }
    }
  }

  /** Adds {@code deltas[col]} to every column. */
  public void addDenseLong(long[] deltas) {
    for (int c = 0; c < deltas.length; c++) {
      if (deltas[c] != 0) {
        addLong(c, deltas[c]);
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(kind() + " " + type() + " row{");
    forEachNonZero((c, v) -> sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ", ").append(c).append('=').append(v));
    return sb.append('}').toString();
  }

  static void checkSameShape(RowData a, RowData b) {
    if (a.kind() != b.kind() || a.type() != b.type() || a.width() != b.width()) {
      throw new IllegalArgumentException(
          "row shapes differ: " + a.kind() + "/" + a.type() + "/" + a.width()
              + " vs " + b.kind() + "/" + b.type() + "/" + b.width());
    }
  }
}
