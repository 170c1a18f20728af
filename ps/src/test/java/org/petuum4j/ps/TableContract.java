package org.petuum4j.ps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Table semantics every deployment must keep: additive increments of every row type, batched and
 * dense increments, read-my-writes, lock-step BSP, barriers, unbounded rows, errors. One subclass
 * per transport supplies the {@link JobRunner}.
 */
public abstract class TableContract {

  protected abstract JobRunner runner();

  private static TableSpec spec(RowKind kind, ValueType type, Consistency c) {
    return TableSpec.builder("t").kind(kind).type(type).rows(4).width(8).consistency(c).build();
  }

  enum Layout {
    DENSE_FLOAT(RowKind.DENSE, ValueType.FLOAT),
    DENSE_DOUBLE(RowKind.DENSE, ValueType.DOUBLE),
    DENSE_INT(RowKind.DENSE, ValueType.INT),
    DENSE_LONG(RowKind.DENSE, ValueType.LONG),
    SPARSE_FLOAT(RowKind.SPARSE, ValueType.FLOAT),
    SPARSE_DOUBLE(RowKind.SPARSE, ValueType.DOUBLE),
    SPARSE_INT(RowKind.SPARSE, ValueType.INT),
    SPARSE_LONG(RowKind.SPARSE, ValueType.LONG);

    final RowKind kind;
    final ValueType type;

