package org.petuum4j.sched;

import java.util.Arrays;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerContext;

/**
 * {@link Exchange} through two bulk-synchronous parameter-server tables, so that a model-parallel
 * job runs unchanged on every deployment: embedded, a cluster of processes over Netty, a Spark
 * barrier stage. Gives the puller the same sums as {@link EmbeddedExchange}, bit for bit.
 *
 * <p>Tables ({@link #tables}): {@value #PARTIALS}, dense double, {@code 2 W} rows of {@code
 * capacity + stats} columns (worker {@code w}'s partials of round {@code r} go to row {@code (r mod
 * 2) W + w}: its positions at their own columns, the statistics from column {@code capacity}); and
 * {@value #DECISION}, dense double, 2 rows (broadcast {@code k} goes to row {@code k mod 2}).
 */
final class TableExchange implements Exchange {
  /*
   * Implementation notes.
   *
   * Clocks. Under BSP a read at clock c sees every update of every thread at clocks <= c - 1
   * (perhaps newer ones too). A round takes two clocks. reduce: each worker but the puller
   * increments its partials row and clocks; the puller, at the next clock, reads the rows and sums
   * them in worker order (its own partials it has in hand), exactly as EmbeddedExchange does, so
   * the sums do not depend on the order in which increments reach the servers. broadcast: the
   * puller increments a decision row with the encoded decision (stop flag, the next task with its
   * per-worker bounds, the round's changes) and clocks; every other worker clocks and reads the
   * row, which now holds it. endRound adds no clock: nothing a worker does between its update and
   * its next push involves the tables.
   *
   * Reuse without drift. Rows are reused, so each must be back to exactly 0 before it is written
   * again, and a row's value must be exactly what its one writer added. Rewriting a row by adding
   * (new - old) is not exact in floating point; adding -old to a row that holds exactly old is
   * (x + -x == 0, 0 + x == x). So rows alternate by parity: in round r worker w adds its partials
   * to row (r mod 2) and, in the same clock, the negation of round r - 1's to the other row; the
   * puller does the same with the two decision rows. Each row has one writer, whose messages a
   * server applies in order, so no other update can interleave and leave rounding behind. It is
   * safe to clear a row then: the puller read round r - 1's partials before it broadcast, and every
   * worker read decision k - 1 before the clock of the partials the puller waits for before
   * broadcast k. A row is also never read while its writer's next change could be in it, which the
   * "perhaps newer" clause would otherwise allow: that change comes after the reader's clock.
   *
   * Why tables and not a message of its own: tables already have BSP, batching per clock, every
   * transport, failure handling (a failed worker fails the job and releases every blocked read on
   * every deployment) and authentication; a sched-specific message would need all of that again.
   * The cost is two clocks a round instead of one.
   *
   * Non-finite partials: Inf + -Inf is NaN, so a non-finite value would poison its row; the puller
   * fails the round instead, which the program's pull would have to do anyway.
   */

  static final String PARTIALS = "sched.partials";
  static final String DECISION = "sched.decision";
  /** Decision header: stop, has next task, next task shared, next task size, number of deltas (-1: none). */
  private static final int HEADER = 5;

  private final int workers;
  private final int capacity;
  private final int stats;
  private final Endpoint[] endpoints;

  /**
   * @param workers worker threads of the job, over all processes
   * @param capacity the most positions a round's task may have
   * @param stats the program's statistics per round
   */
  TableExchange(int workers, int capacity, int stats) {
    this.workers = workers;
    this.capacity = capacity;
    this.stats = stats;
    this.endpoints = new Endpoint[workers];
  }

  /** The two tables this exchange needs, created with the job's. */
  static TableSpec[] tables(int workers, int capacity, int stats) {
    return new TableSpec[] {
        TableSpec.builder(PARTIALS).dense(ValueType.DOUBLE).rows(2 * workers).width(capacity + stats)
            .consistency(Consistency.bsp()).build(),
        TableSpec.builder(DECISION).dense(ValueType.DOUBLE).rows(2).width(decisionWidth(workers, capacity))
            .consistency(Consistency.bsp()).build()};
  }

  private static int decisionWidth(int workers, int capacity) {
    return HEADER + workers + 1 + 2 * capacity;
  }

  @Override
  public double[] reduce(WorkerContext ctx, Task task, double[] partials, int stats) {
    Endpoint ep = endpoint(ctx);
    int w = ctx.workerId();
    int p = task == null ? 0 : task.size();
    checkSize(task);
    int parity = ep.reduces++ & 1;
    if (w != PULLER) {
      int n = 0;
      for (int i = task == null ? 0 : task.from(w), end = task == null ? 0 : task.to(w); i < end; i++) {
        ep.cols[n] = i;
        ep.vals[n++] = partials[i];
      }
      for (int s = 0; s < stats; s++) {
        ep.cols[n] = capacity + s;
        ep.vals[n++] = partials[p + s];
      }
      ep.partials.inc(parity * workers + w, ep.cols, ep.vals, n);
      if (ep.prevN > 0) {
        ep.partials.inc((1 - parity) * workers + w, ep.prevCols, ep.prevVals, ep.prevN);
      }
      for (int i = 0; i < n; i++) {
        ep.prevVals[i] = -ep.vals[i];
      }
      int[] c = ep.prevCols;
      ep.prevCols = ep.cols;
      ep.cols = c;
      ep.prevN = n;
    }
    ctx.clock();
    if (w != PULLER) {
      return null;
    }
    int len = p + stats;
    double[] sums = ep.sums;
    Arrays.fill(sums, 0, len, 0);
    for (int q = 0; q < workers; q++) {
      double[] v;
      int statAt;
      if (q == PULLER) {
        v = partials;
        statAt = p;
      } else {
        ep.partials.get(parity * workers + q).copyTo(ep.row);
        v = ep.row;
        statAt = capacity;
      }
      if (task != null && !task.isShared()) {
        System.arraycopy(v, task.from(q), sums, task.from(q), task.to(q) - task.from(q));
      } else {
        for (int i = 0; i < p; i++) {
          sums[i] += v[i];
        }
      }
      for (int s = 0; s < stats; s++) {
        sums[p + s] += v[statAt + s];
      }
    }
    for (int i = 0; i < len; i++) {
      if (!Double.isFinite(sums[i])) {
        throw new PsException("a partial result of round " + (ep.reduces - 1) + " is not finite ("
            + sums[i] + " at position " + i + ")");
      }
    }
    ep.lastTask = task;
    return sums;
  }

