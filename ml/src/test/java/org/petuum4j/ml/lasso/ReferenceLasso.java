package org.petuum4j.ml.lasso;

import org.petuum4j.ml.data.RegressionDataset;

/**
 * The reference optimum: plain sequential cyclic coordinate descent on dense columns, written
 * independently of the distributed code, run until no coefficient moves by more than 1e-14.
 */
final class ReferenceLasso {
  private ReferenceLasso() {}

  static double[] solve(RegressionDataset data, double lambda) {
    int n = data.rows();
    int d = data.numFeatures();
    double[][] x = new double[d][n];
    for (int i = 0; i < n; i++) {
      for (int k = data.rowStart(i); k < data.rowEnd(i); k++) {
        x[data.col(k)][i] = data.value(k);
      }
    }
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = data.target(i);
    }
    double[] b = new double[d];
    for (int sweep = 0; sweep < 1_000_000; sweep++) {
      double maxMove = 0;
      for (int j = 0; j < d; j++) {
        double sq = 0;
        double dot = 0;
        for (int i = 0; i < n; i++) {
          sq += x[j][i] * x[j][i];
          dot += x[j][i] * r[i];
        }
        if (sq == 0) {
          continue;
        }
        double c = sq / n;
        double v = b[j] * c + dot / n;
        double next = (Math.signum(v) * Math.max(Math.abs(v) - lambda, 0)) / c;
        double move = next - b[j];
        for (int i = 0; i < n; i++) {
          r[i] -= x[j][i] * move;
        }
        b[j] = next;
        maxMove = Math.max(maxMove, Math.abs(move));
      }
      if (maxMove < 1e-14) {
        return b;
      }
    }
    throw new AssertionError("reference coordinate descent did not converge");
  }
}
