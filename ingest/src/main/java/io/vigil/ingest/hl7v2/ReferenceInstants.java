package io.vigil.ingest.hl7v2;

import io.vigil.ingest.validation.Hl7Dates;
import java.time.Instant;
import java.util.Optional;

/**
 * The timeliness reference instants of a lab report, read from its text: specimen collected
 * (SPM-17, else OBR-7), resulted (OBR-22, else the first OBX-19) and message created (MSH-7). They
 * are committed to in the log leaf so reporting timeliness can later be recomputed from receipts.
 *
 * <p>A value without a UTC offset is read at +14:00, the earliest instant it can denote (as the
 * validators do); a value that does not parse counts as absent.
 *
 * @param specimenCollected when the specimen was collected
 * @param resulted when the result was produced
 * @param messageCreated when the sender created the message
 */
public record ReferenceInstants(
    Optional<Instant> specimenCollected,
    Optional<Instant> resulted,
    Optional<Instant> messageCreated) {

  public static final ReferenceInstants NONE =
      new ReferenceInstants(Optional.empty(), Optional.empty(), Optional.empty());

  /**
   * Reads the instants from a message's decoded text: all three from an ORU^R01, only the creation
   * time from other messages (they carry no lab result).
   */
  public static ReferenceInstants of(String text, MessageHeader header) {
    char field = header.fieldSeparator();
    Delimiters d = Delimiters.of(field, header.encodingCharacters());
    Optional<Instant> created = Hl7Dates.earliestInstant(timestamp(header.messageDateTime(), d));
    if (!"ORU".equals(header.messageCode())) {
      return new ReferenceInstants(Optional.empty(), Optional.empty(), created);
    }
    String spm17 = "";
    String obr7 = "";
    String obr22 = "";
    String obx19 = "";
    // Walks segment starts with indexOf and reads fields in place: a segment is never copied (an
    // OBX may carry a document of megabytes).
    for (int start = 0; start < text.length(); ) {
      int end = text.indexOf('\r', start);
      end = end < 0 ? text.length() : end;
      if (spm17.isEmpty() && text.startsWith("SPM", start)) {
        spm17 = timestamp(Er7.piece(text, start, end, field, 17), d);
      } else if (obr7.isEmpty() && obr22.isEmpty() && text.startsWith("OBR", start)) {
        obr7 = timestamp(Er7.piece(text, start, end, field, 7), d);
        obr22 = timestamp(Er7.piece(text, start, end, field, 22), d);
      } else if (obx19.isEmpty() && text.startsWith("OBX", start)) {
        obx19 = timestamp(Er7.piece(text, start, end, field, 19), d);
      }
      start = end + 1;
    }
    return new ReferenceInstants(first(spm17, obr7), first(obr22, obx19), created);
  }

  /** The DTM of a TS or DR field: first repetition, component and subcomponent. */
  private static String timestamp(String value, Delimiters d) {
    String repetition = Er7.piece(value, d.repetition(), 0);
    String component = Er7.piece(repetition, d.component(), 0);
    return Er7.piece(component, d.subcomponent(), 0).trim();
  }

  private static Optional<Instant> first(String preferred, String fallback) {
    Optional<Instant> p = Hl7Dates.earliestInstant(preferred);
    return p.isPresent() ? p : Hl7Dates.earliestInstant(fallback);
  }
}
