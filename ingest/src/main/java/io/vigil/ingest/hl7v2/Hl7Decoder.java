package io.vigil.ingest.hl7v2;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the exact bytes received into message text. The charset comes from MSH-18 (read from the
 * raw bytes, which is safe because every charset in HL7 table 0211 that fits this hub is
 * ASCII-compatible in the MSH segment); without MSH-18 the bytes are decoded strictly as UTF-8 and,
 * when that fails, as windows-1252 (what "Latin-1" senders really emit) or ISO-8859-1. UTF-16 is
 * read from its byte-order mark or, without one, from the NUL byte beside each letter of the first
 * segment's id (what Windows tools that save "Unicode" text produce). Segment terminators are
 * normalised to {@code \r}. Never throws.
 */
public final class Hl7Decoder {

  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** UTF-16 little-endian that writes a byte-order mark (a JDK charset, in java.base). */
  public static final Charset UTF_16LE_MARKED = Charset.forName("x-UTF-16LE-BOM");

  /** HL7 table 0211 values (upper case, single spaces) mapped to Java charsets. */
  private static final Map<String, String> TABLE_0211 =
      Map.ofEntries(
          Map.entry("ASCII", "US-ASCII"),
          Map.entry("ISO IR6", "US-ASCII"),
          Map.entry("8859/1", "ISO-8859-1"),
          Map.entry("ISO IR100", "ISO-8859-1"),
          Map.entry("8859/2", "ISO-8859-2"),
          Map.entry("8859/3", "ISO-8859-3"),
          Map.entry("8859/4", "ISO-8859-4"),
          Map.entry("8859/5", "ISO-8859-5"),
          Map.entry("8859/6", "ISO-8859-6"),
          Map.entry("8859/7", "ISO-8859-7"),
          Map.entry("8859/8", "ISO-8859-8"),
          Map.entry("8859/9", "ISO-8859-9"),
          Map.entry("8859/15", "ISO-8859-15"),
          Map.entry("UNICODE UTF-8", "UTF-8"),
          Map.entry("ISO IR192", "UTF-8"),
          // Not table values, but what real senders put in MSH-18 (IANA names among them).
          Map.entry("ISO-8859-1", "ISO-8859-1"),
          Map.entry("ISO_8859-1", "ISO-8859-1"),
          Map.entry("ISO8859-1", "ISO-8859-1"),
          Map.entry("LATIN1", "ISO-8859-1"),
          Map.entry("LATIN-1", "ISO-8859-1"),
          Map.entry("WINDOWS-1252", "windows-1252"),
          Map.entry("CP1252", "windows-1252"),
          Map.entry("UTF-8", "UTF-8"),
          Map.entry("UTF8", "UTF-8"),
          Map.entry("UNICODE", "UTF-8"),
          Map.entry("GB 18030-2000", "GB18030"),
          Map.entry("KS X 1001", "EUC-KR"),
          Map.entry("BIG-5", "Big5"));

  /**
   * Charsets in which every byte below 0x80 is that ASCII character, whatever surrounds it (unlike
   * ISO-2022 or UTF-16).
   */
  private static final Set<Charset> ASCII_SUPERSETS =
      Set.of(
          StandardCharsets.UTF_8,
          StandardCharsets.US_ASCII,
          StandardCharsets.ISO_8859_1,
          Charset.forName("windows-1252"));

  private Hl7Decoder() {}

  /** Decodes a received message; see the class comment. */
  public static DecodedMessage decode(byte[] raw) {
    try {
      return decodeUnchecked(raw == null ? new byte[0] : raw);
    } catch (RuntimeException e) {
      // Defensive: decoding must never stop an acknowledgement from being sent.
      String text = new String(raw == null ? new byte[0] : raw, StandardCharsets.ISO_8859_1);
      return new DecodedMessage(normaliseSegments(text), StandardCharsets.ISO_8859_1);
    }
  }

