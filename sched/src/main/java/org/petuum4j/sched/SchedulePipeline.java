package org.petuum4j.sched;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.petuum4j.ps.PsException;

/**
 * Runs a {@link Scheduler} ahead of the rounds, with bounded depth {@code d}: the schedule of round
 * {@code r} is computed once the feedback of round {@code r - d - 1} has arrived, having applied
 * exactly the feedback of rounds {@code 0 .. r - d - 1}, so it overlaps with rounds {@code r - d ..
 * r - 1}. With {@code d = 0} there is nothing to overlap and the puller schedules inline.
 *
 * <p>Implementation notes: with {@code d >= 1} a daemon thread owns the scheduler. Feedback waits
 * in a FIFO until the thread needs it; finished schedules wait in a FIFO of at most {@code d + 1}
 * tasks (a bound the feedback rule already implies; the thread also blocks on it, as a guard). One
 * lock guards both FIFOs, the failure and the closed flag. A scheduler failure is handed to the
 * puller's next {@link #take}; {@link #abort} wakes everyone.
 */
final class SchedulePipeline implements AutoCloseable {
  private record Feedback(int round, Task task, double[] deltas) {}

  private final Scheduler scheduler;
  private final int depth;
  private final int maxRounds;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Feedback> feedback = new ArrayDeque<>();
  private final ArrayDeque<Task> ready = new ArrayDeque<>();
  private int lastFed = -1;
  private int nextTake;
  private boolean closed;
  private Throwable failure;
  private Thread thread;

  SchedulePipeline(Scheduler scheduler, int depth, int maxRounds) {
    this.scheduler = scheduler;
    this.depth = depth;
    this.maxRounds = maxRounds;
  }

  /** Starts the scheduler thread, if the depth calls for one. */
  void start() {
    if (depth > 0) {
      thread = new Thread(this::runAhead, "petuum4j-scheduler");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The task of {@code round}; rounds are taken in order, once each. Called by the puller. */
  Task take(int round) {
    if (round != nextTake) {
      throw new IllegalStateException("round " + round + " taken out of order, expected " + nextTake);
    }
    nextTake++;
    if (depth == 0) {
      applyFeedbackBefore(round);
      return scheduler.schedule(round);
    }
    lock.lock();
    try {
      while (ready.isEmpty() && failure == null && !closed) {
        changed.awaitUninterruptibly();
      }
      checkFailure();
      if (ready.isEmpty()) {
        throw new PsException("scheduler pipeline closed");
      }
      Task t = ready.pollFirst();
      changed.signalAll();
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** The changes round {@code round} made; rounds arrive in order. The arrays are not copied. */
  void feedback(int round, Task task, double[] deltas) {
    lock.lock();
    try {
      if (round != lastFed + 1) {
        throw new IllegalStateException("feedback of round " + round + " after round " + lastFed);
      }
      lastFed = round;
      feedback.addLast(new Feedback(round, task, deltas));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Fails the puller's waiting and future {@link #take} calls with {@code cause}. */
  void abort(Throwable cause) {
    lock.lock();
    try {
      if (failure == null) {
        failure = cause;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (thread != null) {
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void runAhead() {
    try {
      for (int r = 0; r < maxRounds; r++) {
        lock.lock();
        try {
          while (!closed && failure == null && (lastFed < r - depth - 1 || ready.size() > depth)) {
            changed.awaitUninterruptibly();
          }
          if (closed || failure != null) {
            return;
          }
        } finally {
          lock.unlock();
        }
        applyFeedbackBefore(r);
        Task t = scheduler.schedule(r);
        lock.lock();
        try {
          ready.addLast(t);
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    } catch (Throwable e) {
      abort(new PsException("the scheduler failed: " + e, e));
    }
  }

  /** Hands the scheduler the feedback of every round {@code < round - depth}, in order. */
  private void applyFeedbackBefore(int round) {
    while (true) {
      Feedback f;
      lock.lock();
      try {
        f = feedback.peekFirst();
        if (f == null || f.round() >= round - depth) {
          return;
        }
        feedback.pollFirst();
      } finally {
        lock.unlock();
      }
      scheduler.feedback(f.task(), f.deltas());
    }
  }

  private void checkFailure() {
    if (failure != null) {
      throw failure instanceof PsException p ? p : new PsException("scheduler pipeline aborted: " + failure, failure);
    }
  }
}
