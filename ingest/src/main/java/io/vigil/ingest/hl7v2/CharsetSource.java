package io.vigil.ingest.hl7v2;

/** Where the charset a message was decoded with came from. */
public enum CharsetSource {
  /** MSH-18 named it and the bytes are valid in it. */
  DECLARED,
  /** A UTF-8 or UTF-16 byte-order mark. */
  BYTE_ORDER_MARK,
  /** No MSH-18: detected from the bytes (UTF-8, else windows-1252, else ISO-8859-1). */
  DETECTED,
  /** MSH-18 holds a value this hub does not know; detected from the bytes. */
  DECLARED_UNKNOWN,
  /** MSH-18 named a charset the bytes are not valid in; detected from the bytes. */
  DECLARED_NOT_MATCHING,
  /**
   * MSH-18 named a single-byte charset (ISO 8859, windows-125x), but the bytes are UTF-8 with
   * multi-byte sequences (an interface moved to UTF-8, its header not): read as UTF-8.
   */
  DECLARED_SINGLE_BYTE_SENT_UTF8,
  /**
   * UTF-8 text with some bytes that are not UTF-8 (a Latin-1 "°" in one comment, a name cut in the
   * middle of a character): the UTF-8 read as UTF-8, each stray byte as windows-1252, whatever
   * MSH-18 says, so the sender's other names read as in its other messages.
   */
  MIXED
}
