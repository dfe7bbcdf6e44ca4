package io.vigil.anchoring.chain;

/** A chain operation failed; subclasses say whether trying again later can help. */
public class ChainException extends Exception {

  private static final long serialVersionUID = 1L;

  public ChainException(String message) {
    super(message);
  }

  public ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
