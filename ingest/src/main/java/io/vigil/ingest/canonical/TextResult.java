package io.vigil.ingest.canonical;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text result (OBX-2 ST, TX or FT) as the lines the lab wrote, for the trends to read: its
 * repetitions are lines (TX and FT break text into lines so), as are HL7's formatting commands
 * {@code \.br\} and {@code \.sp\} and the hexadecimal carriage returns and line feeds that engines
 * write for a line end ({@code \X0D\}, {@code \X0A\}, {@code \X000d\}); highlighting ({@code \H\},
 * {@code \N\}) and the other formatting commands are dropped. "SARS-CoV-2 RNA:\.br\DETECTED" is the
 * line "SARS-CoV-2 RNA:" and the line "DETECTED", as two OBX lines are.
 */
final class TextResult {

  /** An escape sequence HAPI leaves in a value: a formatting command, highlighting, hex data. */
  private static final Pattern ESCAPE =
      Pattern.compile("\\\\(\\.[a-zA-Z]{2}[^\\\\\\r\\n]{0,8}|[HN]|X[0-9A-Fa-f]{2,})\\\\");

  /** Carriage returns and line feeds, as two or four hex digits each. */
  private static final Pattern LINE_END_HEX =
      Pattern.compile("(?:000D|000A|0D|0A)+", Pattern.CASE_INSENSITIVE);

  private TextResult() {}

  /** The lines of {@code repetitions} (OBX-5's values in order), joined by {@code \n}. */
  static String lines(List<String> repetitions) {
    StringBuilder out = new StringBuilder();
    for (String value : repetitions) {
      String line = formatted(value).strip();
      if (line.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(line);
    }
    return out.toString();
  }

  /** One value with its formatting read: line breaks as {@code \n}, highlighting dropped. */
  static String formatted(String value) {
    if (value.indexOf('\\') < 0 && value.indexOf('\r') < 0) {
      return value; // plain text, as nearly every value is
    }
    Matcher m = ESCAPE.matcher(value);
    StringBuilder out = new StringBuilder(value.length());
    int last = 0;
    while (m.find()) {
      out.append(value, last, m.start()).append(replacement(m.group(1)));
      last = m.end();
    }
    out.append(value, last, value.length());
    // HAPI reads \X000d\ as the character itself; a CRLF or CR is one line end.
    return out.toString().replace("\r\n", "\n").replace('\r', '\n');
  }

  private static String replacement(String sequence) {
    if (sequence.startsWith(".")) {
      String command = sequence.substring(1, 3).toLowerCase(Locale.ROOT);
      return command.equals("br") || command.equals("sp") || command.equals("ce") ? "\n" : "";
    }
    if (sequence.equals("H") || sequence.equals("N")) {
      return "";
    }
    // Hex data that is only carriage returns and line feeds (two or four digits each) is a line
    // end; any other hex data stays as it was sent.
    return LINE_END_HEX.matcher(sequence.substring(1)).matches() ? "\n" : "\\" + sequence + "\\";
  }
}
