package io.vigil.ingest.store;

import java.nio.charset.StandardCharsets;

/**
 * Text as PostgreSQL can store it. A {@code text} value cannot hold U+0000 (the server refuses the
 * whole statement with SQLSTATE 22021), and a sender's header fields are whatever bytes it sent: a
 * NUL in MSH-10 made a message that could never be stored, answered "not stored, send it again"
 * forever. The payload keeps the exact bytes (it is {@code bytea}); only the text copies of header
 * fields, the acknowledgement and the sender's facility id replace NUL with U+FFFD. Identifiers
 * longer than {@link #MAX_KEY_BYTES} are not used as keys at all.
 */
public final class StorableText {

  /**
   * Most UTF-8 bytes of one part of a lookup key (sending facility, control id). PostgreSQL's btree
   * refuses index entries over 2,704 bytes, so a 5,000-character MSH-10 made an unstorable message;
   * two parts of at most 1,000 bytes keep the (facility, control id) key inside that. HL7 v2
   * identifiers are refused long before (199 characters, {@code Hl7v2Examiner}); this is the net
   * for every path, FHIR's {@code system|value} identifiers included.
   */
  public static final int MAX_KEY_BYTES = 1000;

  /** What a NUL becomes: the Unicode replacement character. */
  public static final char REPLACEMENT = '\uFFFD';

  private StorableText() {}

  /** Whether {@code id} (not null) is short enough to be a lookup key. */
  public static boolean fitsKey(String id) {
    // Most ids are ASCII and short: only count bytes when three per char could exceed the budget.
    return id.length() * 3 <= MAX_KEY_BYTES
        || id.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES;
  }

  /** {@code text} with every U+0000 replaced by {@link #REPLACEMENT}; null stays null. */
  public static String of(String text) {
    return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', REPLACEMENT);
  }
}
