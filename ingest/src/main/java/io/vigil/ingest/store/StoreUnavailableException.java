package io.vigil.ingest.store;

/**
 * The submission was not stored (database down, read-only, full, overloaded, or shutting down). The
 * sender gets a negative acknowledgement (AR / CE / HTTP 503) and should resend.
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
