package org.petuum4j.ml.lasso;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.petuum4j.ml.data.LibSvmRegressionReader;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.Partitions;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;
import org.petuum4j.sched.SparseColumns;

/**
 * Lasso by model-parallel coordinate descent with the round-robin schedule, as a {@link
 * JobFactory}, so that it runs on any deployment, networked ones included: the same maths as
 * {@link LassoTrainer} with {@link LassoConfig.Schedule#ROUND_ROBIN}, but with the rounds' push
 * and pull done through parameter-server tables instead of the embedded scheduler's exchange.
 *
 * <p>Implementation notes. Round {@code r} updates the coordinates {@code (r P + p) mod D}, {@code
 * p < P}, which every worker knows without a scheduler. Each worker keeps its rows in column form
 * and their residuals; it adds its partial dot products {@code z_j = sum x_ij r_i} and its residual
 * sum of squares to row {@code r} of the BSP table {@value #PARTIALS}, and clocks; its read of that
 * row at the next clock waits until every worker's partials are in. Every worker then applies the
 * same soft-threshold update to its own copy of the coefficients (so no worker needs to pull and
 * broadcast) and to its residuals. The column norms are reduced the same way once, before the
 * first round. After the last round worker 0 writes the coefficients to {@value #COEFFICIENTS}.
 * The schedule is bulk-synchronous by construction: the {@code staleness} of other jobs does not
 * apply. Not resumable from checkpoints.
 *
 * <p>Data: a process given its own rows in memory ({@link ProcessContext#input()}: a {@link
 * RegressionDataset}, e.g. a Spark partition) shares them among its threads; otherwise every
 * process reads the LibSVM regression file {@code train} and each worker takes its share.
 * Parameters: {@code lambda}, {@code parallelism} (P), {@code rounds}, {@code evalEvery} (rounds
 * between objective reports, default one sweep {@code ceil(D / P)}), and for in-memory inputs
 * {@code features} (D) and {@code totalRows} (n over all processes).
 */
public final class LassoJob implements JobFactory {
  static final String PARTIALS = "lasso.cd.partials";
  static final String NORMS = "lasso.cd.norms";
  static final String COEFFICIENTS = "lasso.cd.coef";
  static final int WIDTH = 1024;
  private static final String EVENT = "round";

  public LassoJob() {}

  /** The parameters of a job on the LibSVM regression file {@code train}. */
  public static JobParams params(Path train, double lambda, int parallelism, int rounds) {
    return JobParams.builder().put("train", train.toAbsolutePath()).put("lambda", lambda)
        .put("parallelism", parallelism).put("rounds", rounds).build();
  }

  private static int features(JobParams p) throws IOException {
    return p.has("features") ? p.integer("features") : read(p).numFeatures();
  }

  private static RegressionDataset read(JobParams p) throws IOException {
    return LibSvmRegressionReader.oneBased().read(Path.of(p.string("train")));
  }

  private static int parallelism(JobParams p, int d) {
    int par = p.integer("parallelism", LassoConfig.DEFAULT_PARALLELISM);
    if (par < 1) {
      throw new IllegalArgumentException("job parameter 'parallelism' must be >= 1, was " + par);
    }
    return Math.min(par, d);
  }

  private static int blockWidth(int d) {
    return Math.max(1, Math.min(WIDTH, d));
  }

