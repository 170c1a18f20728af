package org.petuum4j.sched;

import java.util.Arrays;
import java.util.List;

/**
 * The dependency structure of a linear model, derived from its data: the absolute correlation
 * {@code |x_a . x_b| / (||x_a|| ||x_b||)} of feature columns {@code a} and {@code b} over all rows,
 * summed over the workers' partitions. In coordinate descent for such models, updating {@code a}
 * and {@code b} in the same round interferes in proportion to it (Bradley et al., ICML 2011), so
 * users need not write a dependency function. An empty column depends on nothing.
 *
 * <p>Implementation notes. Nothing is computed ahead except the column norms and a row-major copy
 * of each partition (O(non-zeros) time and memory, once). {@link #between} merges the two sorted
 * columns in every partition: O(nnz(a) + nnz(b)). A {@link #round} marks the columns chosen so far
 * and tests a candidate in one pass over the rows of its column, accumulating its dot products with
 * the chosen columns it meets there: O(sum of those rows' lengths), whatever the number chosen;
 * when the chosen columns together are shorter than that, it merges pair by pair instead. Either
 * way the cost depends on the candidate's and the chosen columns' non-zeros, never on the number of
 * columns. No pair is cached: in the first sweeps nearly every pair is new, and a test costs about
 * as much as a few hash look-ups would. Not thread-safe: meant for the scheduler thread.
 */
public final class ColumnCorrelation implements Dependency {
  private final SparseColumns[] parts;
  /** Row-major copy of each partition: rowPtr, column and value per cell. */
  private final int[][] rowPtr;
  private final int[][] rowCol;
  private final double[][] rowVal;
  private final double[] norms;
  private final int[] nnz;
  /** Cells an expansion of the column visits: sum over its rows of their lengths. */
  private final long[] expansionCost;
  // Scratch for one round at a time: chosen marks, dot-product accumulators, columns met.
  private final int[] chosenStamp;
  private int roundStamp;
  private final double[] acc;
  private final int[] accSeen;
  private int accStamp;
  private final int[] touched;

  /**
   * @param partitions the row partitions of the design matrix, all with the same number of
   *     columns; shared, not copied (they are immutable)
   */
  public ColumnCorrelation(List<SparseColumns> partitions) {
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("at least one partition is needed");
    }
    int cols = partitions.get(0).numColumns();
    for (SparseColumns p : partitions) {
      if (p.numColumns() != cols) {
        throw new IllegalArgumentException(
            "partitions disagree on the number of columns: " + cols + " and " + p.numColumns());
      }
    }
    this.parts = partitions.toArray(new SparseColumns[0]);
    int np = parts.length;
    this.rowPtr = new int[np][];
    this.rowCol = new int[np][];
    this.rowVal = new double[np][];
    this.norms = new double[cols];
    this.nnz = new int[cols];
    this.expansionCost = new long[cols];
    for (int q = 0; q < np; q++) {
      SparseColumns p = parts[q];
      int[] ptr = new int[p.numRows() + 1];
      for (int k = 0; k < p.nonZeros(); k++) {
        ptr[p.row(k) + 1]++;
      }
      for (int i = 0; i < p.numRows(); i++) {
        ptr[i + 1] += ptr[i];
      }
      int[] fill = Arrays.copyOf(ptr, p.numRows());
      int[] c = new int[p.nonZeros()];
      double[] v = new double[p.nonZeros()];
      for (int j = 0; j < cols; j++) {
        for (int k = p.start(j); k < p.end(j); k++) {
          int at = fill[p.row(k)]++;
          c[at] = j;
          v[at] = p.value(k);
          norms[j] += p.value(k) * p.value(k);
        }
        nnz[j] += p.end(j) - p.start(j);
      }
      rowPtr[q] = ptr;
      rowCol[q] = c;
      rowVal[q] = v;
      for (int j = 0; j < cols; j++) {
        for (int k = p.start(j); k < p.end(j); k++) {
          int i = p.row(k);
          expansionCost[j] += ptr[i + 1] - ptr[i];
        }
      }
    }
    for (int j = 0; j < cols; j++) {
      norms[j] = Math.sqrt(norms[j]);
    }
    this.chosenStamp = new int[cols];
    this.acc = new double[cols];
    this.accSeen = new int[cols];
    this.touched = new int[cols];
  }

  @Override
  public double between(int a, int b) {
    if (a == b) {
      return norms[a] > 0 ? 1 : 0;
    }
    if (norms[a] == 0 || norms[b] == 0) {
      return 0;
    }
    double dot = 0;
    for (SparseColumns p : parts) {
      dot += p.dot(a, b);
    }
    return Math.min(1.0, Math.abs(dot) / (norms[a] * norms[b]));
  }

  /**
   * A round that marks its chosen columns, so that testing a candidate costs one pass over the
   * rows of its column (accumulating dot products with the chosen columns it meets), or, when the
   * candidate's rows are longer than the chosen columns together, pairwise merges with them.
   */
  @Override
  public Round round(double threshold) {
    if (++roundStamp == 0) {
      Arrays.fill(chosenStamp, 0);
      roundStamp = 1;
    }
    int mark = roundStamp;
    return new Round() {
      private int[] chosen = new int[16];
      private int count;
      private long chosenNnz;

      @Override
      public boolean admits(int c) {
        if (count == 0 || norms[c] == 0) {
          return true;
        }
        if ((long) count * nnz[c] + chosenNnz <= expansionCost[c]) {
          for (int i = 0; i < count; i++) {
            if (between(c, chosen[i]) >= threshold) {
              return false;
            }
          }
          return true;
        }
        int met = expand(c, mark);
        for (int i = 0; i < met; i++) {
          int a = touched[i];
          if (Math.min(1.0, Math.abs(acc[a]) / (norms[c] * norms[a])) >= threshold) {
            return false;
          }
        }
        return true;
      }

      @Override
      public void add(int p) {
        if (count == chosen.length) {
          chosen = Arrays.copyOf(chosen, 2 * count);
        }
        chosen[count++] = p;
        chosenNnz += nnz[p];
        chosenStamp[p] = mark;
      }
    };
  }

  /**
   * Accumulates {@code x_c . x_a} in {@code acc[a]} for every column {@code a} chosen in the round
   * {@code mark} that shares a row with {@code c}; those columns are {@code touched[0 .. result)}.
   */
  private int expand(int c, int mark) {
    if (++accStamp == 0) {
      Arrays.fill(accSeen, 0);
      accStamp = 1;
    }
    int met = 0;
    for (int q = 0; q < parts.length; q++) {
      SparseColumns p = parts[q];
      int[] ptr = rowPtr[q];
      int[] cols = rowCol[q];
      double[] vals = rowVal[q];
      for (int k = p.start(c), end = p.end(c); k < end; k++) {
        int i = p.row(k);
        double v = p.value(k);
        for (int kk = ptr[i]; kk < ptr[i + 1]; kk++) {
          int a = cols[kk];
          if (chosenStamp[a] != mark) {
            continue;
          }
          if (accSeen[a] != accStamp) {
            accSeen[a] = accStamp;
            acc[a] = 0;
            touched[met++] = a;
          }
          acc[a] += v * vals[kk];
        }
      }
    }
    return met;
  }
}
