package org.petuum4j.ps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every increment (thread, clock, row, column, delta) and every read (thread, clock,
 * value seen) of integer cells, and checks them against the SSP guarantee of shared/DESIGN.md:
 * a read by thread {@code t} at clock {@code c} with staleness {@code s} must contain every update
 * made by every thread at clocks {@code <= c - s - 1}, and every update {@code t} made itself.
 *
 * <p>Increments must be positive, so that sums order the sets of updates they contain. For a cell
 * written by a single thread (an "owned" cell), the value seen identifies exactly which of that
 * thread's updates it contains, and the checker asks that it be a prefix of that thread's updates
 * in clock order (nothing lost, nothing twice, nothing invented), and for the reader's own cells
 * exactly all of them. For a cell written by several threads it checks the lower bound and that
 * the value does not exceed everything written. Thread-safe: workers record concurrently.
 */
final class ConsistencyChecker {
  private final int staleness;
  private final List<Inc> incs = Collections.synchronizedList(new ArrayList<>());
  private final List<Read> reads = Collections.synchronizedList(new ArrayList<>());

  record Inc(int thread, int clock, long seqInThread, int row, int col, long delta) {}

  record Read(int thread, int clock, long seqInThread, int row, int col, long value) {}

  /** @param staleness the table's staleness, {@link Consistency#UNBOUNDED} for ASP */
  ConsistencyChecker(int staleness) {
    this.staleness = staleness;
  }

  void recordInc(int thread, int clock, long seqInThread, int row, int col, long delta) {
    if (delta <= 0) {
      throw new IllegalArgumentException("the checker needs positive increments, got " + delta);
    }
    incs.add(new Inc(thread, clock, seqInThread, row, col, delta));
  }

  void recordRead(int thread, int clock, long seqInThread, int row, int col, long value) {
    reads.add(new Read(thread, clock, seqInThread, row, col, value));
  }

  int readCount() {
    return reads.size();
  }

  /** Wraps a worker's table handle so that its increments and reads are recorded. */
  Table recording(WorkerContext ctx, Table table) {
    return new RecordingTable(this, ctx, table);
  }

  /** Every violation found, each a readable sentence; empty if the run kept the guarantee. */
  List<String> violations() {
    List<String> out = new ArrayList<>();
    Map<Long, List<Inc>> byCell = new HashMap<>();
    synchronized (incs) {
      for (Inc i : incs) {
        byCell.computeIfAbsent(cell(i.row(), i.col()), k -> new ArrayList<>()).add(i);
      }
    }
    synchronized (reads) {
      for (Read r : reads) {
        List<Inc> cellIncs = byCell.getOrDefault(cell(r.row(), r.col()), List.of());
        check(r, cellIncs, out);
      }
    }
    return out;
  }

  /** Checks that {@code finalValue} of a cell is the sum of all its recorded increments. */
  List<String> checkFinal(int row, int col, long finalValue) {
    long sum = 0;
    synchronized (incs) {
      for (Inc i : incs) {
        if (i.row() == row && i.col() == col) {
          sum += i.delta();
        }
      }
    }
    return sum == finalValue
        ? List.of()
        : List.of("final value of (" + row + "," + col + ") is " + finalValue + ", increments add up to " + sum);
  }

