package io.vigil.ingest.fhir;

import io.vigil.ingest.canonical.CanonicalReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Meta;

/**
 * A FHIR Bundle's processing id, HL7 table 0103's {@code P}/{@code T}/{@code D}: FHIR has no
 * element for MSH-11, so senders tag it. The v2-to-FHIR mapping (and ReportStream) put a {@code
 * v2-0103} code in {@code meta.tag} of the MessageHeader or the Bundle (older converters under the
 * table's DSTU2/STU3 URI or its OID); a security label or tag {@code v3-ActReason|HTEST} ("test
 * health data") says the same as {@code T}.
 */
final class ProcessingTag {
  static final String V2_0103 = "http://terminology.hl7.org/CodeSystem/v2-0103";
  static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

  /** Table 0103 under its R4 URI, its DSTU2/STU3 URI and its OID. */
  private static final Set<String> TABLE_0103 =
      Set.of(V2_0103, "http://hl7.org/fhir/v2/0103", "urn:oid:2.16.840.1.113883.12.103");

  private static final Set<String> ACT_REASONS =
      Set.of(ACT_REASON, "http://hl7.org/fhir/v3/ActReason", "urn:oid:2.16.840.1.113883.5.8");

  private ProcessingTag() {}

  /** A processing id other than P, and the element that said so. */
  record Found(String processingId, String location) {}

  /**
   * {@code T} or {@code D} when the Bundle or its MessageHeader is tagged so (the first such tag: a
   * test tag anywhere keeps the report out of the trends), else {@code P}.
   */
  static String of(Bundle bundle) {
    return find(bundle).map(Found::processingId).orElse(CanonicalReport.PRODUCTION);
  }

  /** The first tag or security label saying {@code T} or {@code D}, and where it is. */
  static Optional<Found> find(Bundle bundle) {
    List<Meta> metas = new ArrayList<>(List.of(bundle.getMeta()));
    List<String> paths = new ArrayList<>(List.of("Bundle.meta"));
    BundleSender.header(bundle)
        .ifPresent(
            h -> {
              metas.add(h.getMeta());
              paths.add("Bundle.entry[0].resource.meta");
            });
    for (int i = 0; i < metas.size(); i++) {
      for (String element : List.of("tag", "security")) {
        List<Coding> codings =
            element.equals("tag") ? metas.get(i).getTag() : metas.get(i).getSecurity();
        for (int k = 0; k < codings.size(); k++) {
          String id = processingId(codings.get(k));
          if (!id.isEmpty() && !id.equals(CanonicalReport.PRODUCTION)) {
            return Optional.of(new Found(id, paths.get(i) + "." + element + "[" + k + "]"));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static String processingId(Coding c) {
    String code = FhirCodings.hasText(c.getCode()) ? c.getCode().trim() : "";
    if (TABLE_0103.contains(c.getSystem()) && List.of("P", "T", "D").contains(code)) {
      return code;
    }
    return ACT_REASONS.contains(c.getSystem()) && code.equals("HTEST") ? "T" : "";
  }
}
