package io.vigil.ingest.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text that may hold stray single bytes (a Latin-1 character typed into one field, a name cut
 * inside a character): how much of it is UTF-8, and how to read it with each stray byte as its
 * windows-1252 character ({@link Hl7Decoder}, {@code CHARSET_MIXED}).
 */
final class Utf8Text {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private Utf8Text() {}

  /**
   * Bytes from {@code offset} read as UTF-8 where they are, and each byte that is not part of a
   * valid UTF-8 sequence as its windows-1252 character (ISO-8859-1 for the five bytes windows-1252
   * leaves undefined).
   */
  static String mixed(byte[] raw, int offset) {
    StringBuilder out = new StringBuilder(raw.length - offset);
    int i = offset;
    while (i < raw.length) {
      int b = raw[i] & 0xFF;
      int length = Scan.sequenceLength(raw, i);
      if (b < 0x80) {
        out.append((char) b);
        i++;
      } else if (length > 1) {
        out.append(new String(raw, i, length, StandardCharsets.UTF_8));
        i += length;
      } else {
        String c = new String(new byte[] {(byte) b}, WINDOWS_1252);
        out.append(c.equals("\uFFFD") ? (char) b : c.charAt(0));
        i++;
      }
    }
    return out.toString();
  }

  /**
   * How many valid multi-byte UTF-8 sequences and how many bytes outside any valid sequence the
   * bytes from an offset hold.
   */
  record Scan(int multiByte, int invalid) {
    /**
     * At least as many valid multi-byte sequences as stray bytes: UTF-8 text with a stray byte, not
     * single-byte text in which two letters happen to form a UTF-8 pair ("É" and a no-break space
     * are C9 A0, U+0260) among its other accented letters, each a stray byte in UTF-8.
     */
    boolean mostlyUtf8() {
      return multiByte > 0 && multiByte >= invalid;
    }

    static Scan of(byte[] raw, int offset) {
      int multiByte = 0;
      int invalid = 0;
      int i = offset;
      while (i < raw.length) {
        if (raw[i] >= 0) {
          i++;
          continue;
        }
        int length = sequenceLength(raw, i);
        if (length > 1) {
          multiByte++;
          i += length;
        } else {
          invalid++;
          i++;
        }
      }
      return new Scan(multiByte, invalid);
    }

    /**
     * The length of the valid UTF-8 sequence of two to four bytes starting at {@code i} (RFC 3629:
     * no overlong forms, no surrogates, nothing above U+10FFFF), else 1.
     */
    static int sequenceLength(byte[] raw, int i) {
      int b = raw[i] & 0xFF;
      int length;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        length = 2;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        length = 3;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        length = 4;
        min = 0x10000;
      } else {
        return 1;
      }
      if (i + length > raw.length) {
        return 1;
      }
      int cp = b & (0x3F >> (length - 1));
      for (int k = 1; k < length; k++) {
        int c = raw[i + k] & 0xFF;
        if ((c & 0xC0) != 0x80) {
          return 1;
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      boolean surrogate = cp >= 0xD800 && cp <= 0xDFFF;
      return cp < min || surrogate || cp > 0x10FFFF ? 1 : length;
    }
  }
}
