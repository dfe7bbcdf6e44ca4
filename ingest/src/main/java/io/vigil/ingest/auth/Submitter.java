package io.vigil.ingest.auth;

/**
 * Who a message arrived from, as far as the transport proved it: the sender an authenticated HTTP
 * principal or an MLLP client certificate is bound to, or {@link #UNVERIFIED} (dev-mode plaintext
 * MLLP, the dev-mode sender principal) which may use any registered facility.
 *
 * @param senderId the sender it may submit as; null for {@link #UNVERIFIED}
 * @param label who it is, for security events (a client id or certificate subject; never PHI)
 */
public record Submitter(Long senderId, String label) {
  /** No transport identity: the sending facility is taken as sent. */
  public static final Submitter UNVERIFIED = new Submitter(null, "unverified");

  /** An identity that matches no sender (a certificate not mapped to any): every message fails. */
  public static Submitter unmapped(String label) {
    return new Submitter(-1L, label);
  }

  /** The submitter of a request authenticated as {@code p}. */
  public static Submitter of(Principal p) {
    return p.senderId() == null ? UNVERIFIED : new Submitter(p.senderId(), p.clientId());
  }

  /** Whether a message whose MSH-4 resolved to {@code resolvedSenderId} may come from here. */
  public boolean mayUse(Long resolvedSenderId) {
    return senderId == null || senderId.equals(resolvedSenderId);
  }
}
