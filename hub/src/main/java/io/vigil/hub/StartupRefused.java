package io.vigil.hub;

/**
 * The hub cannot start for a reason the operator can fix (a busy port, an unusable data dir,
 * another hub on the same data dir). Its message is a complete sentence for standard error: the
 * command line prints it as one line with exit status 2, without a stack trace.
 */
public final class StartupRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupRefused(String message) {
    super(message);
  }

  public StartupRefused(String message, Throwable cause) {
    super(message, cause);
  }
}
