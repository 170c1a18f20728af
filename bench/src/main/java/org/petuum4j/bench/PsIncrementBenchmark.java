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
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerContext;

/**
 * Increments per second into one dense and one sparse FLOAT row of {@value WorkerFixture#WIDTH}
 * columns, through each increment method of {@link Table}, next to the plain {@code float[]} loops
 * that do the same arithmetic with no parameter server.
 *
 * <p>What one invocation is: the JMH thread hands every worker thread of a running embedded job
 * (see {@link JobDriver}) one step; the workers together make {@value WorkerFixture#OPS} cell
 * increments, split evenly between them, and each calls {@code clock()} after every {@code
 * cellsPerClock} of its own increments. Scores are increments per second of the whole job (with
 * {@code workers=2}, both threads' together) and include:
 *
 * <ul>
 *   <li>the clock flush, amortised over {@code cellsPerClock} increments of one worker: draining
 *       the op-log into a row delta and applying it on the server shard, which the in-process
 *       transport does on the worker's own thread. The default, 65,536, is one {@code incDense}
 *       of the whole row, or 64 batches of {@value WorkerFixture#BATCH}, per clock: an app that
 *       pushes one mini-batch's gradient per clock. Pass {@code -p cellsPerClock=1048576} to
 *       amortise the flush over sixteen times more;
 *   <li>the hand-off of the step to the workers and back, once per invocation, measured on its own
 *       by {@link #handoff};
 *   <li>with two workers, waiting for the slower one.
 * </ul>
 *
 * <p>{@code viewed=true} reads each row once when the job starts, so every increment also updates
 * the worker's cached view of the row (read-my-writes), as in an app that reads its weights each
 * clock; the per-clock re-read itself is left out. {@code viewed=false} is the op-log alone. The
 * {@code plain*} references run the same batches on the same worker threads and pay the same
 * hand-off, but make no parameter-server call and never clock: {@code plainScatter} ({@code
 * a[idx[i]] += d[i]}) is the reference of the single-cell and batched increments, {@code
 * plainDense} ({@code a[c] += d[c]}) that of {@code incDense}.
 *
 * <p>Run (each benchmark forks its own JVM so that every step call site stays monomorphic; do not
 * use {@code -f 0}):
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar PsIncrementBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PsIncrementBenchmark {
  private static final int ROW = 0;
  private static final String DEFAULT_CELLS_PER_CLOCK = "65536";

  /** A worker's fixture, its handles on the two tables and its clock rhythm. */
  static final class Worker {
    final WorkerFixture f;
    final Table dense;
    final Table sparse;
    /** Clocks per step; each follows {@link #batchesPerClock} batches or {@link #rowsPerClock} rows. */
    final int clocksPerStep;
    final int batchesPerClock;
    final int rowsPerClock;

    Worker(WorkerContext ctx, boolean viewed, int cellsPerClock) {
      int share = OPS / ctx.numWorkers();
      if (cellsPerClock <= 0 || cellsPerClock % WIDTH != 0 || share % cellsPerClock != 0) {
        throw new IllegalArgumentException("cellsPerClock must be a multiple of " + WIDTH
            + " that divides " + share + ", was " + cellsPerClock);
      }
      this.f = new WorkerFixture(ctx);
      this.clocksPerStep = share / cellsPerClock;
      this.batchesPerClock = cellsPerClock / BATCH;
      this.rowsPerClock = cellsPerClock / WIDTH;
      this.dense = ctx.table("dense");
      this.sparse = ctx.table("sparse");
      if (viewed) {
        dense.get(ROW);
        sparse.get(ROW);
      }
    }
  }

  /** A running job with one dense and one sparse FLOAT table of one row each. */
  @State(Scope.Benchmark)
  public static class Job {
    @Param({"1", "2"})
    int workers;

    @Param({"false", "true"})
    boolean viewed;

    @Param({DEFAULT_CELLS_PER_CLOCK})
    int cellsPerClock;

    JobDriver<Worker> driver;

    @Setup(Level.Trial)
    public void start() {
      driver = startJob(workers, viewed, cellsPerClock);
    }

    @TearDown(Level.Trial)
    public void stop() {
      driver.close();
    }
  }

  /**
   * The same job for the plain references and the hand-off, which touch no table, so that they
   * do not run once per {@code viewed} value.
   */
  @State(Scope.Benchmark)
  public static class PlainJob {
    @Param({"1", "2"})
    int workers;

    JobDriver<Worker> driver;

    @Setup(Level.Trial)
    public void start() {
      driver = startJob(workers, false, WIDTH);
    }

    @TearDown(Level.Trial)
    public void stop() {
      driver.close();
    }
  }

  static JobDriver<Worker> startJob(int workers, boolean viewed, int cellsPerClock) {
    EmbeddedRuntime rt = EmbeddedRuntime.builder()
        .workers(workers)
        .shards(1)
        .table(TableSpec.builder("dense").dense(ValueType.FLOAT).rows(1).width(WIDTH).build())
        .table(TableSpec.builder("sparse").sparse(ValueType.FLOAT).rows(1).width(WIDTH).build())
        .build();
    return JobDriver.start(rt, workers, ctx -> new Worker(ctx, viewed, cellsPerClock));
  }

  // Steps are constants so that each benchmark hands the workers one and the same object.
  private static final JobDriver.Step<Worker> DENSE_INC = w -> incCells(w, w.dense);
  private static final JobDriver.Step<Worker> SPARSE_INC = w -> incCells(w, w.sparse);
  private static final JobDriver.Step<Worker> DENSE_INC_BATCH = w -> incBatches(w, w.dense);
  private static final JobDriver.Step<Worker> SPARSE_INC_BATCH = w -> incBatches(w, w.sparse);
  private static final JobDriver.Step<Worker> DENSE_INC_DENSE = PsIncrementBenchmark::incRows;
  private static final JobDriver.Step<Worker> PLAIN_SCATTER = PsIncrementBenchmark::plainScatter;
  private static final JobDriver.Step<Worker> PLAIN_DENSE = PsIncrementBenchmark::plainDense;
  private static final JobDriver.Step<Worker> NOTHING = w -> { };

  /** {@code inc(row, col, delta)} on the dense row, one call per cell. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void denseInc(Job job) {
    job.driver.run(DENSE_INC);
  }

  /** {@code inc(row, cols, deltas, n)} on the dense row, {@value WorkerFixture#BATCH} cells per call. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void denseIncBatch(Job job) {
    job.driver.run(DENSE_INC_BATCH);
  }

  /** {@code incDense(row, float[])} on the dense row, {@value WorkerFixture#WIDTH} cells per call. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void denseIncDense(Job job) {
    job.driver.run(DENSE_INC_DENSE);
  }

  /** {@code inc(row, col, delta)} on the sparse row, one call per cell. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void sparseInc(Job job) {
    job.driver.run(SPARSE_INC);
  }

  /** {@code inc(row, cols, deltas, n)} on the sparse row, {@value WorkerFixture#BATCH} cells per call. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void sparseIncBatch(Job job) {
    job.driver.run(SPARSE_INC_BATCH);
  }

  /** Reference: {@code a[idx[i]] += d[i]} over the same batches, no parameter server. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void plainScatter(PlainJob job) {
    job.driver.run(PLAIN_SCATTER);
  }

  /** Reference: {@code a[c] += d[c]} over the whole row, no parameter server. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public void plainDense(PlainJob job) {
    job.driver.run(PLAIN_DENSE);
  }

  /** Invocations per second of an empty step: the hand-off included in every score above. */
  @Benchmark
  public void handoff(PlainJob job) {
    job.driver.run(NOTHING);
  }

  private static void incCells(Worker w, Table t) {
    WorkerFixture f = w.f;
    int b = 0;
    for (int k = 0; k < w.clocksPerStep; k++) {
      for (int end = b + w.batchesPerClock; b < end; b++) {
        int[] cols = f.cols[b & (POOL - 1)];
        float[] d = f.deltas[b & (POOL - 1)];
        for (int i = 0; i < BATCH; i++) {
          t.inc(ROW, cols[i], d[i]);
        }
      }
      f.ctx.clock();
    }
  }

  private static void incBatches(Worker w, Table t) {
    WorkerFixture f = w.f;
    int b = 0;
    for (int k = 0; k < w.clocksPerStep; k++) {
      for (int end = b + w.batchesPerClock; b < end; b++) {
        t.inc(ROW, f.cols[b & (POOL - 1)], f.deltas[b & (POOL - 1)], BATCH);
      }
      f.ctx.clock();
    }
  }

  private static void incRows(Worker w) {
    for (int k = 0; k < w.clocksPerStep; k++) {
      for (int r = 0; r < w.rowsPerClock; r++) {
        w.dense.incDense(ROW, w.f.rowDelta);
      }
      w.f.ctx.clock();
    }
  }

  private static void plainScatter(Worker w) {
    WorkerFixture f = w.f;
    float[] a = f.plain;
    for (int b = 0; b < f.batchesPerStep; b++) {
      int[] cols = f.cols[b & (POOL - 1)];
      float[] d = f.deltas[b & (POOL - 1)];
      for (int i = 0; i < BATCH; i++) {
        a[cols[i]] += d[i];
      }
    }
  }

  private static void plainDense(Worker w) {
    WorkerFixture f = w.f;
    float[] a = f.plain;
    float[] d = f.rowDelta;
    for (int r = 0; r < f.rowsPerStep; r++) {
      for (int c = 0; c < WIDTH; c++) {
        a[c] += d[c];
      }
    }
  }
}
