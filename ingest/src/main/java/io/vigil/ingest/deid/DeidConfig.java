package io.vigil.ingest.deid;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
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

  /**
   * Reads a processing-id list as operators write it ({@code deid.processing-ids}, {@code vigil
   * check --processing-ids}): comma-separated, any case, spaces allowed.
   *
   * @throws IllegalArgumentException naming the ids allowed when one is not P, T or D
   */
  public static Set<String> processingIds(String text) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : text.split(",", -1)) {
      ids.add(id.trim().toUpperCase(Locale.ROOT));
    }
    if (!ALL_PROCESSING_IDS.containsAll(ids)) {
      throw new IllegalArgumentException(
          "the processing ids counted are some of P, T and D (e.g. 'P' or 'P,T'), got '"
              + text
              + "'");
    }
    return Collections.unmodifiableSet(ids);
  }
}
