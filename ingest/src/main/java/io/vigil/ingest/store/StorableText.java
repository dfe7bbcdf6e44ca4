package io.vigil.ingest.store;

/**
 * Text as PostgreSQL can store it. A {@code text} value cannot hold U+0000 (the server refuses the
 * whole statement with SQLSTATE 22021), and a sender's header fields are whatever bytes it sent: a
 * NUL in MSH-10 made a message that could never be stored, answered "not stored, send it again"
 * forever. The payload keeps the exact bytes (it is {@code bytea}); only the text copies of header
 * fields, the acknowledgement and the sender's facility id replace NUL with U+FFFD. Identifiers
 * longer than {@link #MAX_KEY_LENGTH} are not used as keys at all.
 */
public final class StorableText {

  /**
   * Longest identifier kept as a lookup key (sending facility, control id): the length HL7 v2.7+
   * gives MSH-10 and an HD universal id. PostgreSQL's btree refuses index entries over 2,704 bytes,
   * so a 5,000-character MSH-10 made an unstorable message; 199 characters (at most 796 bytes in
   * UTF-8) keep the (facility, control id) key well inside that.
   */
  public static final int MAX_KEY_LENGTH = 199;

  /** What a NUL becomes: the Unicode replacement character. */
  public static final char REPLACEMENT = '\uFFFD';

  private StorableText() {}

  /** Whether {@code id} (not null) is short enough to be a lookup key. */
  public static boolean fitsKey(String id) {
    return id.length() <= MAX_KEY_LENGTH;
  }

  /** {@code text} with every U+0000 replaced by {@link #REPLACEMENT}; null stays null. */
  public static String of(String text) {
    return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', REPLACEMENT);
  }
}
