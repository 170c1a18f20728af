package org.petuum4j.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.petuum4j.ps.JobRunner;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.WorkerContext;

/**
 * What every {@link Exchange} must do, whatever carries it: sums over workers in worker order
 * (bit for bit) for shared tasks and the statistics, the owner's values for partitioned tasks,
 * the puller's decision delivered unchanged to every worker, stop, and a failing worker releasing
 * the others. One subclass per exchange and transport: the embedded exchange, the table exchange
 * on the embedded runtime, the table exchange over Netty (module {@code net}).
 *
 * <p>The driver below is the runtime's round loop without a program: worker {@code w} pushes
 * {@link #value(int, int, int)} for the positions it works on, and the puller broadcasts the sums
 * as the round's changes together with the next task of a fixed list.
 */
@Timeout(60)
public abstract class ExchangeContract {
  static final int CAPACITY = 7;

  /** Runs the jobs. */
  protected abstract JobRunner runner();

  /** A fresh exchange for one job. */
  abstract Exchange exchange(int workers, int capacity, int stats);

  /** The tables the exchange needs. */
  abstract List<TableSpec> tables(int workers, int capacity, int stats);

  /** Worker {@code w}'s partial for position {@code i} of round {@code r}: rounding matters in sums. */
  static double value(int w, int r, int i) {
    return Math.sin(1.0 + w * 7.3 + r * 1.7 + i * 0.31) * Math.pow(10, (w + i) % 5 - 2);
  }

  static double stat(int w, int r, int s) {
    return Math.cos(w + r * 0.9 + s * 2.1) * 1e3 + w;
  }

  /** What every worker saw; index by worker, then by broadcast. */
  record Seen(List<List<double[]>> deltas, List<List<Task>> next, List<double[]> pullerSums, int[] rounds) {}

