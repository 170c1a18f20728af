package org.petuum4j.ps.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.checkpoint.Checkpointing;

/**
 * Runs a program on the worker threads of one client process and waits for them; shared by the
 * embedded runtime and the cluster's worker processes.
 *
 * <p>A barrier first meets the process's own threads in an {@link AbortableBarrier}; the last to
 * arrive runs {@code globalBarrier} (embedded: nothing; in a cluster, the coordinator round trip
 * that waits for every other process) and then marks the client's cache stale, before any thread
 * leaves. The first failing thread aborts the client, so the others stop instead of hanging.
 */
public final class LocalWorkers {
  private LocalWorkers() {}

  /** Runs {@code program} on every local worker of {@code client}. */
  public static void run(PsClient client, WorkerProgram program, Runnable globalBarrier) {
    run(client, program, globalBarrier, Checkpointing.NONE);
  }

  /** As {@link #run(PsClient, WorkerProgram, Runnable)}, with the job's checkpoint duties. */
  public static void run(PsClient client, WorkerProgram program, Runnable globalBarrier, Checkpointing checkpointing) {
    int n = client.numLocalWorkers();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AbortableBarrier cyclic = new AbortableBarrier(n, () -> {
      globalBarrier.run();
      client.onBarrierPassed();
    });
    WorkerBarrier barrier = worker -> cyclic.await("barrier");
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int w = client.firstWorker() + i;
      WorkerThread ctx = client.newWorker(w, barrier, checkpointing);
      Thread t = new Thread(() -> {
        try {
          program.run(ctx);
          ctx.finish();
        } catch (Throwable e) {
          if (failure.compareAndSet(null, e)) {
            client.abort(e);
            cyclic.abort(e);
            checkpointing.abort();
          }
        }
      }, "petuum4j-worker-" + w);
      threads.add(t);
      t.start();
    }
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          PsException cause = new PsException("interrupted");
          client.abort(cause);
          cyclic.abort(cause);
          checkpointing.abort();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable f = failure.get();
    if (f != null) {
      throw new PsException("worker program failed: " + f, f);
    }
  }
}
