package io.vigil.ingest.canonical;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7's hexadecimal escape ({@code \Xhh…\}, v2.5.1 section 2.7.4) in a name: senders and engines
 * limited to ASCII write {@code Mu\XF1\oz} for Muñoz and {@code O\X27\Brien} for O'Brien. HAPI
 * leaves the escape as it is, so its letters and digits became part of the name, and the person
 * another one. The bytes are read as UTF-8 when they are valid UTF-8, else as windows-1252.
 */
final class HexEscapes {
  private static final Pattern HEX = Pattern.compile("\\\\X((?:[0-9A-Fa-f]{2})+)\\\\");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private HexEscapes() {}

  /** {@code value} with each hexadecimal escape decoded; the value itself when it has none. */
  static String decode(String value) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    Matcher m = HEX.matcher(value);
    StringBuilder out = new StringBuilder(value.length());
    int last = 0;
    while (m.find()) {
      out.append(value, last, m.start()).append(text(m.group(1)));
      last = m.end();
    }
    return out.append(value, last, value.length()).toString();
  }

  private static String text(String hex) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(hex.length() / 2);
    for (int i = 0; i < hex.length(); i += 2) {
      bytes.write(Integer.parseInt(hex.substring(i, i + 2), 16));
    }
    byte[] raw = bytes.toByteArray();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(raw, WINDOWS_1252);
    }
  }
}