  private static DecodedMessage decodeUnchecked(byte[] raw) {
    if (startsWith(raw, 0xEF, 0xBB, 0xBF)) {
      Utf8Text.Scan scan = Utf8Text.Scan.of(raw, 3);
      if (scan.invalid() > 0 && !scan.mostlyUtf8()) {
        // A UTF-8 mark before single-byte text (files concatenated, a mark written by an editor):
        // the text is what MSH-18 says, else windows-1252, not U+FFFD for every accented letter.
        byte[] rest = java.util.Arrays.copyOfRange(raw, 3, raw.length);
        Charset cs =
            charsetFor(readMsh18(rest)).filter(Hl7Decoder::singleByte).orElse(WINDOWS_1252);
        return new DecodedMessage(
            normaliseSegments(decodeLenient(rest, 0, cs)), cs, CharsetSource.MIXED);
      }
      return new DecodedMessage(
          normaliseSegments(
              scan.invalid() > 0
                  ? Utf8Text.mixed(raw, 3)
                  : decodeLenient(raw, 3, StandardCharsets.UTF_8)),
          StandardCharsets.UTF_8,
          scan.invalid() > 0 ? CharsetSource.MIXED : CharsetSource.BYTE_ORDER_MARK);
    }
    if (startsWith(raw, 0xFE, 0xFF) || startsWith(raw, 0xFF, 0xFE)) {
      // Both decoders read and drop the byte-order mark; each encodes the acknowledgement in the
      // same byte order, with a mark (Java's "UTF-16" alone would answer little-endian senders,
      // Windows' usual "Unicode", in big-endian).
      Charset cs = raw[0] == (byte) 0xFF ? UTF_16LE_MARKED : StandardCharsets.UTF_16;
      return new DecodedMessage(
          normaliseSegments(new String(raw, cs)), cs, CharsetSource.BYTE_ORDER_MARK);
    }
    Optional<Charset> unmarked = utf16WithoutMark(raw);
    if (unmarked.isPresent()) {
      String text = decodeLenient(raw, 0, unmarked.get());
      return new DecodedMessage(normaliseSegments(text), unmarked.get(), CharsetSource.DETECTED);
    }
    String msh18 = readMsh18(raw);
    Optional<Charset> declared = charsetFor(msh18);
    CharsetSource detected = CharsetSource.DETECTED;
    if (declared.isPresent()) {
      Charset cs = declared.get();
      Optional<String> strict = decodeStrict(raw, cs);
      if (strict.isPresent() && singleByte(cs) && !isAscii(raw)) {
        // Every byte is a character in a single-byte set, so "valid" says nothing. Text that is
        // also valid UTF-8 with multi-byte sequences (é as C3 A9, "Ã©" if read as Latin-1) is
        // UTF-8: Latin-1 text almost never pairs a letter with C1 control bytes.
        Optional<String> utf8 = decodeStrict(raw, StandardCharsets.UTF_8);
        if (utf8.isPresent()) {
          return new DecodedMessage(
              normaliseSegments(utf8.get()),
              StandardCharsets.UTF_8,
              CharsetSource.DECLARED_SINGLE_BYTE_SENT_UTF8);
        }
        if (cs.equals(StandardCharsets.ISO_8859_1)) {
          // "8859/1" senders are Windows systems: their 0x80-0x9F are "smart quotes" and dashes,
          // not the C1 controls ISO-8859-1 gives them.
          Optional<String> cp1252 = decodeStrict(raw, WINDOWS_1252);
          if (cp1252.isPresent()) {
            return new DecodedMessage(
                normaliseSegments(cp1252.get()), WINDOWS_1252, CharsetSource.DECLARED);
          }
        }
      }
      if (strict.isPresent()) {
        return new DecodedMessage(normaliseSegments(strict.get()), cs, CharsetSource.DECLARED);
      }
      // The sender declared one charset and sent another; fall through to detection.
      detected = CharsetSource.DECLARED_NOT_MATCHING;
    } else if (!msh18.isEmpty()) {
      detected = CharsetSource.DECLARED_UNKNOWN;
    }
    Optional<String> utf8 = decodeStrict(raw, StandardCharsets.UTF_8);
    if (utf8.isPresent()) {
      return new DecodedMessage(normaliseSegments(utf8.get()), StandardCharsets.UTF_8, detected);
    }
    if (Utf8Text.Scan.of(raw, 0).mostlyUtf8()) {
      // UTF-8 text with a stray byte: read whole as windows-1252, its every "ñ" became "Ã±".
      return new DecodedMessage(
          normaliseSegments(Utf8Text.mixed(raw, 0)), StandardCharsets.UTF_8, CharsetSource.MIXED);
    }
    Optional<String> cp1252 = decodeStrict(raw, WINDOWS_1252);
    if (cp1252.isPresent()) {
      return new DecodedMessage(normaliseSegments(cp1252.get()), WINDOWS_1252, detected);
    }
    String latin1 = new String(raw, StandardCharsets.ISO_8859_1);
    return new DecodedMessage(normaliseSegments(latin1), StandardCharsets.ISO_8859_1, detected);
  }

