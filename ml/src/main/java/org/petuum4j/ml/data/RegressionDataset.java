package org.petuum4j.ml.data;

import org.petuum4j.sched.SparseColumns;

/**
 * A sparse design matrix with a real-valued response: row {@code i} holds the cells {@code k} in
 * {@code [rowStart(i), rowEnd(i))}, each a 0-based feature {@link #col(int)} (strictly increasing
 * within a row) and a {@link #value(int)}; its response is {@link #target(int)}. The input of
 * regression apps such as Lasso; read by {@link MatrixMarketReader} and {@link
 * LibSvmRegressionReader}.
 *
 * <p>Immutable and safe to share between threads. Non-zeros are limited to {@code
 * Integer.MAX_VALUE - 8}.
 */
public final class RegressionDataset {
  private final int[] rowPtr;
  private final int[] cols;
  private final double[] vals;
  private final double[] targets;
  private final int numFeatures;

  private RegressionDataset(int[] rowPtr, int[] cols, double[] vals, double[] targets, int numFeatures) {
    this.rowPtr = rowPtr;
    this.cols = cols;
    this.vals = vals;
    this.targets = targets;
    this.numFeatures = numFeatures;
  }

  /**
   * Builds a data set from CSR arrays, which it copies and validates: {@code rowPtr} has {@code
   * targets.length + 1} entries, starts at 0 and does not decrease; columns are strictly
   * increasing within a row and in {@code [0, numFeatures)}; values and targets are finite.
   *
   * @throws IllegalArgumentException naming the first inconsistency
   */
  public static RegressionDataset fromCsr(
      int[] rowPtr, int[] cols, double[] vals, double[] targets, int numFeatures) {
    int n = targets.length;
    if (rowPtr.length != n + 1) {
      throw new IllegalArgumentException(
          "rowPtr must have targets.length + 1 = " + (n + 1) + " entries, had " + rowPtr.length);
    }
    if (rowPtr[0] != 0 || rowPtr[n] != cols.length || cols.length != vals.length) {
      throw new IllegalArgumentException("rowPtr must run from 0 to cols.length (" + cols.length
          + ") and vals.length (" + vals.length + ") must equal it");
    }
    if (numFeatures < 0) {
      throw new IllegalArgumentException("numFeatures must be >= 0, was " + numFeatures);
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(targets[i])) {
        throw new IllegalArgumentException("row " + i + ": target is not finite: " + targets[i]);
      }
      if (rowPtr[i + 1] < rowPtr[i]) {
        throw new IllegalArgumentException("rowPtr decreases at row " + i);
      }
      int prev = -1;
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        if (cols[k] <= prev || cols[k] >= numFeatures) {
          throw new IllegalArgumentException("row " + i + ": columns must be strictly increasing in [0, "
              + numFeatures + "), found " + cols[k] + " after " + prev);
        }
        if (!Double.isFinite(vals[k])) {
          throw new IllegalArgumentException("row " + i + ": value of column " + cols[k] + " is not finite");
        }
        prev = cols[k];
      }
    }
    return new RegressionDataset(rowPtr.clone(), cols.clone(), vals.clone(), targets.clone(), numFeatures);
  }

  /** For readers and generators of this package, which validated the arrays and hand them over. */
  static RegressionDataset trusted(int[] rowPtr, int[] cols, double[] vals, double[] targets, int numFeatures) {
    return new RegressionDataset(rowPtr, cols, vals, targets, numFeatures);
  }

  /** Number of rows (examples). */
  public int rows() {
    return targets.length;
  }

  /** Number of features (columns), including empty ones. */
  public int numFeatures() {
    return numFeatures;
  }

  public int nonZeros() {
    return cols.length;
  }

  public int rowStart(int i) {
    return rowPtr[i];
  }

  public int rowEnd(int i) {
    return rowPtr[i + 1];
  }

  /** 0-based feature of cell {@code k}. */
  public int col(int k) {
    return cols[k];
  }

  public double value(int k) {
    return vals[k];
  }

  /** Response of row {@code i}. */
  public double target(int i) {
    return targets[i];
  }

  /** Rows {@code [from, to)} in column-major form, for model-parallel apps that push per column. */
  public SparseColumns columnsOfRows(int from, int to) {
    return SparseColumns.ofRows(rowPtr, cols, vals, from, to, numFeatures);
  }

  @Override
  public String toString() {
    return "RegressionDataset[rows=" + rows() + ", features=" + numFeatures + ", nonZeros=" + nonZeros() + "]";
  }
}
