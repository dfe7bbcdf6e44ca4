package io.vigil.ingest.fhir;

import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The sending facility of a Bundle, as the identifier value HL7 v2 puts in MSH-4 (a CLIA number or
 * an OID): the identifier of the Organization named by {@code MessageHeader.sender}; for other
 * Bundles (or a sender given only by identifier) the performing organization of the first
 * DiagnosticReport or Immunization, else the first Organization in the Bundle. A CLIA identifier is
 * preferred over others.
 */
final class BundleSender {
  static final String CLIA = "urn:oid:2.16.840.1.113883.4.7";

  private BundleSender() {}

  static Optional<MessageHeader> header(Bundle bundle) {
    if (bundle.getEntry().isEmpty()) {
      return Optional.empty();
    }
    return bundle.getEntryFirstRep().getResource() instanceof MessageHeader h
        ? Optional.of(h)
        : Optional.empty();
  }

  /** The facility id, or "" when the Bundle names none. */
  static String facilityOf(BundleIndex index) {
    Bundle bundle = index.bundle();
    Optional<MessageHeader> header = header(bundle);
    if (header.isPresent() && header.get().hasSender()) {
      String id = organizationId(index, header.get(), header.get().getSender());
      if (!id.isEmpty()) {
        return id;
      }
    }
    for (BundleIndex.Located<Resource> located : index.resources()) {
      Resource r = located.resource();
      if (r instanceof DiagnosticReport dr) {
        for (Reference performer : dr.getPerformer()) {
          String id = organizationId(index, dr, performer);
          if (!id.isEmpty()) {
            return id;
          }
        }
      } else if (r instanceof Immunization imm) {
        for (Immunization.ImmunizationPerformerComponent p : imm.getPerformer()) {
          String id = organizationId(index, imm, p.getActor());
          if (!id.isEmpty()) {
            return id;
          }
        }
      }
    }
    for (Organization org : index.resources(Organization.class)) {
      String id = identifierOf(org);
      if (!id.isEmpty()) {
        return id;
      }
    }
    return "";
  }

  private static String organizationId(BundleIndex index, Resource from, Reference ref) {
    Optional<Organization> org = index.resolve(from, ref, Organization.class);
    if (org.isPresent()) {
      return identifierOf(org.get());
    }
    Identifier logical = ref.getIdentifier();
    return logical != null ? bare(logical.getValue()) : "";
  }

  static String identifierOf(Organization org) {
    String first = "";
    for (Identifier id : org.getIdentifier()) {
      if (!FhirCodings.hasText(id.getValue())) {
        continue;
      }
      if (CLIA.equals(id.getSystem())) {
        return bare(id.getValue());
      }
      if (first.isEmpty()) {
        first = bare(id.getValue());
      }
    }
    return first;
  }

  /** An OID written as {@code urn:oid:1.2.3} as HL7 v2 writes it ({@code 1.2.3}); else trimmed. */
  static String bare(String value) {
    String v = FhirCodings.nonNull(value).trim();
    return v.startsWith("urn:oid:") ? v.substring("urn:oid:".length()) : v;
  }
}
