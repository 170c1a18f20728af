package org.petuum4j.ps.checkpoint;

/** A checkpoint to resume from belongs to another app, other tables or another number of workers. */
public final class CheckpointMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public CheckpointMismatchException(String message) {
    super(message);
  }
}
