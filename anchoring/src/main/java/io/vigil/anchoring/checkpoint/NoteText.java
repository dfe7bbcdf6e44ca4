package io.vigil.anchoring.checkpoint;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The lexical rules signed notes and their keys share. */
final class NoteText {

  private NoteText() {}

  /**
   * A key name per the signed-note spec: non-empty, no Unicode space (Go's {@code unicode.IsSpace})
   * and no {@code +}.
   */
  static boolean isValidKeyName(String name) {
    return !name.isEmpty()
        && isEncodable(name)
        && name.codePoints().noneMatch(c -> c == '+' || isSpace(c) || c < 0x20);
  }

  /** No ASCII control character other than newline, and no lone surrogate. */
  static boolean isCleanText(String text) {
    return isEncodable(text) && text.chars().noneMatch(c -> c < 0x20 && c != '\n');
  }

  /** Standard base64 with padding, rejecting any non-canonical spelling of the same bytes. */
  static byte[] decodeCanonicalBase64(String text) {
    byte[] bytes = Base64.getDecoder().decode(text);
    if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
      throw new IllegalArgumentException("non-canonical base64");
    }
    return bytes;
  }

  private static boolean isSpace(int c) {
    if (c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == ' ') {
      return true;
    }
    if (c == 0x85 || c == 0xA0) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.SPACE_SEPARATOR
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static boolean isEncodable(String text) {
    try {
      StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
