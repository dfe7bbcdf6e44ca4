package io.vigil.ingest.hl7v2;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Small, allocation-light helpers for reading and writing ER7 ("pipe and hat") text without HAPI:
 * splitting on a delimiter and HL7 escaping. Used by the lenient header reader, the batch splitter
 * and the acknowledgement writer.
 */
public final class Er7 {

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

  private Er7() {}

  /** The clock's current time as an HL7 TS with seconds and offset, e.g. 20261122143005-0500. */
  public static String timestamp(Clock clock) {
    return TS.format(ZonedDateTime.now(clock));
  }

  /** Splits {@code text} on {@code separator}, keeping empty pieces (ER7 positions matter). */
  public static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == separator) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  /** The {@code index}-th piece (0-based) of {@code text} split on {@code separator}, or "". */
  public static String piece(String text, char separator, int index) {
    return piece(text, 0, text.length(), separator, index);
  }

  /**
   * The {@code index}-th piece (0-based) of {@code text[from, to)} split on {@code separator}, or
   * "": reads a field of one segment of a whole message without copying the segment.
   */
  public static String piece(String text, int from, int to, char separator, int index) {
    int start = from;
    int found = 0;
    for (int i = from; i <= to; i++) {
      if (i == to || text.charAt(i) == separator) {
        if (found == index) {
          return text.substring(start, i);
        }
        found++;
        start = i + 1;
      }
    }
    return "";
  }

  /** The segments of a decoded message ({@code \r} separated), skipping empty ones. */
  public static List<String> segments(String text) {
    List<String> out = new ArrayList<>();
    for (String s : split(text, '\r')) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Escapes in an ER7 value only the characters of {@code only} (delimiters of {@code d} that were
   * plain text where the value comes from), leaving the rest of it as it is.
   */
  public static String escape(String text, Delimiters d, String only) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (only.indexOf(c) >= 0) {
        if (out == null) {
          out = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        out.append(escape(String.valueOf(c), d));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * {@code value}, already ER7 (a header value echoed back to its sender), with its control
   * characters (C0, DEL and C1: {@link Character#isISOControl}) written as hex escapes {@code
   * \Xhh\} (HL7 v2.5.1 section 2.7.5) and everything else as it is. A raw control does not belong
   * in ER7: a 0x1C or 0x0B cuts an MLLP frame where a bridge relays the text, and an ESC sequence
   * drives the terminal a log is read on. Every such character is at most U+009F: {@code hh} is its
   * code, which is its byte in an ASCII or ISO 8859-1 message.
   */
  public static String escapeControls(String value, char escape) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) {
          out = new StringBuilder(value.length() + 8).append(value, 0, i);
        }
        out.append(escape).append('X').append(HEX[c >> 4]).append(HEX[c & 0xF]).append(escape);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? value : out.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * Escapes free text for use inside an ER7 field: the five delimiters become {@code \F\ \S\ \R\
   * \E\ \T\} (HL7 v2.5.1 section 2.7.1), line breaks become {@code \.br\}, other control characters
   * are dropped.
   */
  public static String escape(String text, Delimiters d) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    char esc = d.escape();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == d.field()) {
        out.append(esc).append('F').append(esc);
      } else if (c == d.component()) {
        out.append(esc).append('S').append(esc);
      } else if (c == d.repetition()) {
        out.append(esc).append('R').append(esc);
      } else if (c == esc) {
        out.append(esc).append('E').append(esc);
      } else if (c == d.subcomponent()) {
        out.append(esc).append('T').append(esc);
      } else if (c == '\n') {
        out.append(esc).append(".br").append(esc);
      } else if (!Character.isISOControl(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
