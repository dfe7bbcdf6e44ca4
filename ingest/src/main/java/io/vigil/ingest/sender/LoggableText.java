package io.vigil.ingest.sender;

/**
 * A value a sender chose (a facility id from MSH-4 or a FHIR Bundle, a certificate subject), made
 * safe for a one-line log: control characters, DEL, C1 controls and the Unicode line and paragraph
 * separators are written as a backslash, {@code u} and four hex digits, and a long value is cut. A
 * sender put terminal escape sequences in MSH-4, and its security line, read in a terminal, erased
 * itself and printed a forged one (red-team review). Facility ids and subjects name labs, not
 * patients.
 */
public final class LoggableText {
  /** Longer values are cut: a facility id or a subject is far shorter. */
  static final int MAX_CHARS = 200;

  private LoggableText() {}

  /** {@code value} as it may be logged; {@code null} as {@code "null"}. */
  public static String of(String value) {
    if (value == null) {
      return "null";
    }
    int length = Math.min(value.length(), MAX_CHARS);
    StringBuilder out = null;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean unsafe =
          c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff';
      if (unsafe && out == null) {
        out = new StringBuilder(length + 16).append(value, 0, i);
      }
      if (out != null) {
        if (unsafe) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    String safe = out != null ? out.toString() : value.substring(0, length);
    return value.length() > MAX_CHARS ? safe + "…(" + value.length() + " chars)" : safe;
  }
}
