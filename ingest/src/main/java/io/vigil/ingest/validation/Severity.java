package io.vigil.ingest.validation;

/** Severity of a finding, as HL7 table 0516 (ERR-4): error, warning, information. */
public enum Severity {
  E,
  W,
  I
}
