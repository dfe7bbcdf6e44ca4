package io.vigil.ingest.ack;

/**
 * Acknowledgement codes (HL7 table 0008). Original mode uses AA/AE/AR, enhanced mode's accept
 * acknowledgement uses CA/CE/CR.
 */
public enum AckCode {
  /** Original mode: stored and accepted. */
  AA,
  /** Original mode: stored, but the content has errors; do not resend without correction. */
  AE,
  /** Original mode: rejected (unsupported type/version, unparseable, or not stored: resend). */
  AR,
  /** Enhanced mode: committed to safe storage. */
  CA,
  /** Enhanced mode: commit error (not stored; resend). */
  CE,
  /** Enhanced mode: commit reject (unsupported type/version or unparseable). */
  CR;

  /** True for the codes that tell the sender its message was durably stored and accepted. */
  public boolean isPositive() {
    return this == AA || this == CA;
  }
}