  @Override
  public List<TableSpec> tables(JobParams params, JobShape shape) throws IOException {
    int d = features(params);
    if (d < 1) {
      throw new IllegalArgumentException("Lasso needs at least one feature");
    }
    double lambda = params.real("lambda");
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("job parameter 'lambda' must be a finite number > 0, was " + lambda);
    }
    int p = parallelism(params, d);
    int w = blockWidth(d);
    int blocks = (d + w - 1) / w;
    return List.of(
        TableSpec.builder(PARTIALS).dense(ValueType.DOUBLE).unboundedRows().width(p + 1)
            .consistency(Consistency.bsp()).build(),
        TableSpec.builder(NORMS).dense(ValueType.DOUBLE).rows(blocks).width(w).consistency(Consistency.bsp()).build(),
        TableSpec.builder(COEFFICIENTS).dense(ValueType.DOUBLE).rows(blocks).width(w)
            .consistency(Consistency.bsp()).build());
  }

  @Override
  public WorkerProgram program(JobParams params, ProcessContext process) throws IOException {
    java.util.Optional<RegressionDataset> local = process.input(RegressionDataset.class);
    RegressionDataset data = local.isPresent() ? local.get() : read(params);
    int d = local.isPresent() ? params.integer("features") : data.numFeatures();
    long n = local.isPresent() ? params.longValue("totalRows") : data.rows();
    if (n < 1) {
      throw new IllegalArgumentException("Lasso needs at least one row");
    }
    int p = parallelism(params, d);
    int sweep = (d + p - 1) / p;
    return new Cd(data, local.isPresent() ? process : null, d, n, params.real("lambda"), p,
        params.integer("rounds", LassoConfig.DEFAULT_ROUNDS), params.integer("evalEvery", sweep), process.events());
  }

  /** The coefficients in the final tables of a job with {@code features} features. */
  public static LassoModel readModel(JobResult result, int features) {
    int w = blockWidth(features);
    double[] b = new double[features];
    for (int j = 0; j < features; j++) {
      if (j % w == 0) {
        Row row = result.read(COEFFICIENTS, j / w);
        for (int c = 0; c < w && j + c < features; c++) {
          b[j + c] = row.get(c);
        }
      }
    }
    return new LassoModel(b);
  }

  /** The metrics of an event from a worker of this job. */
  public static LassoMetrics metricsOf(String event) {
    String[] f = event.split(" ");
    if (f.length != 6 || !f[0].equals(EVENT)) {
      throw new IllegalArgumentException("unknown Lasso event '" + event + "'");
    }
    return new LassoMetrics(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]),
        Double.parseDouble(f[4]), Integer.parseInt(f[5]));
  }

  /** One worker thread's coordinate descent. */
  private static final class Cd implements WorkerProgram {
    private final RegressionDataset data;
    private final ProcessContext local;
    private final int d;
    private final long n;
    private final double lambda;
    private final int p;
    private final int rounds;
    private final int evalEvery;
    private final EventSink events;

    Cd(RegressionDataset data, ProcessContext local, int d, long n, double lambda, int p, int rounds, int evalEvery,
        EventSink events) {
      this.data = data;
      this.local = local;
      this.d = d;
      this.n = n;
      this.lambda = lambda;
      this.p = p;
      this.rounds = rounds;
      this.evalEvery = Math.max(1, evalEvery);
      this.events = events;
    }

    @Override
    public void run(WorkerContext ctx) {
      Partitions.Range share = local == null ? ctx.partition(data.rows())
          : local.localShare(data.rows(), ctx.workerId());
      int from = (int) share.from();
      SparseColumns cols = data.columnsOfRows(from, (int) share.to());
      double[] r = new double[(int) share.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = data.target(from + i);
      }
      Table partials = ctx.table(PARTIALS);
      Table norms = ctx.table(NORMS);
      int w = blockWidth(d);
      double[] sq = new double[w];
      for (int block = 0; block * w < d; block++) {
        for (int c = 0; c < w && block * w + c < d; c++) {
          sq[c] = block * w + c < cols.numColumns() ? cols.squaredNorm(block * w + c) : 0;
        }
        norms.incDense(block, sq);
      }
      ctx.clock();
      double[] nrm = new double[d];
      for (int j = 0; j < d; j++) {
        if (j % w == 0) {
          Row row = norms.get(j / w);
          for (int c = 0; c < w && j + c < d; c++) {
            nrm[j + c] = row.get(c) / n;
          }
        }
      }
      double[] b = new double[d];
      double l1 = 0;
      int nonZeros = 0;
      long updates = 0;
      int[] idx = new int[p + 1];
      for (int c = 0; c <= p; c++) {
        idx[c] = c;
      }
      double[] z = new double[p + 1];
      long start = System.nanoTime();
      for (int round = 0; ; round++) {
        int first = (int) ((long) round * p % d);
        boolean last = round == rounds;
        double rss = 0;
        for (double v : r) {
          rss += v * v;
        }
        for (int q = 0; q < p; q++) {
          int j = first + q >= d ? first + q - d : first + q;
          double s = 0;
          if (!last && j < cols.numColumns()) {
            for (int k = cols.start(j); k < cols.end(j); k++) {
              s += cols.value(k) * r[cols.row(k)];
            }
          }
          z[q] = s;
        }
        z[p] = rss;
        partials.inc(round, idx, z, p + 1);
        ctx.clock();
        Row sums = partials.get(round);
        if (ctx.workerId() == 0 && (last || round % evalEvery == 0)) {
          double objective = sums.get(p) / (2.0 * n) + lambda * l1;
          events.emit(String.format(Locale.ROOT, "%s %d %s %d %s %d", EVENT, round,
              Double.toString((System.nanoTime() - start) / 1e9), updates, Double.toString(objective), nonZeros));
        }
        if (last) {
          break;
        }
        for (int q = 0; q < p; q++) {
          int j = first + q >= d ? first + q - d : first + q;
          if (nrm[j] == 0) {
            continue;
          }
          double a = b[j] * nrm[j] + sums.get(q) / n;
          double nb = Math.signum(a) * Math.max(0, Math.abs(a) - lambda) / nrm[j];
          double delta = nb - b[j];
          updates++;
          if (delta == 0) {
            continue;
          }
          l1 += Math.abs(nb) - Math.abs(b[j]);
          nonZeros += (nb != 0 ? 1 : 0) - (b[j] != 0 ? 1 : 0);
          b[j] = nb;
          if (j < cols.numColumns()) {
            for (int k = cols.start(j); k < cols.end(j); k++) {
              r[cols.row(k)] -= cols.value(k) * delta;
            }
          }
        }
      }
      if (ctx.workerId() == 0) {
        Table coef = ctx.table(COEFFICIENTS);
        double[] block = new double[w];
        for (int bl = 0; bl * w < d; bl++) {
          java.util.Arrays.fill(block, 0);
          for (int c = 0; c < w && bl * w + c < d; c++) {
            block[c] = b[bl * w + c];
          }
          coef.incDense(bl, block);
        }
      }
      ctx.barrier();
    }
  }
}
