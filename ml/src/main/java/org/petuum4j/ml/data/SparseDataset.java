package org.petuum4j.ml.data;

import java.util.Arrays;

/**
 * A labelled sparse data set in compressed sparse row (CSR) form: row {@code i} holds the cells
 * {@code k} in {@code [rowStart(i), rowEnd(i))}, each a feature index {@link #col(int)} (0-based,
 * strictly increasing within a row) and a value {@link #value(int)}; its label is {@link
 * #label(int)}, 0 or 1.
 *
 * <p>Immutable and safe to share between threads. The accessors are plain array reads on a final
 * class so that training loops over them compile to array code. Non-zeros are limited to {@code
 * Integer.MAX_VALUE}.
 */
public final class SparseDataset {
  private final int[] rowPtr;
  private final int[] cols;
  private final float[] vals;
  private final float[] labels;
  private final int dimension;

  private SparseDataset(int[] rowPtr, int[] cols, float[] vals, float[] labels, int dimension) {
    this.rowPtr = rowPtr;
    this.cols = cols;
    this.vals = vals;
    this.labels = labels;
    this.dimension = dimension;
  }

  /**
   * Builds a data set from CSR arrays, which it copies and validates: {@code rowPtr} has {@code
   * labels.length + 1} entries, starts at 0 and does not decrease; columns are non-negative and
   * strictly increasing within a row; labels are 0 or 1.
   *
   * @throws IllegalArgumentException naming the first inconsistency
   */
  public static SparseDataset fromCsr(int[] rowPtr, int[] cols, float[] vals, float[] labels) {
    int n = labels.length;
    if (rowPtr.length != n + 1) {
      throw new IllegalArgumentException(
          "rowPtr must have labels.length + 1 = " + (n + 1) + " entries, had " + rowPtr.length);
    }
    if (rowPtr[0] != 0 || rowPtr[n] != cols.length || cols.length != vals.length) {
      throw new IllegalArgumentException(
          "rowPtr must run from 0 to cols.length (" + cols.length + ") and vals.length ("
              + vals.length + ") must equal it; rowPtr ran from " + rowPtr[0] + " to " + rowPtr[n]);
    }
    int maxCol = -1;
    for (int i = 0; i < n; i++) {
      if (labels[i] != 0f && labels[i] != 1f) {
        throw new IllegalArgumentException("row " + i + ": label must be 0 or 1, was " + labels[i]);
      }
      if (rowPtr[i + 1] < rowPtr[i]) {
        throw new IllegalArgumentException("rowPtr decreases at row " + i);
      }
      int prev = -1;
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        if (cols[k] <= prev) {
          throw new IllegalArgumentException(
              "row " + i + ": columns must be non-negative and strictly increasing, found " + cols[k]
                  + " after " + prev);
        }
        prev = cols[k];
      }
      maxCol = Math.max(maxCol, prev);
    }
    return new SparseDataset(
        rowPtr.clone(), cols.clone(), vals.clone(), labels.clone(), maxCol + 1);
  }

  /** For readers in this package, which have already validated the arrays and own them. */
  static SparseDataset trusted(int[] rowPtr, int[] cols, float[] vals, float[] labels, int dimension) {
    return new SparseDataset(rowPtr, cols, vals, labels, dimension);
  }

  /** Number of rows (examples). */
  public int rows() {
    return labels.length;
  }

  /** Number of stored cells over all rows. */
  public int nonZeros() {
    return cols.length;
  }

  /** One more than the largest feature index present (0 if there are no cells). */
  public int dimension() {
    return dimension;
  }

  /** The largest feature index present, 0-based, or -1 if there are no cells. */
  public int maxFeature() {
    return dimension - 1;
  }

  /** First cell of row {@code i}. */
  public int rowStart(int i) {
    return rowPtr[i];
  }

  /** One past the last cell of row {@code i}. */
  public int rowEnd(int i) {
    return rowPtr[i + 1];
  }

  /** Feature index (0-based) of cell {@code k}. */
  public int col(int k) {
    return cols[k];
  }

  /** Value of cell {@code k}. */
  public float value(int k) {
    return vals[k];
  }

  /** Label of row {@code i}: 0 or 1. */
  public float label(int i) {
    return labels[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseDataset d
        && dimension == d.dimension
        && Arrays.equals(rowPtr, d.rowPtr)
        && Arrays.equals(cols, d.cols)
        && Arrays.equals(vals, d.vals)
        && Arrays.equals(labels, d.labels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(cols) + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "SparseDataset[rows=" + rows() + ", nonZeros=" + nonZeros() + ", dimension=" + dimension + "]";
  }
}
