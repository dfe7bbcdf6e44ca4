package io.vigil.anchoring.chain;

/**
 * The chain could not be reached, or did not mine the transaction, within the configured retries.
 * Nothing was decided: the same call may succeed later (the anchoring backlog waits for it).
 */
public class ChainUnavailableException extends ChainException {

  private static final long serialVersionUID = 1L;

  public ChainUnavailableException(String message) {
    super(message);
  }

  public ChainUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
