package org.petuum4j.sched;

/**
 * One data partition in compressed sparse column form: column {@code j} holds the cells {@code k}
 * in {@code [start(j), end(j))}, each a partition-local row {@link #row(int)} (strictly increasing
 * within a column) and a {@link #value(int)}. What model-parallel linear models push over, and what
 * {@link ColumnCorrelation} reads. Immutable and safe to share between threads.
 */
public final class SparseColumns {
  private final int rows;
  private final int[] colPtr;
  private final int[] rowIdx;
  private final double[] vals;

  private SparseColumns(int rows, int[] colPtr, int[] rowIdx, double[] vals) {
    this.rows = rows;
    this.colPtr = colPtr;
    this.rowIdx = rowIdx;
    this.vals = vals;
  }

  /**
   * The rows {@code [rowFrom, rowTo)} of a matrix in compressed sparse row form (row {@code i}
   * holds {@code colIdx[k], values[k]} for {@code k} in {@code [rowPtr[i], rowPtr[i + 1])}),
   * transposed into columns; partition row {@code 0} is row {@code rowFrom}. O(cells +
   * numColumns).
   *
   * @throws IllegalArgumentException if a column index is outside {@code [0, numColumns)}, a
   *     column repeats within a row, or the ranges are inconsistent
   */
  public static SparseColumns ofRows(
      int[] rowPtr, int[] colIdx, double[] values, int rowFrom, int rowTo, int numColumns) {
    if (rowFrom < 0 || rowTo < rowFrom || rowTo >= rowPtr.length) {
      throw new IllegalArgumentException(
          "rows [" + rowFrom + ", " + rowTo + ") outside a matrix of " + (rowPtr.length - 1) + " rows");
    }
    if (numColumns < 0) {
      throw new IllegalArgumentException("numColumns must be >= 0, was " + numColumns);
    }
    int[] ptr = new int[numColumns + 1];
    for (int k = rowPtr[rowFrom]; k < rowPtr[rowTo]; k++) {
      int c = colIdx[k];
      if (c < 0 || c >= numColumns) {
        throw new IllegalArgumentException("column " + c + " outside [0, " + numColumns + ")");
      }
      ptr[c + 1]++;
    }
    for (int c = 0; c < numColumns; c++) {
      ptr[c + 1] += ptr[c];
    }
    int nnz = ptr[numColumns];
    int[] rowsOut = new int[nnz];
    double[] valsOut = new double[nnz];
    int[] fill = new int[numColumns];
    System.arraycopy(ptr, 0, fill, 0, numColumns);
    for (int i = rowFrom; i < rowTo; i++) {
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        int c = colIdx[k];
        int at = fill[c]++;
        if (at > ptr[c] && rowsOut[at - 1] == i - rowFrom) {
          throw new IllegalArgumentException("row " + i + ": column " + c + " appears twice");
        }
        rowsOut[at] = i - rowFrom;
        valsOut[at] = values[k];
      }
    }
    return new SparseColumns(rowTo - rowFrom, ptr, rowsOut, valsOut);
  }

  /** Rows of this partition. */
  public int numRows() {
    return rows;
  }

  public int numColumns() {
    return colPtr.length - 1;
  }

  public int nonZeros() {
    return rowIdx.length;
  }

  /** First cell of column {@code j}. */
  public int start(int j) {
    return colPtr[j];
  }

  /** One past the last cell of column {@code j}. */
  public int end(int j) {
    return colPtr[j + 1];
  }

  /** Partition-local row of cell {@code k}. */
  public int row(int k) {
    return rowIdx[k];
  }

  /** Value of cell {@code k}. */
  public double value(int k) {
    return vals[k];
  }

  /** {@code sum_i x_ij^2} over this partition's rows. */
  public double squaredNorm(int j) {
    double s = 0;
    for (int k = colPtr[j], end = colPtr[j + 1]; k < end; k++) {
      s += vals[k] * vals[k];
    }
    return s;
  }

  /** {@code sum_i x_ia x_ib} over this partition's rows, by merging the two sorted columns. */
  public double dot(int a, int b) {
    int ka = colPtr[a];
    int ea = colPtr[a + 1];
    int kb = colPtr[b];
    int eb = colPtr[b + 1];
    double s = 0;
    while (ka < ea && kb < eb) {
      int ra = rowIdx[ka];
      int rb = rowIdx[kb];
      if (ra == rb) {
        s += vals[ka++] * vals[kb++];
      } else if (ra < rb) {
        ka++;
      } else {
        kb++;
      }
    }
    return s;
  }
}
