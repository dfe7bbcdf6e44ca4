package io.vigil.hub.monitor;

/** The hub could not be asked, or its answer is not a well-formed log response. */
public final class HubException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean malformed;

  /**
   * @param malformed true if the hub answered but the answer is unreadable; false if it could not
   *     be reached or answered with an error status
   */
  public HubException(boolean malformed, String message) {
    super(message);
    this.malformed = malformed;
  }

  public HubException(boolean malformed, String message, Throwable cause) {
    super(message, cause);
    this.malformed = malformed;
  }

  /** The finding this failure amounts to. */
  Finding finding(long treeSize) {
    return new Finding(
        malformed ? Finding.Kind.BAD_RESPONSE : Finding.Kind.HUB_UNREACHABLE,
        treeSize,
        getMessage());
  }
}
