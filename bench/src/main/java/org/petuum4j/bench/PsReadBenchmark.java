package org.petuum4j.bench;

import static org.petuum4j.bench.WorkerFixture.BATCH;
import static org.petuum4j.bench.WorkerFixture.OPS;
import static org.petuum4j.bench.WorkerFixture.POOL;
import static org.petuum4j.bench.WorkerFixture.WIDTH;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.petuum4j.ps.EmbeddedRuntime;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerContext;

/**
 * Cached reads per second within one clock: {@link Row#get(int)} on a row view, and the view
 * lookup {@link Table#get(int)} itself, on dense and sparse FLOAT rows of {@value
 * WorkerFixture#WIDTH} columns, next to a plain {@code float[]} gather.
 *
 * <p>When the job starts, every worker fills its share of the {@value #ROWS} rows of each table
 * (dense rows in full, sparse rows at about 60% of their columns), clocks once and reads every
 * row, so that every view is cached and valid. The workers then never clock again: every read
 * measured here is served from the thread's own view, and no fetch, wait or flush is included.
 * One invocation is {@value WorkerFixture#OPS} reads split evenly between the workers, handed to
 * them as described in {@link JobDriver}; its hand-off is measured by {@link
 * PsIncrementBenchmark#handoff}. Scores are reads per second of the whole job.
 *
 * <p>Run (one JVM per benchmark; do not use {@code -f 0}):
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar PsReadBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PsReadBenchmark {
  /** Rows per table; a power of two, since lookups pick a row by masking a random column. */
  static final int ROWS = 16;

  /** A worker's fixture and its handles on the two tables. */
  static final class Worker {
    final WorkerFixture f;
    final Table dense;
    final Table sparse;

    Worker(WorkerContext ctx) {
      this.f = new WorkerFixture(ctx);
      this.dense = ctx.table("dense");
      this.sparse = ctx.table("sparse");
      for (int r = ctx.workerId(); r < ROWS; r += ctx.numWorkers()) {
        dense.incDense(r, f.rowDelta);
        for (int b = 0; b < POOL; b++) {
          sparse.inc(r, f.cols[b], f.deltas[b], BATCH);
        }
      }
      ctx.clock();
      for (int r = 0; r < ROWS; r++) {
        dense.get(r);
        sparse.get(r);
      }
    }
  }

  /** A running job with a dense and a sparse FLOAT table, every row cached by every worker. */
  @State(Scope.Benchmark)
  public static class Job {
    @Param({"1", "2"})
    int workers;

    JobDriver<Worker> driver;

    @Setup(Level.Trial)
    public void start() {
      EmbeddedRuntime rt = EmbeddedRuntime.builder()
          .workers(workers)
          .shards(1)
          .table(TableSpec.builder("dense").dense(ValueType.FLOAT).rows(ROWS).width(WIDTH).build())
          .table(TableSpec.builder("sparse").sparse(ValueType.FLOAT).rows(ROWS).width(WIDTH).build())
          .build();
      driver = JobDriver.start(rt, workers, Worker::new);
    }

    @TearDown(Level.Trial)
    public void stop() {
      driver.close();
    }
  }

  private static final JobDriver.Step<Worker> DENSE_ROW_GET = w -> cellGets(w.f, w.dense);
  private static final JobDriver.Step<Worker> SPARSE_ROW_GET = w -> cellGets(w.f, w.sparse);
  private static final JobDriver.Step<Worker> DENSE_TABLE_GET = w -> rowGets(w.f, w.dense);
  private static final JobDriver.Step<Worker> SPARSE_TABLE_GET = w -> rowGets(w.f, w.sparse);
  private static final JobDriver.Step<Worker> PLAIN_GATHER = PsReadBenchmark::plainGather;

  /** {@code Row.get(col)} on a dense row view, at random columns. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void denseRowGet(Job job) {
    job.driver.run(DENSE_ROW_GET);
  }

  /** {@code Row.get(col)} on a sparse row view, at random columns (about 60% of them stored). */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void sparseRowGet(Job job) {
    job.driver.run(SPARSE_ROW_GET);
  }

  /** {@code Table.get(row)} of a random, already cached dense row. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void denseTableGet(Job job) {
    job.driver.run(DENSE_TABLE_GET);
  }

  /** {@code Table.get(row)} of a random, already cached sparse row. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void sparseTableGet(Job job) {
    job.driver.run(SPARSE_TABLE_GET);
  }

  /** Reference: {@code a[idx[i]]} over the same columns, no parameter server. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void plainGather(Job job) {
    job.driver.run(PLAIN_GATHER);
  }

  // Read loops fold values by XOR rather than summing them: a chain of floating additions would
  // bound these loops by the adder's latency instead of by the reads they measure.
  private static void cellGets(WorkerFixture f, Table t) {
    long folded = 0;
    for (int b = 0; b < f.batchesPerStep; b++) {
      // One lookup per batch, as an app that reads its row once per mini-batch; always the same
      // row, so that the cells read fit the same caches as the plain reference's array.
      Row r = t.get(0);
      int[] cols = f.cols[b & (POOL - 1)];
      for (int i = 0; i < BATCH; i++) {
        folded ^= Double.doubleToRawLongBits(r.get(cols[i]));
      }
    }
    f.sink ^= folded;
  }

  private static void rowGets(WorkerFixture f, Table t) {
    long sum = 0;
    for (int b = 0; b < f.batchesPerStep; b++) {
      int[] cols = f.cols[b & (POOL - 1)];
      for (int i = 0; i < BATCH; i++) {
        // A different, random row each time, so that no lookup can be hoisted out of the loop.
        sum += t.get(cols[i] & (ROWS - 1)).width();
      }
    }
    f.sink ^= sum;
  }

  private static void plainGather(Worker w) {
    WorkerFixture f = w.f;
    float[] a = f.plain;
    long folded = 0;
    for (int b = 0; b < f.batchesPerStep; b++) {
      int[] cols = f.cols[b & (POOL - 1)];
      for (int i = 0; i < BATCH; i++) {
        folded ^= Double.doubleToRawLongBits(a[cols[i]]);
      }
    }
    f.sink ^= folded;
  }
}
