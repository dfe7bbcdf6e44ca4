package io.vigil.ingest.hl7v2;

import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Segments that run on into the next one because a segment terminator is missing: {@code
 * PD1|…|20150625ORC|RE|…}, or a whole message on one line after {@code curl -d} stripped its line
 * ends. The parser cannot tell: it reads the run-on part as extra fields of the first segment, so
 * the second segment (an ORC, an OBX with a result) silently disappears and the message may still
 * look valid. A field that ends with the id of a segment these messages carry is a run-on when
 * either the segment then has more fields than HL7 v2.5.1 defines for it, or the next field is what
 * that segment starts with (a set id for OBX, OBR, SPM and RXA, an order control code for ORC).
 * Neither happens in a well-formed message. The finding is an error, the message not what the
 * sender meant, unless all that was lost is a note or software segment ({@code NTE}, {@code SFT}):
 * then a warning, the report itself being whole.
 */
final class RunOnSegments {

  /**
   * Fields HL7 v2.5.1 defines per segment (HAPI's v2.5.1 model; {@code RunOnSegmentsTest} checks
   * each against it), for the segments of ORU^R01 and VXU^V04 and their usual companions.
   */
  static final Map<String, Integer> DEFINED_FIELDS =
      Map.ofEntries(
          Map.entry("MSH", 21),
          Map.entry("SFT", 6),
          Map.entry("PID", 39),
          Map.entry("PD1", 21),
          Map.entry("NK1", 39),
          Map.entry("NTE", 4),
          Map.entry("PV1", 52),
          Map.entry("PV2", 49),
          Map.entry("IN1", 53),
          Map.entry("GT1", 57),
          Map.entry("ORC", 31),
          Map.entry("OBR", 50),
          Map.entry("TQ1", 14),
          Map.entry("TQ2", 10),
          Map.entry("CTD", 7),
          Map.entry("CTI", 3),
          Map.entry("OBX", 25),
          Map.entry("FT1", 31),
          Map.entry("SPM", 29),
          Map.entry("RXA", 26),
          Map.entry("RXR", 6));

  /** The ids of {@link #DEFINED_FIELDS} as three characters packed in an int, sorted. */
  private static final int[] PACKED_IDS =
      DEFINED_FIELDS.keySet().stream()
          .mapToInt(id -> (id.charAt(0) << 16) | (id.charAt(1) << 8) | id.charAt(2))
          .sorted()
          .toArray();

  /** Segments whose loss leaves the report itself whole. */
  private static final Set<String> MINOR = Set.of("NTE", "SFT");

  /** What the first field of a segment looks like, where that is distinctive enough to tell. */
  private static final Map<String, Pattern> STARTS =
      Map.of(
          "OBX", Pattern.compile("\\d{1,4}"),
          "OBR", Pattern.compile("\\d{1,4}"),
          "SPM", Pattern.compile("\\d{1,4}"),
          "RXA", Pattern.compile("\\d{1,4}"),
          "ORC", Pattern.compile("[A-Z]{2}"));

  /** At most this many are reported: one run-on segment is enough to say what went wrong. */
  private static final int LIMIT = 10;

  private RunOnSegments() {}

  /** The run-on segments of a decoded message (segments separated by CR), in message order. */
  static List<Finding> find(String text, char fieldSeparator) {
    List<Finding> findings = new ArrayList<>();
    boolean oneLine = text.indexOf('\r') < 0;
    int from = 0;
    // Every message passes here and almost none has a run-on segment: hop from separator to
    // separator (String.indexOf is vectorised), counting fields and looking at the last three
    // characters of each; only a segment where one of them is a segment id is split and looked at
    // closely.
    while (from < text.length() && findings.size() < LIMIT) {
      int end = text.indexOf('\r', from);
      if (end < 0) {
        end = text.length();
      }
      int known = end - from >= 3 ? Arrays.binarySearch(PACKED_IDS, packed(text, from)) : -1;
      if (known >= 0) {
        int separators = 0;
        boolean candidate = false;
        for (int i = text.indexOf(fieldSeparator, from + 3);
            i >= 0 && i < end;
            i = text.indexOf(fieldSeparator, i + 1)) {
          separators++;
          candidate |= i - from >= 7 && endsWithSegmentId(text, i);
        }
        candidate |= end - from >= 7 && endsWithSegmentId(text, end);
        if (candidate) {
          String id = text.substring(from, from + 3);
          // MSH-1 is the separator itself, so MSH's last field number is one more than its count.
          int offset = id.equals("MSH") ? 1 : 0;
          runOn(
                  text.substring(from, end),
                  id,
                  occurrence(text, from, id),
                  offset,
                  DEFINED_FIELDS.get(id),
                  separators + offset,
                  fieldSeparator,
                  oneLine)
              .ifPresent(findings::add);
        }
      }
      from = end + 1;
    }
    return findings;
  }

