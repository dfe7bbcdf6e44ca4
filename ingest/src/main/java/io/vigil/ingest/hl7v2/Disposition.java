package io.vigil.ingest.hl7v2;

/** What the hub decides about a message after examining it, before storing it. */
public enum Disposition {
  /** No error findings: stored and processed downstream (AA / CA). */
  ACCEPT,
  /** Parsed and supported, but with error findings in the content: stored for audit only (AE). */
  ERROR,
  /** Unparseable, unsupported message type, event, version or processing id (AR / CR). */
  REJECT
}
