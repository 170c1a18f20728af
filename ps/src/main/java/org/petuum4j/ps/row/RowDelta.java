package org.petuum4j.ps.row;

/**
 * An immutable increment of one row: what a worker thread's op-log sends to the row's server shard
 * at a clock boundary. Either sparse (columns and values; a column may appear more than once, and
 * its values then add up) or dense (one value per column); values are doubles for floating tables
 * and longs for integral ones.
 */
public final class RowDelta {
  private final int table;
  private final int row;
  private final int[] cols;
  private final double[] doubles;
  private final long[] longs;
  private final int size;

  private RowDelta(int table, int row, int[] cols, double[] doubles, long[] longs, int size) {
    this.table = table;
    this.row = row;
    this.cols = cols;
    this.doubles = doubles;
    this.longs = longs;
    this.size = size;
  }

  /** A sparse floating delta; takes ownership of the arrays. */
  public static RowDelta sparse(int table, int row, int[] cols, double[] values, int size) {
    return new RowDelta(table, row, cols, values, null, size);
  }

  /** A sparse integral delta; takes ownership of the arrays. */
  public static RowDelta sparseLong(int table, int row, int[] cols, long[] values, int size) {
    return new RowDelta(table, row, cols, null, values, size);
  }

  /** A dense floating delta; takes ownership of the array. */
  public static RowDelta dense(int table, int row, double[] values) {
    return new RowDelta(table, row, null, values, null, values.length);
  }

  /** A dense integral delta; takes ownership of the array. */
  public static RowDelta denseLong(int table, int row, long[] values) {
    return new RowDelta(table, row, null, null, values, values.length);
  }

  public int table() {
    return table;
  }

  public int row() {
    return row;
  }

  public boolean isDense() {
    return cols == null;
  }

  public boolean isIntegral() {
    return longs != null;
  }

  /** Number of entries: columns of a sparse delta, the width of a dense one. */
  public int size() {
    return size;
  }

  /** Column of entry {@code i}. */
  public int col(int i) {
    return cols == null ? i : cols[i];
  }

  /** Value of entry {@code i} as a double. */
  public double doubleValue(int i) {
    return longs != null ? longs[i] : doubles[i];
  }

  /** Value of entry {@code i} as a long. */
  public long longValue(int i) {
    return longs != null ? longs[i] : (long) doubles[i];
  }

  /** Adds this delta to {@code target}. */
  public void applyTo(RowData target) {
    if (cols == null) {
      if (longs != null) {
        target.addDenseLong(longs);
      } else {
        target.addDense(doubles);
      }
    } else if (longs != null) {
      target.addLong(cols, longs, size);
    } else {
      target.add(cols, doubles, size);
    }
  }

  @Override
  public String toString() {
    return "RowDelta{table=" + table + ", row=" + row + ", " + (isDense() ? "dense" : "sparse")
        + ", size=" + size + "}";
  }
}
