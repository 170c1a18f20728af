package org.petuum4j.sched;

import java.util.Arrays;
import java.util.concurrent.Phaser;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.WorkerContext;

/**
 * {@link Exchange} between the worker threads of one process: each worker publishes its partials
 * buffer in a slot and all meet at a {@link Phaser}; the puller then reads every slot (in worker
 * order, so sums are the same in every run) while the others wait for the broadcast. A {@link
 * Phaser} rather than a {@link java.util.concurrent.CyclicBarrier} because terminating it releases
 * every present and future waiter at once, which is how a failed worker stops the others.
 */
final class EmbeddedExchange implements Exchange {
  private final int workers;
  private final Phaser phaser;
  private final double[][] slots;
  private double[] sums = new double[0];
  private Decision decision;
  private volatile Throwable failure;

  EmbeddedExchange(int workers) {
    this.workers = workers;
    this.phaser = new Phaser(workers);
    this.slots = new double[workers][];
  }

  @Override
  public double[] reduce(WorkerContext ctx, Task task, double[] partials, int stats) {
    int worker = ctx.workerId();
    slots[worker] = partials;
    await();
    if (worker != PULLER) {
      return null;
    }
    int p = task == null ? 0 : task.size();
    int len = p + stats;
    if (sums.length < len) {
      sums = new double[Math.max(len, 2 * sums.length)];
    }
    Arrays.fill(sums, 0, len, 0);
    if (task != null && !task.isShared()) {
      for (int w = 0; w < workers; w++) {
        System.arraycopy(slots[w], task.from(w), sums, task.from(w), task.to(w) - task.from(w));
      }
    } else {
      for (int w = 0; w < workers; w++) {
        double[] s = slots[w];
        for (int i = 0; i < p; i++) {
          sums[i] += s[i];
        }
      }
    }
    for (int w = 0; w < workers; w++) {
      double[] s = slots[w];
      for (int i = p; i < len; i++) {
        sums[i] += s[i];
      }
    }
    return sums;
  }

  @Override
  public Decision broadcast(WorkerContext ctx, Decision d) {
    if (ctx.workerId() == PULLER) {
      decision = d;
    }
    await();
    return decision;
  }

  /** One clock per round, so that the program's own tables see rounds as clocks. */
  @Override
  public void endRound(WorkerContext ctx) {
    ctx.clock();
  }

  @Override
  public void abort(Throwable cause) {
    if (failure == null) {
      failure = cause;
    }
    phaser.forceTermination();
  }

  private void await() {
    if (phaser.arriveAndAwaitAdvance() < 0) {
      Throwable f = failure;
      throw new PsException("round aborted: another worker failed" + (f == null ? "" : ": " + f), f);
    }
  }
}
