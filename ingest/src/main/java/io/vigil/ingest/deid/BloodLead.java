package io.vigil.ingest.deid;

import static io.vigil.ingest.deid.Interpretation.INDETERMINATE;
import static io.vigil.ingest.deid.Interpretation.NEGATIVE;
import static io.vigil.ingest.deid.Interpretation.POSITIVE;

import io.vigil.ingest.canonical.Coding;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A blood lead read against its own reference range (OBX-7), as the lab's flag is only RE: above it
 * an elevated level, within it none. No other test is read so ({@link Interpretation}).
 */
final class BloodLead {
  /**
   * Blood lead (venous, capillary, unspecified), the tests whose reference range says exposure: a
   * value above it is an elevated level. Elsewhere it does not: above an antibody's range is
   * immunity, below a cycle threshold's cutoff is virus found, and an index's grey zone lies
   * between its ranges.
   */
  private static final Set<String> TESTS = Set.of("5671-3", "77307-7", "10368-9");

  /**
   * A number with its comparator: NM {@code 4.0}, SN {@code =^4.0} or {@code <^3.3}, {@code >10}.
   */
  private static final Pattern NUMBER = Pattern.compile("(<=|>=|<|>|=)?(-?\\d+(?:\\.\\d+)?)");

  /** A unit written after a reference range's last number. */
  private static final Pattern UNIT_AFTER = Pattern.compile("(?<=\\d)[^\\d.]+$");

  /** A reference range: {@code 0.0-3.4}, {@code <5}, {@code <=5}. */
  private static final Pattern RANGE =
      Pattern.compile("(?:(-?\\d+(?:\\.\\d+)?)-|(<=|<))(\\d+(?:\\.\\d+)?)");

  private BloodLead() {}

  /** Whether the test is a blood lead, read against its range. */
  static boolean is(Coding test) {
    return test.isLoinc() && TESTS.contains(test.code());
  }

  /**
   * {@code value} (without carets and spaces) against {@code range} as sent: the unit some labs
   * write after the range ("0.0-5.0 ug/dL", "&lt;5 ug/dL") is not part of it.
   */
  static String of(String value, String range) {
    return againstRange(value, UNIT_AFTER.matcher(range.replace(" ", "")).replaceAll(""));
  }

  /**
   * A number read against its reference range: above the range's upper bound positive (over the
   * lab's reference value), within the range negative, as is a value below a bound within it
   * ({@code <3.3} against {@code 0-5}); anything else, and a value below the range's lower bound,
   * indeterminate.
   */
  private static String againstRange(String value, String range) {
    var v = NUMBER.matcher(value);
    var r = RANGE.matcher(range);
    if (!v.matches() || !r.matches()) {
      return INDETERMINATE;
    }
    String comparator = v.group(1) == null ? "=" : v.group(1);
    double x = Double.parseDouble(v.group(2));
    double high = Double.parseDouble(r.group(3));
    Double low = r.group(1) == null ? null : Double.parseDouble(r.group(1));
    boolean strict = "<".equals(r.group(2)); // "<5": normal is below 5
    boolean above = strict ? x >= high : x > high;
    return switch (comparator) {
      case "=" -> above ? POSITIVE : low != null && x < low ? INDETERMINATE : NEGATIVE;
      case ">", ">=" -> x >= high ? POSITIVE : INDETERMINATE;
      case "<" -> x <= high ? NEGATIVE : INDETERMINATE; // "<3.3": below 3.3
      default -> (strict ? x < high : x <= high) ? NEGATIVE : INDETERMINATE; // "<=3.3"
    };
  }
}
