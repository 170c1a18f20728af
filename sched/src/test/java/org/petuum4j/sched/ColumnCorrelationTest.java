package org.petuum4j.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColumnCorrelationTest {

  @Test
  void correlation_overPartitionsEqualsTheDenseComputation() {
    int rows = 57;
    int cols = 9;
    SplittableRandom r = new SplittableRandom(4);
    double[][] x = new double[rows][cols];
    List<Integer> ptr = new ArrayList<>(List.of(0));
    List<Integer> idx = new ArrayList<>();
    List<Double> val = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        if (j != 8 && r.nextDouble() < 0.4) {
          x[i][j] = j == 1 ? 2 * x[i][0] - 0.1 : r.nextGaussian();
          if (x[i][j] != 0) {
            idx.add(j);
            val.add(x[i][j]);
          }
        }
      }
      ptr.add(idx.size());
    }
    int[] rowPtr = ptr.stream().mapToInt(Integer::intValue).toArray();
    int[] colIdx = idx.stream().mapToInt(Integer::intValue).toArray();
    double[] values = val.stream().mapToDouble(Double::doubleValue).toArray();
    List<SparseColumns> parts = List.of(
        SparseColumns.ofRows(rowPtr, colIdx, values, 0, 20, cols),
        SparseColumns.ofRows(rowPtr, colIdx, values, 20, 21, cols),
        SparseColumns.ofRows(rowPtr, colIdx, values, 21, rows, cols));
    ColumnCorrelation c = new ColumnCorrelation(parts);

    for (int a = 0; a < cols; a++) {
      for (int b = 0; b < cols; b++) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < rows; i++) {
          dot += x[i][a] * x[i][b];
          na += x[i][a] * x[i][a];
          nb += x[i][b] * x[i][b];
        }
        double expected = na == 0 || nb == 0 ? 0 : Math.abs(dot) / Math.sqrt(na * nb);
        assertThat(c.between(a, b)).as("(%d, %d)", a, b).isCloseTo(expected, within(1e-12));
        assertThat(c.between(a, b)).as("cached (%d, %d)", a, b).isCloseTo(expected, within(1e-12));
      }
    }
    assertThat(c.between(8, 3)).as("an empty column depends on nothing").isZero();
  }

  @Test
  void round_admitsExactlyWhatPairwiseTestsAdmit() {
    // 300 rows; columns 0-59 sparse (both test paths get used: short and long columns).
    int rows = 300;
    int cols = 60;
    SplittableRandom r = new SplittableRandom(8);
    int[] rowPtr = new int[rows + 1];
    List<Integer> idx = new ArrayList<>();
    List<Double> val = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double density = j < 5 ? 0.6 : 0.05;
        if (r.nextDouble() < density) {
          idx.add(j);
          val.add(j % 7 == 1 && i % 2 == 0 ? 1.0 : r.nextGaussian());
        }
      }
      rowPtr[i + 1] = idx.size();
    }
    int[] colIdx = idx.stream().mapToInt(Integer::intValue).toArray();
    double[] values = val.stream().mapToDouble(Double::doubleValue).toArray();
    ColumnCorrelation c = new ColumnCorrelation(List.of(
        SparseColumns.ofRows(rowPtr, colIdx, values, 0, 170, cols),
        SparseColumns.ofRows(rowPtr, colIdx, values, 170, rows, cols)));
    Dependency pairwise = c::between;
    for (double threshold : new double[] {0.05, 0.1, 0.3}) {
      for (int trial = 0; trial < 30; trial++) {
        Dependency.Round fast = c.round(threshold);
        Dependency.Round slow = pairwise.round(threshold);
        int[] order = r.ints(0, cols).distinct().limit(40).toArray();
        for (int cand : order) {
          boolean ok = slow.admits(cand);
          assertThat(fast.admits(cand)).as("candidate %d, threshold %s", cand, threshold).isEqualTo(ok);
          if (ok) {
            fast.add(cand);
            slow.add(cand);
          }
        }
      }
    }
  }

  @Test
  void ofRows_transposesAndRejectsBadColumns() {
    int[] rowPtr = {0, 2, 3, 5};
    int[] cols = {0, 2, 1, 0, 2};
    double[] vals = {1, 2, 3, 4, 5};
    SparseColumns p = SparseColumns.ofRows(rowPtr, cols, vals, 1, 3, 3);
    assertThat(p.numRows()).isEqualTo(2);
    assertThat(p.nonZeros()).isEqualTo(3);
    assertThat(p.end(0) - p.start(0)).isEqualTo(1);
    assertThat(p.row(p.start(0))).isEqualTo(1);
    assertThat(p.value(p.start(0))).isEqualTo(4);
    assertThat(p.squaredNorm(2)).isEqualTo(25);
    assertThatThrownBy(() -> SparseColumns.ofRows(rowPtr, cols, vals, 0, 3, 2))
        .hasMessage("column 2 outside [0, 2)");
    assertThatThrownBy(() -> SparseColumns.ofRows(new int[] {0, 2}, new int[] {1, 1}, new double[] {1, 1}, 0, 1, 2))
        .hasMessage("row 0: column 1 appears twice");
  }
}
