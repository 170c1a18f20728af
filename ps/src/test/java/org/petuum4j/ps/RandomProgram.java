package org.petuum4j.ps;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A random worker program for the consistency checker: every worker runs the same number of
 * clocks; in each it increments cells it owns (column = its worker id) and shared cells (the
 * last two columns) by small positive amounts, reads random rows, and sleeps a little; one
 * straggler sleeps much longer each clock. Deterministic in its choices for a seed; the
 * interleaving is up to the scheduler.
 */
record RandomProgram(
    int workers, int shards, Consistency consistency, RowKind kind, ValueType type,
    int clocks, int rows, int straggler, int stragglerMicros, long seed) {

  static final String TABLE = "t";

  int width() {
    return workers + 2;
  }

  TableSpec spec() {
    return TableSpec.builder(TABLE).kind(kind).type(type).rows(rows).width(width()).consistency(consistency).build();
  }

  /** Runs the program with {@code runner} and returns the checker's violations, final values included. */
  List<String> runAndCheck(JobRunner runner) {
    ConsistencyChecker checker = new ConsistencyChecker(consistency.staleness());
    JobRunner.FinalRows rows = runner.run(workers, shards, List.of(spec()), ctx -> body(ctx, checker));
    List<String> v = new java.util.ArrayList<>(checker.violations());
    for (int r = 0; r < this.rows; r++) {
      Row row = rows.read(TABLE, r);
      for (int c = 0; c < width(); c++) {
        v.addAll(checker.checkFinal(r, c, row.getLong(c)));
      }
    }
    return v;
  }

  private void body(WorkerContext ctx, ConsistencyChecker checker) {
    Table t = checker.recording(ctx, ctx.table(TABLE));
    int w = ctx.workerId();
    SplittableRandom rnd = new SplittableRandom(seed * 31 + w);
    int[] cols = new int[4];
    double[] deltas = new double[4];
    for (int c = 0; c < clocks; c++) {
      int ops = 1 + rnd.nextInt(6);
      for (int op = 0; op < ops; op++) {
        int row = rnd.nextInt(rows);
        switch (rnd.nextInt(4)) {
          case 0 -> t.get(row);
          case 1 -> t.incLong(row, w, 1 + rnd.nextInt(5));
          case 2 -> t.incLong(row, workers + rnd.nextInt(2), 1 + rnd.nextInt(5));
          default -> {
            int n = 1 + rnd.nextInt(cols.length);
            for (int i = 0; i < n; i++) {
              cols[i] = rnd.nextBoolean() ? w : workers + rnd.nextInt(2);
              deltas[i] = 1 + rnd.nextInt(5);
            }
            t.inc(row, cols, deltas, n);
          }
        }
      }
      t.get(rnd.nextInt(rows));
      if (w == straggler) {
        LockSupport.parkNanos(stragglerMicros * 1000L);
      } else if (rnd.nextInt(4) == 0) {
        LockSupport.parkNanos(rnd.nextInt(200) * 1000L);
      }
      ctx.clock();
    }
    for (int r = 0; r < rows; r++) {
      t.get(r);
    }
  }
}