  private void check(Read r, List<Inc> cellIncs, List<String> out) {
    long own = 0;
    long required = 0;
    long all = 0;
    boolean singleWriter = true;
    int writer = -1;
    for (Inc i : cellIncs) {
      all += i.delta();
      if (writer == -1) {
        writer = i.thread();
      } else if (writer != i.thread()) {
        singleWriter = false;
      }
      if (i.thread() == r.thread()) {
        if (i.seqInThread() < r.seqInThread()) {
          own += i.delta();
        }
      } else if (staleness != Consistency.UNBOUNDED && i.clock() <= (long) r.clock() - staleness - 1) {
        required += i.delta();
      }
    }
    long lower = own + required;
    if (r.value() < lower) {
      out.add(describe(r) + " saw " + r.value() + " but must contain at least " + lower
          + " (own updates " + own + ", others' updates of clocks <= " + ((long) r.clock() - staleness - 1) + ": " + required + ")");
      return;
    }
    if (singleWriter && writer == r.thread() && r.value() != own) {
      out.add(describe(r) + " saw " + r.value() + " of its own cell, but it wrote exactly " + own);
      return;
    }
    if (singleWriter && writer != -1 && writer != r.thread() && !isPrefixSum(cellIncs, r.value())) {
      out.add(describe(r) + " saw " + r.value() + ", which is no prefix (in clock order) of thread " + writer + "'s updates");
      return;
    }
    // A read can only contain updates of the reader's past or of other threads; it never exceeds all.
    long othersAll = all;
    for (Inc i : cellIncs) {
      if (i.thread() == r.thread() && i.seqInThread() >= r.seqInThread()) {
        othersAll -= i.delta();
      }
    }
    if (r.value() > othersAll) {
      out.add(describe(r) + " saw " + r.value() + ", more than every update it could contain (" + othersAll + ")");
    }
  }

  private static boolean isPrefixSum(List<Inc> writerIncs, long value) {
    List<Inc> sorted = new ArrayList<>(writerIncs);
    sorted.sort((a, b) -> Long.compare(a.seqInThread(), b.seqInThread()));
    long sum = 0;
    if (value == 0) {
      return true;
    }
    for (int i = 0; i < sorted.size(); i++) {
      sum += sorted.get(i).delta();
      // Updates are sent a clock at a time: a prefix ends at a clock boundary.
      boolean clockEnds = i + 1 == sorted.size() || sorted.get(i + 1).clock() != sorted.get(i).clock();
      if (sum == value && clockEnds) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Read r) {
    return "thread " + r.thread() + " at clock " + r.clock() + " reading (" + r.row() + "," + r.col() + ")";
  }

  private static long cell(int row, int col) {
    return ((long) row << 32) | (col & 0xFFFFFFFFL);
  }

  /** A table handle that records into the checker. One per worker thread, like the handle it wraps. */
  private static final class RecordingTable implements Table {
    private final ConsistencyChecker checker;
    private final WorkerContext ctx;
    private final Table table;
    private long seq;

    RecordingTable(ConsistencyChecker checker, WorkerContext ctx, Table table) {
      this.checker = checker;
      this.ctx = ctx;
      this.table = table;
    }

    @Override
    public TableSpec spec() {
      return table.spec();
    }

    /** Reads the row and records every cell of it. */
    @Override
    public Row get(int row) {
      Row r = table.get(row);
      long s = seq++;
      for (int c = 0; c < r.width(); c++) {
        checker.recordRead(ctx.workerId(), ctx.currentClock(), s, row, c, r.getLong(c));
      }
      return r;
    }

    @Override
    public void inc(int row, int col, double delta) {
      incLong(row, col, Math.round(delta));
    }

    @Override
    public void incLong(int row, int col, long delta) {
      checker.recordInc(ctx.workerId(), ctx.currentClock(), seq++, row, col, delta);
      table.incLong(row, col, delta);
    }

    @Override
    public void inc(int row, int[] cols, double[] deltas, int n) {
      for (int i = 0; i < n; i++) {
        checker.recordInc(ctx.workerId(), ctx.currentClock(), seq++, row, cols[i], Math.round(deltas[i]));
      }
      table.inc(row, cols, deltas, n);
    }

    @Override
    public void inc(int row, int[] cols, float[] deltas, int n) {
      for (int i = 0; i < n; i++) {
        checker.recordInc(ctx.workerId(), ctx.currentClock(), seq++, row, cols[i], Math.round(deltas[i]));
      }
      table.inc(row, cols, deltas, n);
    }

    @Override
    public void incDense(int row, double[] deltas) {
      throw new UnsupportedOperationException("the checker records positive increments only");
    }

    @Override
    public void incDense(int row, float[] deltas) {
      throw new UnsupportedOperationException("the checker records positive increments only");
    }
  }
}
