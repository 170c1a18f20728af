package org.petuum4j.cli;

/** A problem the user can fix (bad option value, missing file); printed as one line, exit code 2. */
final class UserException extends Exception {
  private static final long serialVersionUID = 1L;

  UserException(String message) {
    super(message);
  }
}
