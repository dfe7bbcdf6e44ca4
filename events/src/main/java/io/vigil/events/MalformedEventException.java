package io.vigil.events;

/** Bytes that are not a valid {@code vigil.events.v1} event. */
public final class MalformedEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
