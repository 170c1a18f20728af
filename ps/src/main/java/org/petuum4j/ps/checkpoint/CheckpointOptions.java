package org.petuum4j.ps.checkpoint;

import java.nio.file.Path;

/**
 * How a job checkpoints and resumes.
 *
 * @param dir where checkpoints live
 * @param every checkpoint when the clock reaches a multiple of this; 0 for never
 * @param keep how many of the newest checkpoints to keep, at least 1
 * @param resume start from the newest intact checkpoint in {@code dir}, if there is one
 * @param maxRecoveries on a cluster, how many times a lost process may be replaced (the whole job
 *     rolling back to the newest checkpoint) before the job fails
 */
public record CheckpointOptions(Path dir, int every, int keep, boolean resume, int maxRecoveries) {
  public CheckpointOptions {
    if (dir == null) {
      throw new IllegalArgumentException("a checkpoint directory is required");
    }
    if (every < 0 || keep < 1 || maxRecoveries < 0) {
      throw new IllegalArgumentException("every must be >= 0, keep >= 1 and maxRecoveries >= 0; were "
          + every + ", " + keep + ", " + maxRecoveries);
    }
  }

  /** Whether there is anything to do. */
  public boolean active() {
    return every > 0 || resume;
  }

  /** The same, resuming. */
  public CheckpointOptions resuming() {
    return new CheckpointOptions(dir, every, keep, true, maxRecoveries);
  }

  public CheckpointStore store() {
    return new CheckpointStore(dir, keep);
  }
}
