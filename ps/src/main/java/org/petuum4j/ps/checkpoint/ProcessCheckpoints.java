package org.petuum4j.ps.checkpoint;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.petuum4j.ps.Checkpointable;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.client.AbortableBarrier;

/**
 * The checkpoint duties of one process's worker threads: each saves its state to {@code
 * worker-<id>.state} in the checkpoint's staging directory, then waits at a barrier of the
 * process's threads whose last arrival runs the {@link Committer} (which, with every thread of
 * the job paused, has the servers write their rows and commits the manifest).
 */
public final class ProcessCheckpoints implements Checkpointing {

  /** The part of a checkpoint beyond this process's worker states. */
  @FunctionalInterface
  public interface Committer {
    /**
     * Completes the checkpoint at {@code clock}; {@code workerFiles} maps this process's state
     * files to their SHA-256. Returns once it is committed.
     */
    void commit(int clock, Map<String, String> workerFiles) throws IOException;
  }

  private final CheckpointStore store;
  private final int every;
  private final CheckpointStore.Checkpoint resumeFrom;
  private final Map<String, String> files = new ConcurrentHashMap<>();
  private final AbortableBarrier barrier;
  private volatile int pendingClock;

  public ProcessCheckpoints(CheckpointStore store, int every, int localWorkers, CheckpointStore.Checkpoint resumeFrom,
      Committer committer) {
    this.store = store;
    this.every = every;
    this.resumeFrom = resumeFrom;
    this.barrier = new AbortableBarrier(localWorkers, () -> {
      try {
        committer.commit(pendingClock, new HashMap<>(files));
      } finally {
        files.clear();
      }
    });
  }

  /** The name of worker {@code w}'s state file. */
  public static String stateFile(int worker) {
    return "worker-" + worker + ".state";
  }

  @Override
  public int every() {
    return every;
  }

  @Override
  public int startClock() {
    return resumeFrom == null ? 0 : resumeFrom.clock();
  }

  @Override
  public void checkpoint(int worker, int clock, Checkpointable state) {
    pendingClock = clock;
    if (state != null) {
      String name = stateFile(worker);
      try {
        files.put(name, CheckpointStore.write(store.staging(clock).resolve(name), state::save));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write checkpoint state of worker " + worker, e);
      }
    }
    barrier.await("checkpoint at clock " + clock);
  }

  @Override
  public void restore(int worker, Checkpointable state) {
    if (resumeFrom == null) {
      return;
    }
    String name = stateFile(worker);
    if (!Files.exists(resumeFrom.dir().resolve(name))) {
      throw new IllegalStateException("checkpoint " + resumeFrom.dir() + " holds no state of worker " + worker);
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(resumeFrom.open(name)))) {
      state.restore(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore worker " + worker + " from " + resumeFrom.dir(), e);
    }
  }

  @Override
  public void abort() {
    barrier.abort(new PsException("the job was aborted"));
  }
}
