package org.petuum4j.bench;

import java.util.SplittableRandom;
import org.petuum4j.ps.WorkerContext;

/**
 * One worker thread's inputs for the micro-benchmarks: a pool of batches of random columns with
 * their deltas, a whole-row delta, and a plain {@code float[]} row for the reference loops.
 *
 * <p>Steps cycle through {@value #POOL} different batches rather than repeating one, so that
 * about 60% of a row's columns are touched per pass, as an app's mini-batches would, instead of
 * the same 1,024 cache lines. Deltas are never zero, because the whole-row increment skips zero
 * cells and would otherwise look faster than it is. Seeded per worker, so runs are repeatable.
 */
final class WorkerFixture {
  /** Columns of every benchmark row. */
  static final int WIDTH = 1 << 16;
  /** Cells per batched increment. */
  static final int BATCH = 1 << 10;
  /**
   * Cell operations per benchmark invocation, summed over the workers: enough that the fastest
   * step (the plain whole-row loop on two workers, about 0.7 ms) takes twenty times the hand-off
   * around it.
   */
  static final int OPS = 1 << 24;
  /** Number of distinct batches a worker cycles through; a power of two, indexed by a mask. */
  static final int POOL = 64;

  final WorkerContext ctx;
  /** Batches this worker runs per invocation: its share of {@link #OPS}. */
  final int batchesPerStep;
  /** Whole-row increments this worker makes per invocation: its share of {@link #OPS}. */
  final int rowsPerStep;
  final int[][] cols = new int[POOL][BATCH];
  final float[][] deltas = new float[POOL][BATCH];
  final float[] rowDelta = new float[WIDTH];
  /** The reference loops' row. */
  final float[] plain = new float[WIDTH];
  /** Where read loops leave what they read, so that the JIT cannot drop the reads. */
  long sink;

  WorkerFixture(WorkerContext ctx) {
    if (OPS % (BATCH * ctx.numWorkers()) != 0 || OPS % (WIDTH * ctx.numWorkers()) != 0) {
      throw new IllegalArgumentException(ctx.numWorkers() + " workers cannot share " + OPS + " operations evenly");
    }
    this.ctx = ctx;
    this.batchesPerStep = OPS / BATCH / ctx.numWorkers();
    this.rowsPerStep = OPS / WIDTH / ctx.numWorkers();
    SplittableRandom rnd = new SplittableRandom(0x5EED + ctx.workerId());
    for (int b = 0; b < POOL; b++) {
      for (int i = 0; i < BATCH; i++) {
        cols[b][i] = rnd.nextInt(WIDTH);
        deltas[b][i] = delta(rnd);
      }
    }
    for (int c = 0; c < WIDTH; c++) {
      rowDelta[c] = delta(rnd);
    }
  }

  private static float delta(SplittableRandom rnd) {
    float magnitude = (float) (0.5 + rnd.nextDouble());
    return rnd.nextBoolean() ? magnitude : -magnitude;
  }
}
