package io.vigil.ingest.fhir;

import io.vigil.ingest.canonical.CanonicalReport;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Meta;

/**
 * A FHIR Bundle's processing id, HL7 table 0103's {@code P}/{@code T}/{@code D}: FHIR has no
 * element for MSH-11, so senders tag it. The v2-to-FHIR mapping (and ReportStream) put a {@code
 * v2-0103} code in {@code meta.tag} of the MessageHeader or the Bundle; a security label or tag
 * {@code v3-ActReason|HTEST} ("test health data") says the same as {@code T}.
 */
final class ProcessingTag {
  static final String V2_0103 = "http://terminology.hl7.org/CodeSystem/v2-0103";
  static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

  private ProcessingTag() {}

  /**
   * {@code T} or {@code D} when the Bundle or its MessageHeader is tagged so (the first such tag: a
   * test tag anywhere keeps the report out of the trends), else {@code P}.
   */
  static String of(Bundle bundle) {
    Stream<Meta> metas =
        Stream.concat(
            Stream.of(bundle.getMeta()),
            BundleSender.header(bundle).stream().map(h -> h.getMeta()));
    return metas
        .flatMap(m -> Stream.concat(m.getTag().stream(), m.getSecurity().stream()))
        .map(ProcessingTag::processingId)
        .filter(id -> !id.isEmpty() && !id.equals(CanonicalReport.PRODUCTION))
        .findFirst()
        .orElse(CanonicalReport.PRODUCTION);
  }

  private static String processingId(Coding c) {
    String code = c.hasCode() ? c.getCode().trim() : "";
    if (V2_0103.equals(c.getSystem()) && List.of("P", "T", "D").contains(code)) {
      return code;
    }
    return ACT_REASON.equals(c.getSystem()) && code.equals("HTEST") ? "T" : "";
  }
}
