package org.petuum4j.bench;

import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.petuum4j.ps.EmbeddedRuntime;
import org.petuum4j.ps.WorkerContext;

/**
 * Keeps one parameter-server job running for a whole JMH trial and lets the JMH thread hand every
 * worker thread of the job one step of work per benchmark invocation.
 *
 * <p>Why this shape: a {@link WorkerContext} belongs to the thread that {@link EmbeddedRuntime}
 * started for it, so a JMH thread must never call it. Instead the job's worker program is a loop:
 * wait at the start phase, run the published step on the worker's own state, arrive at the end
 * phase. {@link #run(Step)} publishes a step and waits for both phases, so an invocation lasts
 * until the slowest worker finishes its step (what a synchronous job waits for, too) and includes
 * two thread hand-offs; benchmarks make steps long enough to amortise them and measure them on
 * their own with an empty step.
 *
 * <p>A {@link Phaser} rather than a {@link java.util.concurrent.CyclicBarrier} because a failed
 * worker can terminate it, which releases every present and future waiter at once; a reset
 * barrier would leave a late arrival waiting forever.
 *
 * <p>Used by one JMH thread at a time; not thread-safe.
 *
 * @param <W> the per-worker state a step runs on, built by the worker thread itself
 */
final class JobDriver<W> implements AutoCloseable {

  /** One worker's share of one invocation, run on that worker's thread. */
  @FunctionalInterface
  interface Step<W> {
    void run(W worker);
  }

  private final EmbeddedRuntime runtime;
  private final Phaser phaser;
  private final Thread job;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  /** The step of the current invocation; null tells the workers to leave the job. */
  private volatile Step<W> step;

  private JobDriver(EmbeddedRuntime runtime, int workers, Function<WorkerContext, W> init) {
    this.runtime = runtime;
    this.phaser = new Phaser(workers + 1);
    this.job = new Thread(() -> {
      try {
        runtime.run(ctx -> workerLoop(ctx, init));
      } catch (Throwable e) {
        fail(e);
      }
    }, "bench-job");
    job.setDaemon(true);
  }

  /**
   * Starts {@code runtime}'s job with {@code workers} workers (as many as the runtime was built
   * with), each building its state with {@code init} on its own thread, and returns once every
   * worker has done so.
   */
  static <W> JobDriver<W> start(EmbeddedRuntime runtime, int workers, Function<WorkerContext, W> init) {
    JobDriver<W> d = new JobDriver<>(runtime, workers, init);
    d.job.start();
    d.run(w -> { });
    return d;
  }

  /** Runs {@code s} once on every worker and waits until all of them have finished it. */
  void run(Step<W> s) {
    step = s;
    awaitPhase();
    awaitPhase();
  }

  /** Ends the job: releases the workers, waits for the runtime to finish and closes it. */
  @Override
  public void close() {
    step = null;
    phaser.arrive();
    try {
      job.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      runtime.close();
    }
  }

  private void workerLoop(WorkerContext ctx, Function<WorkerContext, W> init) {
    try {
      W state = init.apply(ctx);
      while (phaser.arriveAndAwaitAdvance() >= 0) {
        Step<W> s = step;
        if (s == null) {
          return;
        }
        s.run(state);
        if (phaser.arriveAndAwaitAdvance() < 0) {
          return;
        }
      }
    } catch (Throwable e) {
      fail(e);
      throw e;
    }
  }

  private void fail(Throwable e) {
    failure.compareAndSet(null, e);
    phaser.forceTermination();
  }

  private void awaitPhase() {
    if (phaser.arriveAndAwaitAdvance() < 0) {
      throw new IllegalStateException("the benchmark's parameter-server job failed", failure.get());
    }
  }
}
