package org.petuum4j.ps.checkpoint;

import org.petuum4j.ps.Checkpointable;

/**
 * A process's checkpoint duties, as its worker threads see them. {@link #NONE} when a job does not
 * checkpoint and does not resume.
 */
public interface Checkpointing {

  /** Neither checkpoints nor resumes. */
  Checkpointing NONE = new Checkpointing() {
    @Override
    public int every() {
      return 0;
    }

    @Override
    public int startClock() {
      return 0;
    }

    @Override
    public void checkpoint(int worker, int clock, Checkpointable state) {}

    @Override
    public void restore(int worker, Checkpointable state) {}
  };

  /** Checkpoint when a worker's clock reaches a positive multiple of this; 0 for never. */
  int every();

  /** The clock every worker starts at: the resumed checkpoint's clock, or 0. */
  int startClock();

  /**
   * Called by every worker thread when its clock reaches a checkpoint clock, once all its updates
   * are acknowledged: saves {@code state} (may be null) and returns when the whole checkpoint is
   * committed.
   */
  void checkpoint(int worker, int clock, Checkpointable state);

  /** Loads a worker's state from the resumed checkpoint; nothing when not resuming. */
  void restore(int worker, Checkpointable state);

  /** Releases threads waiting in a checkpoint because the job failed. */
  default void abort() {}
}
