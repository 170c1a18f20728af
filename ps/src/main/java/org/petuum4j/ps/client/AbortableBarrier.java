package org.petuum4j.ps.client;

import org.petuum4j.ps.PsException;

/**
 * A reusable barrier of a fixed number of threads whose last arrival runs an action before any
 * thread leaves, and which, once aborted, fails every waiting and every later arrival. (A {@link
 * java.util.concurrent.CyclicBarrier} that is reset after a failure lets later arrivals wait for
 * a thread that will never come.)
 */
public final class AbortableBarrier {

  /** What the last arrival runs. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private final int parties;
  private final Action action;
  private int arrived;
  private long generation;
  private Throwable abortCause;

  public AbortableBarrier(int parties, Action action) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be >= 1, was " + parties);
    }
    this.parties = parties;
    this.action = action;
  }

  /**
   * Waits for the other parties; the last runs the action.
   *
   * @throws PsException if the barrier was or gets aborted, or the action failed (which aborts it)
   */
  public synchronized void await(String what) {
    check(what);
    long gen = generation;
    if (++arrived == parties) {
      try {
        action.run();
      } catch (Exception | Error e) {
        abort(e);
        throw new PsException(what + " failed: " + e, e);
      }
      arrived = 0;
      generation++;
      notifyAll();
      return;
    }
    boolean interrupted = false;
    while (gen == generation && abortCause == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
        abort(new PsException("interrupted in " + what));
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (gen == generation) {
      check(what);
    }
  }

  /** Fails every waiting and later {@link #await}. */
  public synchronized void abort(Throwable cause) {
    if (abortCause == null) {
      abortCause = cause;
    }
    notifyAll();
  }

  private void check(String what) {
    if (abortCause != null) {
      throw new PsException(what + " broken: the job was aborted (" + abortCause + ")", abortCause);
    }
  }
}
