package io.vigil.ingest.auth;

/**
 * A refused credential, carrying its HTTP status and a stable code. Token endpoint codes follow RFC
 * 6749 §5.2 ({@code invalid_client}, {@code invalid_request}, …); the message says why, without
 * echoing the credential.
 */
public final class AuthException extends Exception {
  private final int status;
  private final String code;

  public AuthException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static AuthException invalidClient(String message) {
    return new AuthException(401, "invalid_client", message);
  }
}
