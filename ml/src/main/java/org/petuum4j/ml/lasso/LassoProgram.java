package org.petuum4j.ml.lasso;

import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.Partitions;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.sched.ModelParallelProgram;
import org.petuum4j.sched.SparseColumns;
import org.petuum4j.sched.Task;

/**
 * Lasso coordinate descent as a model-parallel program; see {@link LassoTrainer} for the maths.
 * The one implementation: {@link LassoTrainer} runs it embedded, {@link LassoJob} on every
 * deployment.
 *
 * <p>An instance serves the worker threads of one process. Each of them owns a range of the rows
 * this process holds (embedded, or a cluster where every process reads the whole file: {@code
 * Partitions.range(n, w, W)}; a Spark task: its share of the task's partition), in column-major
 * form, and their residuals {@code r = y - X b}. It also keeps the sum of its squared residuals up to date
 * as it changes them (two multiplications per changed residual), so the objective costs nothing
 * per round; to stop rounding errors from piling up, the sum is recomputed exactly once the
 * residual changes since the last exact sum exceed the number of rows, which keeps that cost at
 * O(1) per change. The column norms {@code ||x_j||^2} are reduced once at the start through the
 * table {@link #NORMS_TABLE}: each worker writes its partial norms into rows of its own, and worker
 * 0 (the puller) adds them up in worker order, so the sums, and with them the whole run, do not
 * depend on the order in which increments reach the servers. The puller keeps the norms, along
 * with {@code ||b||_1} and the non-zero count, which it updates as it pulls.
 */
final class LassoProgram implements ModelParallelProgram {
  static final String NORMS_TABLE = "lasso.colsq";
  static final int NORMS_WIDTH = 1024;

  private final int d;
  private final long n;
  private final double lambda;
  private final RegressionDataset data;
  private final int firstWorker;
  private final SparseColumns[] parts;
  private final int[] firstRow;
  private final double[][] residuals;
  private final double[] rss;
  private final long[] changesSinceExact;

  // Puller state (worker 0's thread only, after every init has returned).
  private final double[] colSq;
  private double l1;
  private int nonZeros;

  /** All {@code workers} workers in this process, over all of {@code data}. */
  LassoProgram(RegressionDataset data, int workers, double lambda) {
    this(data, data.numFeatures(), data.rows(), lambda, 0, ranges(data.rows(), workers));
  }

  /**
   * The workers {@code firstWorker .. firstWorker + localRows.length - 1} of a job, in one process.
   *
   * @param data the rows this process holds
   * @param features the job's number of features
   * @param totalRows n, the rows of the whole job (for the objective's {@code 1/(2n)})
   * @param localRows the rows of {@code data} each local worker owns
   */
  LassoProgram(RegressionDataset data, int features, long totalRows, double lambda, int firstWorker,
      Partitions.Range[] localRows) {
    this.d = features;
    this.n = totalRows;
    this.lambda = lambda;
    this.data = data;
    this.firstWorker = firstWorker;
    int local = localRows.length;
    this.parts = new SparseColumns[local];
    this.firstRow = new int[local];
    for (int k = 0; k < local; k++) {
      firstRow[k] = (int) localRows[k].from();
      parts[k] = data.columnsOfRows((int) localRows[k].from(), (int) localRows[k].to());
    }
    this.residuals = new double[local][];
    this.rss = new double[local];
    this.changesSinceExact = new long[local];
    this.colSq = new double[d];
  }

  /** The ranges {@code Partitions.range(rows, w, workers)} of every worker. */
  static Partitions.Range[] ranges(long rows, int workers) {
    Partitions.Range[] r = new Partitions.Range[workers];
    for (int w = 0; w < workers; w++) {
      r[w] = Partitions.range(rows, w, workers);
    }
    return r;
  }

  /** The partitions of {@code workers} workers over all of {@code data}, as embedded. */
  static SparseColumns[] partitionsOf(RegressionDataset data, int workers) {
    Partitions.Range[] r = ranges(data.rows(), workers);
    SparseColumns[] p = new SparseColumns[workers];
    for (int w = 0; w < workers; w++) {
      p[w] = data.columnsOfRows((int) r[w].from(), (int) r[w].to());
    }
    return p;
  }

  /** The local workers' partitions, for the dependency schedule's correlations. */
  SparseColumns[] partitions() {
    return parts;
  }

  /** Worker {@code w}'s partial norms of block {@code b} go to row {@code w * blocks + b}. */
  static TableSpec normsTable(int features, int workers) {
    int width = Math.min(NORMS_WIDTH, features);
    int blocks = (features + width - 1) / width;
    return TableSpec.builder(NORMS_TABLE).dense(ValueType.DOUBLE)
        .rows(workers * blocks).width(width).consistency(Consistency.bsp()).build();
  }

