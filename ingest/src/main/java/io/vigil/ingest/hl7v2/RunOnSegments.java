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

  /**
   * Fields of later HL7 versions that the guides pre-adopt, so that real senders fill them: MSH-22
   * and MSH-23 (responsible organizations) in the IZ guide 1.5, MSH-24/25 of v2.7; OBX-29
   * (observation type, {@code QST} on ask-at-order-entry answers) and the rest of v2.9's OBX. A
   * segment up to these lengths is not over-long: CAIR2 and NIST IZ messages with MSH-22 and a
   * facility ending in {@code RAPID} were refused as a PID run on into MSH-4.
   */
  static final Map<String, Integer> LATER_FIELDS = Map.of("MSH", 25, "OBX", 33);

  /** The ids of {@link #DEFINED_FIELDS} as three characters packed in an int, sorted. */
  private static final int[] PACKED_IDS =
      DEFINED_FIELDS.keySet().stream().mapToInt(id -> packed(id, 0)).sorted().toArray();

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
    // characters of each; only a segment where one of them is a segment id is looked at closely.
    while (from < text.length() && findings.size() < LIMIT) {
      int end = text.indexOf('\r', from);
      if (end < 0) {
        end = text.length();
      }
      if (end - from >= 3 && isSegmentId(text, from)) {
        boolean candidate = false;
        for (int i = text.indexOf(fieldSeparator, from + 3);
            i >= 0 && i < end;
            i = text.indexOf(fieldSeparator, i + 1)) {
          candidate |= i - from >= 7 && isSegmentId(text, i - 3);
        }
        candidate |= end - from >= 7 && isSegmentId(text, end - 3);
        if (candidate) {
          String id = text.substring(from, from + 3);
          // MSH-1 is the separator itself, so MSH's last field number is one more than its count.
          int offset = id.equals("MSH") ? 1 : 0;
          runOn(
                  text,
                  from,
                  end,
                  id,
                  occurrence(text, from, id),
                  offset,
                  LATER_FIELDS.getOrDefault(id, DEFINED_FIELDS.get(id)),
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

  /** Three characters at {@code at} in an int, for an id lookup without a copy (ASCII only). */
  static int packed(String text, int at) {
    return (text.charAt(at) << 16) | (text.charAt(at + 1) << 8) | text.charAt(at + 2);
  }

  /**
   * The finding for the segment at {@code text[from, end)} if one of its fields runs on into
   * another segment. Reads the fields in place: a 10 MiB segment of {@code OBX|OBX|…} costs two
   * passes and no copy per field.
   *
   * <p>Fields are counted to the last one with a value: senders that pad segments with empty fields
   * are not over-long. "More fields than defined" only points at a field whose segment, up to it,
   * still fits the definition: a segment already too long before that field ends is so for another
   * reason (fields of a later HL7 version), and its field ending in, say, {@code RAPID} is not a
   * {@code PID}.
   */
  private static Optional<Finding> runOn(
      String text,
      int from,
      int end,
      String id,
      int occurrence,
      int offset,
      int defined,
      char fieldSeparator,
      boolean oneLine) {
    int fields = lastValuedField(text, from, end, fieldSeparator) + offset;
    boolean tooMany = fields > defined;
    int index = 0;
    int lastValued = 0;
    for (int sep = text.indexOf(fieldSeparator, from + 3); sep >= 0 && sep < end; ) {
      index++;
      int valueEnd = fieldEnd(text, sep + 1, end, fieldSeparator);
      if (valueEnd - (sep + 1) >= 3 && isSegmentId(text, valueEnd - 3)) {
        // Where the first segment ended: at this field when text comes before the id, else at
        // the last field with a value before it (the id alone, or after blanks).
        int firstEnds = (blank(text, sep + 1, valueEnd - 3) ? lastValued : index) + offset;
        String next = text.substring(valueEnd - 3, valueEnd);
        Pattern start = STARTS.get(next);
        boolean starts =
            start != null
                && valueEnd < end
                && start
                    .matcher(
                        text.subSequence(
                            valueEnd + 1, fieldEnd(text, valueEnd + 1, end, fieldSeparator)))
                    .matches();
        if ((tooMany && firstEnds <= defined) || starts) {
          return Optional.of(
              finding(
                  text,
                  valueEnd,
                  end,
                  id,
                  occurrence,
                  index + offset,
                  next,
                  fieldSeparator,
                  tooMany
                      ? " and "
                          + id
                          + " has "
                          + fields
                          + " fields where HL7 "
                          + (LATER_FIELDS.containsKey(id) ? "defines at most " : "2.5.1 defines ")
                          + defined
                      : " followed by what a " + next + " segment starts with",
                  oneLine));
        }
      }
      if (valueEnd > sep + 1) {
        lastValued = index;
      }
      sep = valueEnd < end ? valueEnd : -1;
    }
    return Optional.empty();
  }

  private static boolean blank(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }

  private static Finding finding(
      String text,
      int at,
      int end,
      String id,
      int occurrence,
      int field,
      String next,
      char fieldSeparator,
      String why,
      boolean oneLine) {
    // Everything after the first run-on is unread; name each segment id that follows.
    Set<String> lost = new LinkedHashSet<>(List.of(next));
    for (int sep = at; sep >= 0 && sep < end && lost.size() < DEFINED_FIELDS.size(); ) {
      int valueEnd = fieldEnd(text, sep + 1, end, fieldSeparator);
      if (valueEnd - (sep + 1) >= 3 && isSegmentId(text, valueEnd - 3)) {
        lost.add(text.substring(valueEnd - 3, valueEnd));
      }
      sep = valueEnd < end ? valueEnd : -1;
    }
    String location = id + "(" + occurrence + ")-" + field;
    String message =
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
    return MINOR.containsAll(lost)
        ? Finding.warning("SEGMENT_RUN_ON", 100, location, message)
        : Finding.error("SEGMENT_RUN_ON", 100, location, message);
  }

  /** The number of the segment's last field with a value (0 when none has one). */
  private static int lastValuedField(String text, int from, int end, char fieldSeparator) {
    int index = 0;
    int last = 0;
    for (int sep = text.indexOf(fieldSeparator, from + 3); sep >= 0 && sep < end; ) {
      index++;
      int valueEnd = fieldEnd(text, sep + 1, end, fieldSeparator);
      if (valueEnd > sep + 1) {
        last = index;
      }
      sep = valueEnd < end ? valueEnd : -1;
    }
    return last;
  }

  /** Where the field starting at {@code start} ends: the next separator, or the segment's end. */
  private static int fieldEnd(String text, int start, int end, char fieldSeparator) {
    int next = start <= end ? text.indexOf(fieldSeparator, start) : -1;
    return next < 0 || next > end ? end : next;
  }

  /** Whether the three characters at {@code at} are a segment id of {@link #DEFINED_FIELDS}. */
  private static boolean isSegmentId(String text, int at) {
    char a = text.charAt(at);
    char b = text.charAt(at + 1);
    char c = text.charAt(at + 2);
    // Letters and digits only, so the packed lookup cannot be fooled by wider characters.
    if (a < 'A'
        || a > 'Z'
        || b < 'A'
        || b > 'Z'
        || ((c < 'A' || c > 'Z') && (c < '0' || c > '9'))) {
      return false;
    }
    return Arrays.binarySearch(PACKED_IDS, packed(text, at)) >= 0;
  }
}
