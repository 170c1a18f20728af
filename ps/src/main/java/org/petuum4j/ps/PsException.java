package org.petuum4j.ps;

/** A failure of the platform or of a worker program, reported to the caller of a job. */
public class PsException extends RuntimeException {
  public PsException(String message) {
    super(message);
  }

  public PsException(String message, Throwable cause) {
    super(message, cause);
  }
}