  @Override
  public int numParams() {
    return d;
  }

  @Override
  public void init(WorkerContext ctx) {
    int w = ctx.workerId();
    int k = w - firstWorker;
    SparseColumns p = parts[k];
    double[] r = new double[p.numRows()];
    for (int i = 0; i < r.length; i++) {
      r[i] = data.target(firstRow[k] + i);
    }
    residuals[k] = r;
    rss[k] = sumOfSquares(r);
    Table norms = ctx.table(NORMS_TABLE);
    int width = norms.spec().width();
    int blocks = (d + width - 1) / width;
    for (int j = 0; j < d; j++) {
      if (p.end(j) > p.start(j)) {
        norms.inc(w * blocks + j / width, j % width, p.squaredNorm(j));
      }
    }
    ctx.barrier();
    if (w == 0) {
      double[] row = new double[width];
      for (int q = 0; q < ctx.numWorkers(); q++) {
        for (int b = 0; b < blocks; b++) {
          norms.get(q * blocks + b).copyTo(row);
          for (int c = 0, base = b * width, end = Math.min(width, d - base); c < end; c++) {
            colSq[base + c] += row[c];
          }
        }
      }
    }
  }

  @Override
  public void push(WorkerContext ctx, Task task, double[] partialsOut) {
    int w = ctx.workerId() - firstWorker;
    SparseColumns p = parts[w];
    double[] r = residuals[w];
    for (int i = 0; i < task.size(); i++) {
      int j = task.param(i);
      double z = 0;
      for (int k = p.start(j), end = p.end(j); k < end; k++) {
        z += p.value(k) * r[p.row(k)];
      }
      partialsOut[i] = z;
    }
  }

  /**
   * {@code b_j <- S(b_j c_j + z_j / n, lambda) / c_j} with {@code c_j = ||x_j||^2 / n}, {@code z_j
   * = x_j . r} and {@code S} the soft threshold; an empty column stays 0.
   */
  @Override
  public void pull(Task task, double[] current, double[] summedPartials, double[] deltasOut) {
    for (int i = 0; i < task.size(); i++) {
      int j = task.param(i);
      double c = colSq[j] / n;
      if (c == 0) {
        continue;
      }
      double b = current[i];
      double bNew = softThreshold(b * c + summedPartials[i] / n, lambda) / c;
      double delta = bNew - b;
      if (!Double.isFinite(delta)) {
        throw new LassoDivergedException("Lasso diverged: coefficient " + j + " is no longer finite; "
            + LassoTrainer.DIVERGENCE_ADVICE);
      }
      // The parameter becomes b + delta (that is what the runtime adds), so track exactly that.
      double after = b + delta;
      l1 += Math.abs(after) - Math.abs(b);
      nonZeros += (after != 0 ? 1 : 0) - (b != 0 ? 1 : 0);
      deltasOut[i] = delta;
    }
  }

  static double softThreshold(double v, double t) {
    return v > t ? v - t : v < -t ? v + t : 0;
  }

  @Override
  public void update(WorkerContext ctx, Task task, double[] deltas) {
    int w = ctx.workerId() - firstWorker;
    SparseColumns p = parts[w];
    double[] r = residuals[w];
    double s = rss[w];
    long changes = 0;
    for (int i = 0; i < task.size(); i++) {
      double delta = deltas[i];
      if (delta == 0) {
        continue;
      }
      int j = task.param(i);
      int start = p.start(j);
      int end = p.end(j);
      for (int k = start; k < end; k++) {
        int row = p.row(k);
        double old = r[row];
        double now = old - p.value(k) * delta;
        r[row] = now;
        s += (now - old) * (now + old);
      }
      changes += end - start;
    }
    rss[w] = s;
    changesSinceExact[w] += changes;
  }

  @Override
  public int numStatistics() {
    return 1;
  }

  @Override
  public void statistics(WorkerContext ctx, double[] out) {
    int w = ctx.workerId() - firstWorker;
    if (changesSinceExact[w] > residuals[w].length) {
      rss[w] = sumOfSquares(residuals[w]);
      changesSinceExact[w] = 0;
    }
    out[0] = rss[w];
  }

  /** The objective from the summed residual statistic; puller thread only. */
  double objective(double summedRss) {
    return summedRss / (2.0 * n) + lambda * l1;
  }

  /** Non-zero coefficients now; puller thread only. */
  int nonZeros() {
    return nonZeros;
  }

  private static double sumOfSquares(double[] r) {
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    return s;
  }
}
