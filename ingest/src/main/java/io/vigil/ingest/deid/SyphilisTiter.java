package io.vigil.ingest.deid;

import static io.vigil.ingest.deid.Interpretation.INDETERMINATE;
import static io.vigil.ingest.deid.Interpretation.NEGATIVE;
import static io.vigil.ingest.deid.Interpretation.POSITIVE;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A syphilis serology titer ({@code 1:64}, SN {@code ^1^:^64}) that neither the value's text nor
 * the lab's flag answers. A nontreponemal (RPR, VDRL) titer is measured only on a reactive
 * specimen, so a titer is a reactive result (CDC's STI treatment guidelines; CSTE's syphilis case
 * definition counts a reactive nontreponemal test at any titer), unless the lab's own reference
 * range sets a higher cut ({@code <1:80}, as a TP-PA titer's is): then a titer below the cut is
 * non-reactive. Read only for results the value set counts under syphilis; elsewhere a titer above
 * its range may be immunity ({@link BloodLead} says why).
 */
final class SyphilisTiter {

  /**
   * {@code 1:64}, {@code =1:64}, {@code >=1:1024}, {@code 1/16} (HL7's ratio form), with the lab's
   * "reactive" beside it ({@code 1:8(R)}, {@code R1:64}, {@code 1:64REACTIVE}); carets and spaces
   * dropped.
   */
  private static final Pattern TITER =
      Pattern.compile("(?:R)?(?:=|>=|>)?1[:/]>?(\\d{1,6})(?:\\(R\\)|R|REACTIVE)?");

  /**
   * The cut of a reference range that says which titers are non-reactive, wherever it stands in its
   * text: {@code <1:8}, {@code Non-Reactive <1:80}, {@code (<1:8)}, {@code <=1:4}.
   */
  private static final Pattern CUT = Pattern.compile("<(=)?1[:/](\\d{1,6})");

  private SyphilisTiter() {}

  /** Whether results of {@code condition} are read as syphilis serology. */
  static boolean is(String condition) {
    return condition.toUpperCase(Locale.ROOT).contains("SYPHILIS");
  }

  /**
   * {@code value} (without carets and spaces) read against {@code range} as sent: at or above the
   * cut a range states ({@code <1:M}, {@code <=1:M}, in words or brackets), or any titer without
   * one, positive; below the cut negative; anything that is no titer indeterminate.
   */
  static String of(String value, String range) {
    var v = TITER.matcher(value.toUpperCase(Locale.ROOT));
    if (!v.matches()) {
      return INDETERMINATE;
    }
    long dilution = Long.parseLong(v.group(1));
    if (dilution < 1) {
      return INDETERMINATE;
    }
    var cut = CUT.matcher(range.replace(" ", "").replace("^", ""));
    if (cut.find()) {
      // "<1:80": 1:80 and above reactive; "<=1:4": above 1:4 reactive.
      long first = Long.parseLong(cut.group(2)) + (cut.group(1) == null ? 0 : 1);
      return dilution >= first ? POSITIVE : NEGATIVE;
    }
    return POSITIVE;
  }
}
