package io.vigil.ingest.store;

/**
 * Text as PostgreSQL can store it. A {@code text} value cannot hold U+0000 (the server refuses the
 * whole statement with SQLSTATE 22021), and a sender's header fields are whatever bytes it sent: a
 * NUL in MSH-10 made a message that could never be stored, answered "not stored, send it again"
 * forever. The payload keeps the exact bytes (it is {@code bytea}); only the text copies of header
 * fields, the acknowledgement and the sender's facility id replace NUL with U+FFFD.
 */
public final class StorableText {

  /** What a NUL becomes: the Unicode replacement character. */
  public static final char REPLACEMENT = '\uFFFD';

  private StorableText() {}

  /** {@code text} with every U+0000 replaced by {@link #REPLACEMENT}; null stays null. */
  public static String of(String text) {
    return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', REPLACEMENT);
  }
}
