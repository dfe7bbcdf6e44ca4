package io.vigil.ingest.canonical;

/** What a report is about. */
public enum ReportKind {
  /** Laboratory results (ELR ORU^R01, FHIR DiagnosticReport/Observation). */
  LAB,
  /** Administered vaccine doses (VXU^V04, FHIR Immunization). */
  IMMUNIZATION
}
