package io.vigil.ingest.hl7v2;

import java.util.List;
import java.util.Optional;

/**
 * Reads the MSH fields the hub needs straight from the message text, without HAPI, so that even a
 * message HAPI rejects gets an acknowledgement that names its MSH-10. Tolerates leading garbage
 * before {@code MSH}, any field separator and encoding characters, and missing trailing fields.
 */
public final class MshReader {

  private MshReader() {}

  /** The header of the first MSH segment in {@code text}, or empty when there is none. */
  public static Optional<MessageHeader> read(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int at = findMsh(text);
    if (at < 0) {
      return Optional.empty();
    }
    int end = at;
    while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
      end++;
    }
    String segment = text.substring(at, end);
    char fs = segment.charAt(3);
    List<String> f = Er7.split(segment, fs);
    String encoding = field(f, 2);
    Delimiters d = Delimiters.of(fs, encoding);
    char comp = d.component();
    String msh9 = field(f, 9);
    return Optional.of(
        new MessageHeader(
            fs,
            encoding,
            field(f, 3),
            field(f, 4),
            field(f, 5),
            field(f, 6),
            field(f, 7),
            Er7.piece(msh9, comp, 0).trim(),
            Er7.piece(msh9, comp, 1).trim(),
            Er7.piece(msh9, comp, 2).trim(),
            field(f, 10),
            f.size() > 9 ? f.get(9) : "",
            Er7.piece(field(f, 11), comp, 0).trim(),
            Er7.piece(field(f, 12), comp, 0).trim(),
            ackType(field(f, 15)),
            ackType(field(f, 16)),
            Er7.piece(Er7.piece(field(f, 18), d.repetition(), 0), comp, 0).trim(),
            field(f, 21)));
  }

  /**
   * MSH-15 or MSH-16, with HL7's explicit null ({@code ""}) read as not valued: the field then asks
   * for nothing, and both not valued means original acknowledgement mode (v2.5.1 section 2.9), as
   * the hub reads {@code ""} in any other field. An engine that writes {@code ""} for every empty
   * field would otherwise be switched to enhanced mode (commit codes) without asking for it.
   */
  private static String ackType(String value) {
    return value.equals("\"\"") ? "" : value;
  }

  /** MSH-n (n >= 2) from the segment split on MSH-1: MSH-n is piece n-1. */
  private static String field(List<String> pieces, int n) {
    return pieces.size() > n - 1 ? pieces.get(n - 1).trim() : "";
  }

  /**
   * Index of the first {@code MSH} followed by a plausible field separator (not a letter, digit,
   * space or line break), preferring one at a segment start but accepting leading garbage.
   */
  private static int findMsh(String text) {
    int from = 0;
    while (true) {
      int i = text.indexOf("MSH", from);
      if (i < 0 || i + 3 >= text.length()) {
        return -1;
      }
      char sep = text.charAt(i + 3);
      if (!Character.isLetterOrDigit(sep) && !Character.isWhitespace(sep)) {
        return i;
      }
      from = i + 1;
    }
  }
}
