package io.vigil.ingest.canonical;

import java.io.IOException;

/** Lets tests of other packages read a golden HL7 v2 file as a canonical report. */
public final class Hl7v2ReportMapperTestAccess {
  private Hl7v2ReportMapperTestAccess() {}

  public static CanonicalReport report(String resource) throws IOException {
    return Hl7v2ReportMapperTest.report(resource);
  }

  /** The canonical report of an HL7 v2 message the examiner accepts. */
  public static CanonicalReport reportOf(String message) {
    return Hl7v2ReportMapperTest.reportOf(message);
  }
}