  /** Runs rounds over {@code tasks}, stopping after the last; worker {@code failing} throws in round {@code failAt}. */
  Seen run(int workers, int shards, int stats, List<Task> tasks, int failing, int failAt) {
    Exchange ex = exchange(workers, CAPACITY, stats);
    List<List<double[]>> deltas = new ArrayList<>();
    List<List<Task>> next = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      deltas.add(new ArrayList<>());
      next.add(new ArrayList<>());
    }
    List<double[]> sums = new ArrayList<>();
    int[] rounds = new int[workers];
    List<TableSpec> tables = new ArrayList<>(tables(workers, CAPACITY, stats));
    if (tables.isEmpty()) {
      tables.add(TableSpec.builder("unused").dense(org.petuum4j.ps.ValueType.DOUBLE).rows(1).width(1).build());
    }
    runner().run(workers, shards, tables, ctx -> {
      try {
        loop(ctx, ex, stats, tasks, failing, failAt, deltas, next, sums, rounds);
      } catch (Throwable e) {
        ex.abort(e);
        throw e;
      }
    });
    return new Seen(deltas, next, sums, rounds);
  }

  private static void loop(WorkerContext ctx, Exchange ex, int stats, List<Task> tasks, int failing, int failAt,
      List<List<double[]>> deltas, List<List<Task>> next, List<double[]> sums, int[] rounds) {
    int w = ctx.workerId();
    Exchange.Decision d = ex.broadcast(ctx, w == 0 ? new Exchange.Decision(null, tasks.get(0), false) : null);
    record(w, d, deltas, next);
    for (int r = 0; ; r++) {
      if (w == failing && r == failAt) {
        throw new IllegalStateException("worker " + w + " fails in round " + r);
      }
      Task task = d.next();
      int p = task == null ? 0 : task.size();
      double[] partials = new double[p + stats];
      for (int i = task == null ? 0 : task.from(w), end = task == null ? 0 : task.to(w); i < end; i++) {
        partials[i] = value(w, r, i);
      }
      for (int s = 0; s < stats; s++) {
        partials[p + s] = stat(w, r, s);
      }
      double[] s = ex.reduce(ctx, task, partials, stats);
      Exchange.Decision mine = null;
      if (w == 0) {
        sums.add(Arrays.copyOf(s, p + stats));
        boolean last = r + 1 == tasks.size();
        mine = last ? new Exchange.Decision(null, null, true)
            : new Exchange.Decision(Arrays.copyOf(s, p + 3), tasks.get(r + 1), false);
      }
      d = ex.broadcast(ctx, mine);
      record(w, d, deltas, next);
      if (d.stop()) {
        rounds[w] = r + 1;
        return;
      }
      ex.endRound(ctx);
    }
  }

  private static void record(int w, Exchange.Decision d, List<List<double[]>> deltas, List<List<Task>> next) {
    synchronized (deltas) {
      deltas.get(w).add(d.deltas() == null ? null : d.deltas().clone());
      next.get(w).add(d.stop() ? Task.of(-1) : d.next());
    }
  }

  /** The sums the puller must see for {@code task} in round {@code r}: worker order, from 0. */
  static double[] expected(int workers, int stats, Task task, int r) {
    int p = task == null ? 0 : task.size();
    double[] e = new double[p + stats];
    for (int w = 0; w < workers; w++) {
      for (int i = task == null ? 0 : task.from(w), end = task == null ? 0 : task.to(w); i < end; i++) {
        e[i] += value(w, r, i);
      }
      for (int s = 0; s < stats; s++) {
        e[p + s] += stat(w, r, s);
      }
    }
    return e;
  }

  private static void assertSums(Seen seen, int workers, int stats, List<Task> tasks) {
    assertThat(seen.pullerSums()).hasSize(tasks.size());
    for (int r = 0; r < tasks.size(); r++) {
      assertThat(seen.pullerSums().get(r)).as("round %d", r).containsExactly(expected(workers, stats, tasks.get(r), r));
    }
  }

  @Test
  void reduce_sharedTask_sumsEveryWorkersPartialsInWorkerOrder() {
    List<Task> tasks = List.of(Task.of(4, 1, 9), Task.of(0, 2, 3, 5, 6, 7, 8), Task.of(11));
    Seen seen = run(3, 2, 0, tasks, -1, -1);
    assertSums(seen, 3, 0, tasks);
  }

  @Test
  void reduce_partitionedTask_takesEachPositionFromItsOwner() {
    List<Task> tasks = List.of(
        Task.partitioned(new int[][] {{0, 1}, {2, 3, 4}, {5}}),
        Task.partitioned(new int[][] {{}, {9, 8}, {7, 6, 5, 4, 3}}),
        Task.partitioned(new int[][] {{1}, {}, {}}));
    Seen seen = run(3, 2, 1, tasks, -1, -1);
    assertSums(seen, 3, 1, tasks);
  }

  @Test
  void reduce_statistics_areSummedOverWorkersAfterThePositions() {
    List<Task> tasks = List.of(Task.of(3, 4), Task.of(), Task.of(1, 2, 3, 4, 5, 6, 0));
    Seen seen = run(4, 1, 3, tasks, -1, -1);
    assertSums(seen, 4, 3, tasks);
  }

  @Test
  void reduce_statisticsOnlyRound_hasNoTask() {
    List<Task> tasks = new ArrayList<>();
    tasks.add(null);
    Seen seen = run(2, 1, 2, tasks, -1, -1);
    assertThat(seen.pullerSums().get(0)).containsExactly(expected(2, 2, null, 0));
  }

  @Test
  void reduce_manyRoundsOfMixedTasks_leaveNothingBehindInReusedSlots() {
    List<Task> tasks = new ArrayList<>();
    for (int r = 0; r < 41; r++) {
      int size = 1 + r % CAPACITY;
      if (r % 3 == 0) {
        int[][] per = new int[3][];
        for (int w = 0, next = 0; w < 3; w++) {
          int k = (size + w) / 3;
          per[w] = new int[k];
          for (int i = 0; i < k; i++) {
            per[w][i] = next++ * 2 + r % 2;
          }
        }
        tasks.add(Task.partitioned(per));
      } else {
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) {
          ids[i] = (r * 5 + i * 3) % 50 + i * 50;
        }
        tasks.add(Task.of(ids));
      }
    }
    Seen seen = run(3, 2, 2, tasks, -1, -1);
    assertSums(seen, 3, 2, tasks);
  }

  @Test
  void broadcast_deliversThePullersDecisionToEveryWorker() {
    List<Task> tasks = List.of(Task.of(1, 2), Task.partitioned(new int[][] {{3}, {4, 5}, {}}), Task.of(6, 0, 2));
    Seen seen = run(3, 2, 1, tasks, -1, -1);
    for (int w = 0; w < 3; w++) {
      assertThat(seen.next().get(w)).as("tasks seen by worker %d", w)
          .containsExactly(tasks.get(0), tasks.get(1), tasks.get(2), Task.of(-1));
      List<double[]> d = seen.deltas().get(w);
      assertThat(d).hasSize(4);
      assertThat(d.get(0)).isNull();
      for (int r = 0; r < 2; r++) {
        int p = tasks.get(r).size();
        assertThat(Arrays.copyOf(d.get(r + 1), p)).as("worker %d round %d", w, r)
            .containsExactly(Arrays.copyOf(expected(3, 1, tasks.get(r), r), p));
      }
      assertThat(d.get(3)).isNull();
    }
  }

  @Test
  void stop_endsEveryWorkerInTheSameRound() {
    List<Task> tasks = List.of(Task.of(0), Task.of(1), Task.of(2), Task.of(3), Task.of(4));
    Seen seen = run(4, 2, 0, tasks, -1, -1);
    assertThat(seen.rounds()).containsExactly(5, 5, 5, 5);
  }

  @Test
  void abort_aFailingWorkerReleasesTheOthersAndFailsTheJob() {
    List<Task> tasks = List.of(Task.of(0), Task.of(1), Task.of(2), Task.of(3));
    assertThatThrownBy(() -> run(3, 2, 1, tasks, 2, 1))
        .satisfies(e -> assertThat(chain(e)).contains("worker 2 fails in round 1"));
  }

  @Test
  void abort_aFailingPullerReleasesTheOthers() {
    List<Task> tasks = List.of(Task.of(0), Task.of(1), Task.of(2));
    assertThatThrownBy(() -> run(3, 1, 0, tasks, 0, 2))
        .satisfies(e -> assertThat(chain(e)).contains("worker 0 fails in round 2"));
  }

  static String chain(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      b.append(c).append(" <- ");
    }
    return b.toString();
  }
}