  @Override
  public Decision broadcast(WorkerContext ctx, Decision d) {
    Endpoint ep = endpoint(ctx);
    int parity = ep.broadcasts++ & 1;
    if (ctx.workerId() == PULLER) {
      encode(d, ep.lastTask, ep.enc);
      ep.decision.incDense(parity, ep.enc);
      if (ep.broadcasts > 1) {
        ep.decision.incDense(1 - parity, ep.prevEnc);
      }
      for (int i = 0; i < ep.enc.length; i++) {
        ep.prevEnc[i] = -ep.enc[i];
      }
      ctx.clock();
      return d;
    }
    ctx.clock();
    ep.decision.get(parity).copyTo(ep.enc);
    return decode(ep.enc, ep.deltas);
  }

  @Override
  public void endRound(WorkerContext ctx) {}

  /**
   * Nothing to do: a failed worker fails the job, and the deployment then fails every blocked and
   * future table operation of every worker, in this process and in the others alike.
   */
  @Override
  public void abort(Throwable cause) {}

  private void encode(Decision d, Task last, double[] out) {
    Arrays.fill(out, 0);
    out[0] = d.stop() ? 1 : 0;
    Task next = d.next();
    if (next != null) {
      checkSize(next);
      out[1] = 1;
      out[2] = next.isShared() ? 1 : 0;
      out[3] = next.size();
      if (!next.isShared()) {
        for (int w = 0; w <= workers; w++) {
          out[HEADER + w] = w == workers ? next.size() : next.from(w);
        }
      }
      int at = HEADER + workers + 1;
      for (int i = 0; i < next.size(); i++) {
        out[at + i] = next.param(i);
      }
    }
    double[] deltas = d.deltas();
    int m = deltas == null ? -1 : last == null ? 0 : last.size();
    out[4] = m;
    System.arraycopy(deltas == null ? out : deltas, 0, out, HEADER + workers + 1 + capacity, Math.max(m, 0));
  }

  private Decision decode(double[] in, double[] deltas) {
    if (in[0] != 0) {
      return new Decision(null, null, true);
    }
    Task next = null;
    if (in[1] != 0) {
      int size = (int) in[3];
      int at = HEADER + workers + 1;
      int[] params = new int[size];
      for (int i = 0; i < size; i++) {
        params[i] = (int) in[at + i];
      }
      int[] start = null;
      if (in[2] == 0) {
        start = new int[workers + 1];
        for (int w = 0; w <= workers; w++) {
          start[w] = (int) in[HEADER + w];
        }
      }
      next = Task.trusted(params, start);
    }
    int m = (int) in[4];
    if (m >= 0) {
      System.arraycopy(in, HEADER + workers + 1 + capacity, deltas, 0, m);
    }
    return new Decision(m < 0 ? null : deltas, next, false);
  }

  private void checkSize(Task task) {
    if (task != null && task.size() > capacity) {
      throw new PsException("a round's task has " + task.size() + " parameters, more than the " + capacity
          + " the exchange tables were made for (the job's maxTaskSize)");
    }
  }

  private Endpoint endpoint(WorkerContext ctx) {
    int w = ctx.workerId();
    Endpoint ep = endpoints[w];
    if (ep == null) {
      if (ctx.numWorkers() != workers) {
        throw new IllegalStateException("the exchange was made for " + workers + " workers, the job has "
            + ctx.numWorkers());
      }
      ep = new Endpoint(ctx);
      endpoints[w] = ep;
    }
    return ep;
  }

  /** One worker thread's handles and buffers; touched by that thread only. */
  private final class Endpoint {
    final Table partials;
    final Table decision;
    int reduces;
    int broadcasts;
    int[] cols = new int[capacity + stats];
    final double[] vals = new double[capacity + stats];
    int[] prevCols = new int[capacity + stats];
    final double[] prevVals = new double[capacity + stats];
    int prevN;
    final double[] row = new double[capacity + stats];
    final double[] sums = new double[capacity + stats];
    final double[] enc = new double[decisionWidth(workers, capacity)];
    final double[] prevEnc = new double[enc.length];
    final double[] deltas = new double[capacity];
    Task lastTask;

    Endpoint(WorkerContext ctx) {
      this.partials = ctx.table(PARTIALS);
      this.decision = ctx.table(DECISION);
      if (partials.spec().width() != capacity + stats || decision.spec().width() != enc.length) {
        throw new IllegalStateException("the job's exchange tables do not fit this exchange: widths "
            + partials.spec().width() + " and " + decision.spec().width() + ", expected " + (capacity + stats)
            + " and " + enc.length);
      }
    }
  }
}
