package io.vigil.ingest.hl7v2;

import java.util.Arrays;

/**
 * Whether a message that reuses a stored message's sending facility and MSH-10 is that message sent
 * again. A resend need not be the same bytes: interface engines that rebuild a message to retry it
 * stamp a new MSH-7, and a file may be re-exported with other line ends or a byte-order mark.
 * Anything else that differs makes it another message under a reused control id, which must not be
 * answered as the one already stored.
 */
public final class Resend {
  /** MSH-7 is the sixth field after MSH-1 (MSH-1 is the separator itself). */
  private static final int SEPARATORS_BEFORE_MSH7 = 6;

  private Resend() {}

  /** True when {@code again} says what {@code stored} said, up to MSH-7 and its encoding. */
  public static boolean isResendOf(byte[] stored, byte[] again) {
    if (Arrays.equals(stored, again)) {
      return true;
    }
    return withoutMessageTime(Hl7Decoder.decode(stored).text())
        .equals(withoutMessageTime(Hl7Decoder.decode(again).text()));
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
