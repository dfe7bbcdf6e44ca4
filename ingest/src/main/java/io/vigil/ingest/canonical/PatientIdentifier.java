package io.vigil.ingest.canonical;

import java.util.Objects;

/**
 * One patient identifier (CX / Identifier).
 *
 * @param value the identifier
 * @param assigningAuthority CX-4 namespace or universal id / Identifier.system ("" when none)
 * @param type CX-5 identifier type code / Identifier.type code, e.g. {@code MR} ("" when none)
 */
public record PatientIdentifier(String value, String assigningAuthority, String type) {
  public PatientIdentifier {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(assigningAuthority, "assigningAuthority");
    Objects.requireNonNull(type, "type");
  }
}