  /** Which occurrence of {@code id} (1-based) the segment at {@code at} is. */
  private static int occurrence(String text, int at, String id) {
    int n = 1;
    for (int i = 0; i < at; i = text.indexOf('\r', i) + 1) {
      if (text.startsWith(id, i)) {
        n++;
      }
      if (text.indexOf('\r', i) < 0) {
        break;
      }
    }
    return n;
  }

  private static int packed(String text, int at) {
    return (text.charAt(at) << 16) | (text.charAt(at + 1) << 8) | text.charAt(at + 2);
  }

  private static Optional<Finding> runOn(
      String segment,
      String id,
      int occurrence,
      int offset,
      int defined,
      int fields,
      char fieldSeparator,
      boolean oneLine) {
    List<String> values = Er7.split(segment, fieldSeparator);
    for (int i = 1; i < values.size(); i++) {
      String next = endingSegmentId(values.get(i));
      boolean tooMany = fields > defined;
      boolean starts =
          next != null
              && i + 1 < values.size()
              && STARTS.containsKey(next)
              && STARTS.get(next).matcher(values.get(i + 1)).matches();
      if (next != null && (tooMany || starts)) {
        int field = i + offset;
        String why =
            tooMany
                ? " and " + id + " has " + fields + " fields where HL7 2.5.1 defines " + defined
                : " followed by what a " + next + " segment starts with";
        // Everything after the first run-on is unread; name each segment id that follows.
        Set<String> lost = new LinkedHashSet<>(List.of(next));
        for (int j = i + 1; j < values.size(); j++) {
          String later = endingSegmentId(values.get(j));
          if (later != null) {
            lost.add(later);
          }
        }
        String location = id + "(" + occurrence + ")-" + field;
        String text =
            id
                + "-"
                + field
                + " ends with '"
                + next
                + "'"
                + why
                + ": a segment terminator (carriage return) is missing there, so "
                + (lost.size() == 1
                    ? "that " + next + " segment was"
                    : "segments " + String.join(", ", lost) + " were")
                + " not read"
                + (oneLine
                    ? " (the whole message is one line: curl -d removes line ends, send files"
                        + " with --data-binary)"
                    : "");
        return Optional.of(
            MINOR.containsAll(lost)
                ? Finding.warning("SEGMENT_RUN_ON", 100, location, text)
                : Finding.error("SEGMENT_RUN_ON", 100, location, text));
      }
    }
    return Optional.empty();
  }

  /** Whether the three characters before {@code at} are a segment id of {@link #DEFINED_FIELDS}. */
  private static boolean endsWithSegmentId(String text, int at) {
    char a = text.charAt(at - 3);
    char b = text.charAt(at - 2);
    char c = text.charAt(at - 1);
    if (a < 'A'
        || a > 'Z'
        || b < 'A'
        || b > 'Z'
        || ((c < 'A' || c > 'Z') && (c < '0' || c > '9'))) {
      return false;
    }
    return Arrays.binarySearch(PACKED_IDS, packed(text, at - 3)) >= 0;
  }

  /** The segment id a field value ends with, or null. */
  private static String endingSegmentId(String value) {
    if (value.length() < 3) {
      return null;
    }
    String tail = value.substring(value.length() - 3);
    return DEFINED_FIELDS.containsKey(tail) ? tail : null;
  }
}
