package io.vigil.ingest.hl7v2;

import java.util.Arrays;
import java.util.List;

/**
 * Whether a message that reuses a stored message's sending facility and MSH-10 is that message sent
 * again. A resend need not be the same bytes: interface engines that rebuild a message to retry it
 * stamp a new MSH-7, and a file may be re-exported with other line ends or a byte-order mark. An
 * engine that re-encodes a message (HAPI's PipeParser, Mirth's serializer after a transformer)
 * drops empty trailing fields, components, repetitions and subcomponents and trailing spaces, which
 * say nothing (the hub takes them without a finding). Anything else that differs makes it another
 * message under a reused control id, which must not be answered as the one already stored.
 */
public final class Resend {
  /** MSH-7 is the sixth field after MSH-1 (MSH-1 is the separator itself). */
  private static final int SEPARATORS_BEFORE_MSH7 = 6;

  /** Segments whose first field is the field separator and whose second the encoding characters. */
  private static final List<String> HEADERS = List.of("MSH", "FHS", "BHS");

  private Resend() {}

  /** True when {@code again} says what {@code stored} said, up to MSH-7 and its encoding. */
  public static boolean isResendOf(byte[] stored, byte[] again) {
    if (Arrays.equals(stored, again)) {
      return true;
    }
    return comparable(Hl7Decoder.decode(stored).text())
        .equals(comparable(Hl7Decoder.decode(again).text()));
  }

  /** The decoded text as two copies of one message are compared: MSH-7 and empty tails dropped. */
  static String comparable(String text) {
    return withoutEmptyTails(withoutMessageTime(text));
  }

  /**
   * {@code text} with every segment's trailing spaces and empty trailing parts (fields,
   * repetitions, components, subcomponents) dropped, at every level: {@code PID|1||A^B^^~||} reads
   * {@code PID|1||A^B}. MSH-1 and MSH-2 (FHS's, BHS's) are kept as they are. Unchanged when it has
   * no MSH with usable delimiters (another split would be a guess).
   */
  static String withoutEmptyTails(String text) {
    if (!text.startsWith("MSH") || text.length() < 4) {
      return text;
    }
    char fs = text.charAt(3);
    int msh2End = 4;
    while (msh2End < text.length() && text.charAt(msh2End) != fs && text.charAt(msh2End) != '\r') {
      msh2End++;
    }
    String msh2 = text.substring(4, msh2End);
    Delimiters d = Delimiters.of(fs, msh2);
    if (msh2.length() < 4 || d.field() != fs || !msh2.startsWith(d.encodingCharacters())) {
      return text;
    }
    char[] levels = {d.repetition(), d.component(), d.subcomponent()};
    StringBuilder out = new StringBuilder(text.length());
    for (String segment : Er7.split(text, '\r')) {
      if (out.length() > 0) {
        out.append('\r');
      }
      String head = "";
      String rest = segment;
      if (segment.length() > 3
          && segment.charAt(3) == fs
          && HEADERS.contains(segment.substring(0, 3))) {
        int end = segment.indexOf(fs, 4);
        head = end < 0 ? segment : segment.substring(0, end);
        rest = end < 0 ? "" : segment.substring(end + 1);
      }
      String trimmed = rest;
      String previous;
      do {
        previous = trimmed;
        trimmed = trimmed.stripTrailing();
        trimmed = withoutEmptyTail(trimmed, fs, levels, 0);
      } while (!trimmed.equals(previous));
      out.append(head);
      if (!head.isEmpty() && !trimmed.isEmpty()) {
        out.append(fs);
      }
      out.append(trimmed);
    }
    return out.toString();
  }

  /**
   * {@code value} split on {@code separator}, each piece trimmed of its own empty tail on the
   * levels below ({@code levels[level]} and after), and empty trailing pieces dropped.
   */
  private static String withoutEmptyTail(String value, char separator, char[] levels, int level) {
    List<String> pieces = Er7.split(value, separator);
    int kept = pieces.size();
    StringBuilder out = new StringBuilder(value.length());
    String[] done = new String[kept];
    for (int i = 0; i < pieces.size(); i++) {
      done[i] =
          level < levels.length
              ? withoutEmptyTail(pieces.get(i), levels[level], levels, level + 1)
              : pieces.get(i);
    }
    while (kept > 0 && done[kept - 1].isEmpty()) {
      kept--;
    }
    for (int i = 0; i < kept; i++) {
      if (i > 0) {
        out.append(separator);
      }
      out.append(done[i]);
    }
    return out.toString();
  }

  /** The decoded text with MSH-7 emptied; unchanged when it has no readable MSH. */
  static String withoutMessageTime(String text) {
    if (!text.startsWith("MSH") || text.length() < 4) {
      return text;
    }
    char separator = text.charAt(3);
    int start = 3;
    for (int n = 1; n < SEPARATORS_BEFORE_MSH7; n++) {
      start = text.indexOf(separator, start + 1);
      if (start < 0 || text.lastIndexOf('\r', start) >= 0) {
        return text; // MSH ends before MSH-7
      }
    }
    int end = start + 1;
    while (end < text.length() && text.charAt(end) != separator && text.charAt(end) != '\r') {
      end++;
    }
    return text.substring(0, start + 1) + text.substring(end);
  }
}