    Layout(RowKind kind, ValueType type) {
      this.kind = kind;
      this.type = type;
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void increments_addUpOverWorkersAndOperations(Layout layout) {
    TableSpec s = spec(layout.kind, layout.type, Consistency.ssp(1));
    JobRunner.FinalRows rows = runner().run(3, 2, List.of(s), ctx -> {
      Table t = ctx.table("t");
      for (int c = 0; c < 4; c++) {
        t.inc(1, 0, 1.0);
        t.incLong(1, 1, 2);
        t.inc(2, new int[] {3, 3, 5}, new double[] {1, 1, 4}, 3);
        t.inc(2, new int[] {6}, new float[] {2f}, 1);
        double[] dense = new double[8];
        dense[7] = 3;
        t.incDense(3, dense);
        ctx.clock();
      }
    });
    Row r1 = rows.read("t", 1);
    Row r2 = rows.read("t", 2);
    Row r3 = rows.read("t", 3);
    assertThat(r1.get(0)).isEqualTo(12.0);
    assertThat(r1.getLong(1)).isEqualTo(24);
    assertThat(r2.get(3)).isEqualTo(24.0);
    assertThat(r2.get(5)).isEqualTo(48.0);
    assertThat(r2.get(6)).isEqualTo(24.0);
    assertThat(r3.get(7)).isEqualTo(36.0);
    assertThat(r3.nonZeros()).isEqualTo(1);
    assertThat(rows.read("t", 0).nonZeros()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void reads_seeOwnIncrementsAtOnce(Layout layout) {
    TableSpec s = spec(layout.kind, layout.type, Consistency.ssp(2));
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    runner().run(2, 2, List.of(s), ctx -> {
      Table t = ctx.table("t");
      int col = ctx.workerId();
      long mine = 0;
      for (int c = 0; c < 5; c++) {
        t.get(0);
        t.incLong(0, col, 3);
        mine += 3;
        if (t.get(0).getLong(col) != mine) {
          wrong.add("worker " + col + " clock " + c + " saw " + t.get(0).getLong(col) + " expected " + mine);
        }
        ctx.clock();
        if (t.get(0).getLong(col) != mine) {
          wrong.add("after clock " + c + " worker " + col + " saw " + t.get(0).getLong(col));
        }
      }
    });
    assertThat(wrong).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void manyIncrementsOfFewCellsInOneClock_coalesceWithoutLosingAny(Layout layout) {
    // Far more increments per clock than the row is wide: the dense op-log folds its pairs.
    TableSpec s = spec(layout.kind, layout.type, Consistency.ssp(1));
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    JobRunner.FinalRows rows = runner().run(2, 1, List.of(s), ctx -> {
      Table t = ctx.table("t");
      for (int c = 0; c < 3; c++) {
        t.get(0);
        for (int i = 0; i < 1000; i++) {
          t.incLong(0, i % 8, 1);
        }
        long expectedOwn = 125L * (c + 1);
        if (t.get(0).getLong(3) < expectedOwn) {
          wrong.add("worker " + ctx.workerId() + " clock " + c + " saw " + t.get(0).getLong(3));
        }
        ctx.clock();
      }
    });
    assertThat(wrong).isEmpty();
    for (int col = 0; col < 8; col++) {
      assertThat(rows.read("t", 0).getLong(col)).isEqualTo(750L);
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void denseClocksThenSparseClocks_keepEveryIncrement(Layout layout) {
    // A whole-row increment switches a dense op-log to direct accumulation; a later clock with a
    // single increment must switch it back without losing or repeating anything.
    TableSpec s = spec(layout.kind, layout.type, Consistency.bsp());
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    JobRunner.FinalRows rows = runner().run(2, 2, List.of(s), ctx -> {
      Table t = ctx.table("t");
      float[] ones = new float[8];
      java.util.Arrays.fill(ones, 1f);
      for (int c = 0; c < 6; c++) {
        t.get(1);
        if (c % 3 == 0) {
          t.incDense(1, ones);
        } else {
          t.inc(1, 5, 2.0);
        }
        // BSP: both workers' increments of earlier clocks plus this worker's own of this clock.
        long expected = 2L * (c / 3 + (c % 3 == 0 ? 0 : 1)) + (c % 3 == 0 ? 1 : 0);
        long seen = t.get(1).getLong(0);
        if (seen < expected) {
          wrong.add("worker " + ctx.workerId() + " clock " + c + " saw " + seen + " < " + expected);
        }
        ctx.clock();
      }
    });
    assertThat(wrong).isEmpty();
    assertThat(rows.read("t", 1).getLong(0)).isEqualTo(4L);
    assertThat(rows.read("t", 1).getLong(5)).isEqualTo(4L + 2 * 2 * 4);
  }

  @Test
  void bsp_everyReadSeesEveryUpdateOfThePreviousClock() {
    TableSpec s = spec(RowKind.DENSE, ValueType.LONG, Consistency.bsp());
    int workers = 4;
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    runner().run(workers, 3, List.of(s), ctx -> {
      Table t = ctx.table("t");
      for (int c = 0; c < 10; c++) {
        long seen = t.get(0).getLong(0);
        // Under BSP, at clock c a worker sees every increment of clocks < c; it may also see
        // others' increments of clock c, but none of clock c + 1, which wait for its own clock c.
        if (seen < (long) workers * c || seen > (long) workers * c + workers - 1) {
          wrong.add("worker " + ctx.workerId() + " at clock " + c + " saw " + seen);
        }
        t.incLong(0, 0, 1);
        ctx.clock();
      }
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void barrier_makesEveryEarlierIncrementVisible() {
    TableSpec s = spec(RowKind.SPARSE, ValueType.LONG, Consistency.ssp(5));
    ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
    runner().run(3, 2, List.of(s), ctx -> {
      Table t = ctx.table("t");
      t.get(2);
      t.incLong(2, 4, 1 + ctx.workerId());
      ctx.barrier();
      seen.add(t.get(2).getLong(4));
    });
    assertThat(seen).containsExactly(6L, 6L, 6L);
  }

  @Test
  void sspPush_deliversTheFreshRowToAReaderThatNeverNeedsToFetch() {
    // Worker 1 increments once, after worker 0's first read, and finishes. Worker 0 then keeps
    // clocking and reading, always well inside its staleness window, so its cached copy (from
    // clock 0) stays acceptable and no read has to fetch or wait: only a push can bring it the
    // increment. SSP-push promises that push once the minimum clock advances; the reader polls a
    // bounded time for it (a push over a network takes a moment, and a view is fixed within a clock).
    int staleness = 1_000_000;
    TableSpec s = spec(RowKind.DENSE, ValueType.LONG, Consistency.sspPush(staleness));
    long[] firstAndLast = new long[2];
    AtomicReference<Integer> clocks = new AtomicReference<>();
    java.util.concurrent.CountDownLatch readerRead = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch writerDone = new java.util.concurrent.CountDownLatch(1);
    runner().run(2, 1, List.of(s), ctx -> {
      Table t = ctx.table("t");
      if (ctx.workerId() == 1) {
        // Only after the reader's first copy, which must not contain the increment.
        readerRead.await();
        t.incLong(0, 1, 1);
        ctx.clock();
        writerDone.countDown();
        return;
      }
      long first = t.get(0).getLong(1);
      readerRead.countDown();
      writerDone.await();
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      long value = first;
      while (value == 0 && System.nanoTime() < deadline && ctx.currentClock() < staleness) {
        ctx.clock();
        value = t.get(0).getLong(1);
        if (value == 0) {
          Thread.sleep(1);
        }
      }
      firstAndLast[0] = first;
      firstAndLast[1] = value;
      clocks.set(ctx.currentClock());
    });
    // The job's end publishes the reader's writes to this thread.
    assertThat(firstAndLast).as("the first read, then the last").containsExactly(0L, 1L);
    assertThat(clocks.get()).as("still inside the staleness window, where no read needs a fetch").isLessThan(staleness);
  }

  @Test
  void unboundedTable_createsRowsOnFirstUse() {
    TableSpec s = TableSpec.builder("words").sparse(ValueType.INT).unboundedRows().width(1000)
        .consistency(Consistency.ssp(1)).build();
    JobRunner.FinalRows rows = runner().run(2, 3, List.of(s), ctx -> {
      Table t = ctx.table("words");
      for (int w = 0; w < 50; w++) {
        t.incLong(w * 7919, w % 1000, 1);
      }
      ctx.clock();
    });
    assertThat(rows.read("words", 49 * 7919).getLong(49)).isEqualTo(2);
    assertThat(rows.read("words", 5).nonZeros()).isZero();
  }

  @Test
  void asp_neverWaitsForAStraggler() {
    TableSpec s = spec(RowKind.DENSE, ValueType.LONG, Consistency.asp());
    AtomicReference<Long> fastSawAtEnd = new AtomicReference<>();
    runner().run(2, 1, List.of(s), ctx -> {
      Table t = ctx.table("t");
      if (ctx.workerId() == 0) {
        // Runs 200 clocks while worker 1 is still in its first one: under SSP it would block.
        for (int c = 0; c < 200; c++) {
          t.get(0);
          t.incLong(0, 0, 1);
          ctx.clock();
        }
        fastSawAtEnd.set(t.get(0).getLong(0));
        t.incLong(0, 1, 1);
        ctx.clock();
      } else {
        // Wait (bounded) until the fast worker's increments show up in the servers' row.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.get(0).getLong(1) == 0 && System.nanoTime() < deadline) {
          ctx.clock();
          Thread.sleep(1);
        }
      }
    });
    assertThat(fastSawAtEnd.get()).isEqualTo(200L);
  }

  @Test
  void errors_nameTheTableAndTheBadIndex() {
    TableSpec s = spec(RowKind.DENSE, ValueType.FLOAT, Consistency.bsp());
    // A worker's exception may come from another process: the job's error carries its type and message.
    assertThatThrownBy(() -> runner().run(1, 1, List.of(s), ctx -> ctx.table("t").inc(0, 8, 1.0)))
        .isInstanceOf(PsException.class)
        .hasMessageContaining("IndexOutOfBoundsException")
        .hasMessageContaining("table 't'").hasMessageContaining("column 8 outside [0, 8)");
    assertThatThrownBy(() -> runner().run(1, 1, List.of(s), ctx -> ctx.table("t").get(4)))
        .isInstanceOf(PsException.class).hasMessageContaining("row 4 outside [0, 4)");
    assertThatThrownBy(() -> runner().run(1, 1, List.of(s), ctx -> ctx.table("nope")))
        .isInstanceOf(PsException.class).hasMessageContaining("no table named 'nope'");
  }

  @Test
  void failingWorker_abortsTheOthersInsteadOfHangingThem() {
    TableSpec s = spec(RowKind.DENSE, ValueType.LONG, Consistency.bsp());
    assertThatThrownBy(() -> runner().run(3, 1, List.of(s), ctx -> {
      Table t = ctx.table("t");
      if (ctx.workerId() == 2) {
        throw new IllegalStateException("boom in worker 2");
      }
      // The others wait on worker 2's clock, then on a barrier it never reaches.
      for (int c = 0; c < 3; c++) {
        t.get(0);
        ctx.clock();
      }
      ctx.barrier();
    })).isInstanceOf(PsException.class).hasMessageContaining("boom in worker 2");
  }
}
