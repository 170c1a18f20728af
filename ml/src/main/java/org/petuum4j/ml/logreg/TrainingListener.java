package org.petuum4j.ml.logreg;

/**
 * Receives progress and per-epoch results from {@link LogRegTrainer}. Both methods have no-op
 * defaults.
 *
 * <p>Called from worker threads: {@link #onProgress} from every worker after each of its
 * mini-batches, possibly concurrently, so it must be thread-safe and cheap (e.g. store a number and
 * redraw a progress bar at most every 100 ms); {@link #onEpoch} from one worker, in epoch order,
 * while the others may already run the next epoch. An exception thrown here fails the training.
 */
public interface TrainingListener {

  /** No-op listener. */
  TrainingListener NONE = new TrainingListener() {};

  /** Called once per epoch, in order, after evaluation. */
  default void onEpoch(EpochMetrics metrics) {}

  /**
   * Called as examples are processed.
   *
   * @param epoch 1-based epoch in progress
   * @param done examples of this epoch processed so far, by all workers
   * @param total examples per epoch
   */
  default void onProgress(int epoch, long done, long total) {}

  /**
   * A note from the platform: a resume from a checkpoint, or a recovery after a lost process
   * (then the message begins with {@link org.petuum4j.ps.job.EventSink#RECOVERY}, and epochs from
   * the checkpoint on are reported again).
   */
  default void onNote(String message) {}
}
