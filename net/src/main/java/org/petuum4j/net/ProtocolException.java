package org.petuum4j.net;

/** A peer sent something that is not a well-formed message of the protocol, or not in order. */
final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ProtocolException(String message) {
    super(message);
  }
}