  private static boolean singleByte(Charset cs) {
    return cs.canEncode() && cs.newEncoder().maxBytesPerChar() == 1.0f;
  }

  /**
   * UTF-16LE or UTF-16BE when the bytes have no byte-order mark but the first segment id (after any
   * blank code units) is three letters or digits each paired with a NUL byte: no ASCII-compatible
   * message starts with a NUL, so a NUL beside "M", "S", "H" can only be UTF-16.
   */
  static Optional<Charset> utf16WithoutMark(byte[] raw) {
    for (int nul = 0; nul < 2; nul++) {
      int at = 0;
      while (at + 1 < raw.length && raw[at + nul] == 0 && isBlank(raw[at + 1 - nul])) {
        at += 2;
      }
      if (at + 6 > raw.length) {
        continue;
      }
      boolean id = true;
      for (int i = at; i < at + 6 && id; i += 2) {
        id = raw[i + nul] == 0 && isIdCharacter(raw[i + 1 - nul]);
      }
      if (id) {
        return Optional.of(nul == 0 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
      }
    }
    return Optional.empty();
  }

  private static boolean isBlank(byte b) {
    return b == '\r' || b == '\n' || b == ' ' || b == '\t';
  }

  private static boolean isIdCharacter(byte b) {
    return (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
  }

  /**
   * Maps an MSH-18 value (HL7 table 0211) to a Java charset; empty for blank, unknown or
   * unsupported values, in which case the caller detects the charset.
   */
  public static Optional<Charset> charsetFor(String msh18) {
    if (msh18 == null || msh18.isBlank()) {
      return Optional.empty();
    }
    String key = msh18.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    String name = TABLE_0211.get(key);
    if (name == null || !Charset.isSupported(name)) {
      return Optional.empty();
    }
    return Optional.of(Charset.forName(name));
  }

  /** MSH-18 (first repetition, first component) scanned from the raw bytes; "" when absent. */
  static String readMsh18(byte[] raw) {
    int msh = indexOfMsh(raw);
    if (msh < 0 || msh + 3 >= raw.length) {
      return "";
    }
    byte fs = raw[msh + 3];
    if (fs == '\r' || fs == '\n') {
      return "";
    }
    byte rep = msh + 5 < raw.length ? raw[msh + 5] : (byte) '~';
    byte comp = msh + 4 < raw.length ? raw[msh + 4] : (byte) '^';
    // After "MSH" + MSH-1, each field separator starts the next field: MSH-2 is field 2.
    int field = 1;
    int start = -1;
    for (int i = msh + 3; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '\r' || b == '\n') {
        break;
      }
      if (b == fs) {
        field++;
        if (field == 18) {
          start = i + 1;
        } else if (field == 19) {
          return ascii(raw, start, i, rep, comp);
        }
      }
    }
    int end = start;
    while (start >= 0 && end < raw.length && raw[end] != '\r' && raw[end] != '\n') {
      end++;
    }
    return start < 0 ? "" : ascii(raw, start, end, rep, comp);
  }

  private static String ascii(byte[] raw, int start, int end, byte rep, byte comp) {
    StringBuilder sb = new StringBuilder();
    for (int i = start; i < end && raw[i] != rep && raw[i] != comp; i++) {
      sb.append((char) (raw[i] & 0x7F));
    }
    return sb.toString().trim();
  }

  private static int indexOfMsh(byte[] raw) {
    for (int i = 0; i + 2 < raw.length; i++) {
      if (raw[i] == 'M' && raw[i + 1] == 'S' && raw[i + 2] == 'H') {
        return i;
      }
    }
    return -1;
  }

  private static Optional<String> decodeStrict(byte[] raw, Charset cs) {
    if (ASCII_SUPERSETS.contains(cs) && isAscii(raw)) {
      // Most messages are plain ASCII, which reads the same in all of these: one copy instead of a
      // decoder's UTF-16 buffer twice the message's size and a second copy out of it.
      return Optional.of(new String(raw, StandardCharsets.ISO_8859_1));
    }
    try {
      return Optional.of(
          cs.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isAscii(byte[] raw) {
    for (byte b : raw) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static String decodeLenient(byte[] raw, int offset, Charset cs) {
    return new String(raw, offset, raw.length - offset, cs);
  }

  private static boolean startsWith(byte[] raw, int... prefix) {
    if (raw.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((raw[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * CRLF, LF and lone CR all become a single {@code \r}; segments that hold only whitespace or
   * control characters (blank lines, a trailing {@code \x1a}, MLLP leftovers) are dropped, and
   * leading and trailing whitespace is cut from each segment.
   */
  static String normaliseSegments(String text) {
    int normal = normalLength(text);
    if (normal >= 0) {
      // Already normal, as most messages are: no copy (a large one is megabytes).
      return normal == text.length() ? text : text.substring(0, normal);
    }
    return rebuildSegments(text);
  }

  /**
   * The length of {@code text} without its final {@code \r} when it is already what {@link
   * #normaliseSegments} makes of it (segments joined by single {@code \r}, none empty, none with
   * junk or whitespace to cut at either end), else -1.
   */
  private static int normalLength(String text) {
    int n = text.length();
    int end = n > 0 && text.charAt(n - 1) == '\r' ? n - 1 : n;
    if (end == 0) {
      return -1;
    }
    int segmentStart = 0;
    for (int i = 0; i <= end; i++) {
      char c = i < end ? text.charAt(i) : '\r';
      if (c == '\n') {
        return -1;
      }
      if (c == '\r') {
        if (i == segmentStart) {
          return -1;
        }
        char first = text.charAt(segmentStart);
        char last = text.charAt(i - 1);
        if (isJunk(first)
            || first == ' '
            || first == '\t'
            || first == '\u00A0'
            || isJunk(last)
            || Character.isWhitespace(last)
            || last == '\u00A0') {
          return -1;
        }
        segmentStart = i + 1;
      }
    }
    return end;
  }

  /** {@link #normaliseSegments} by copying each segment, cut, into a new string. */
  static String rebuildSegments(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int start = 0;
    int n = text.length();
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : '\r';
      if (c == '\r' || c == '\n') {
        appendSegment(out, text, start, i);
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    return out.toString();
  }

  private static void appendSegment(StringBuilder out, String text, int start, int end) {
    int s = start;
    // A segment id never starts with a space, tab or no-break space (pasted from a web page or a
    // word processor): indentation is cut with the control junk.
    while (s < end && (isJunk(text.charAt(s)) || isIndent(text.charAt(s)))) {
      s++;
    }
    int e = end;
    while (e > s
        && (isJunk(text.charAt(e - 1))
            || Character.isWhitespace(text.charAt(e - 1))
            || text.charAt(e - 1) == '\u00A0')) {
      e--;
    }
    if (e > s) {
      if (out.length() > 0) {
        out.append('\r');
      }
      out.append(text, s, e);
    }
  }

  private static boolean isIndent(char c) {
    return c == ' ' || c == '\t' || c == '\u00A0';
  }

  /** Control characters and the BOM (U+FEFF) that can precede or trail a segment. */
  private static boolean isJunk(char c) {
    return (Character.isISOControl(c) && c != '\t') || c == '\uFEFF';
  }
}
