package io.vigil.ingest.deid;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of the de-identification policy.
 *
 * @param personKeySecret secret key of the person-key HMAC (≥ 32 bytes; {@code
 *     deid.person-key-secret} as hex or base64; dev generates one into the data dir)
 * @param zone the time zone whose calendar days events are dated in (default UTC; a health
 *     department sets its own, e.g. {@code America/Chicago})
 * @param conditionsFile a replacement reportable-condition value set, else the bundled one
 * @param processingIds the processing ids (HL7 table 0103: {@code P}, {@code T}, {@code D}) whose
 *     reports are counted in the trends ({@code deid.processing-ids}; production counts {@code P}
 *     only, dev all three, so a guide's test samples show up in a demo)
 */
public record DeidConfig(
    byte[] personKeySecret, ZoneId zone, Optional<Path> conditionsFile, Set<String> processingIds) {

  /** Every processing id HL7 table 0103 defines. */
  public static final Set<String> ALL_PROCESSING_IDS = Set.of("P", "T", "D");

  public DeidConfig {
    Objects.requireNonNull(personKeySecret, "personKeySecret");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(conditionsFile, "conditionsFile");
    processingIds = Set.copyOf(processingIds);
    if (processingIds.isEmpty() || !ALL_PROCESSING_IDS.containsAll(processingIds)) {
      throw new IllegalArgumentException(
          "processing ids must be some of P, T and D, got " + processingIds);
    }
  }
}
