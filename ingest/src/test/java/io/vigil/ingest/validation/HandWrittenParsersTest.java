package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The date, number and LOINC checks are hand-written scans; they must accept and read exactly what
 * the regular expressions they replaced did. The references below are those former implementations,
 * compared on random and on structured near-miss inputs.
 */
class HandWrittenParsersTest {

  private static final Pattern DTM =
      Pattern.compile(
          "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\.\\d{1,4})?([+-])?(\\d{4})?");
  private static final Pattern NM = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern LOINC = Pattern.compile("\\d{1,7}-\\d");

  @Test
  void readDatesExactlyAsTheRegularExpressionDid() {
    Random random = new Random(7);
    String alphabet = "0123456789012345678901234567890123456789.+- a\u0661";
    for (int n = 0; n < 50_000; n++) {
      String s = randomText(random, alphabet, 24);
      assertThat(Hl7Dates.earliestInstant(s)).as(s).isEqualTo(referenceEarliest(s));
    }
    for (int n = 0; n < 50_000; n++) {
      String s = dateLike(random);
      assertThat(Hl7Dates.earliestInstant(s)).as(s).isEqualTo(referenceEarliest(s));
    }
  }

  @Test
  void readNumbersAndLoincCodesExactlyAsTheRegularExpressionsDid() {
    Random random = new Random(11);
    for (int n = 0; n < 50_000; n++) {
      String s = randomText(random, "0123456789.+-- x", 10);
      assertThat(Hl7Numbers.isNumeric(s)).as(s).isEqualTo(NM.matcher(s).matches());
      assertThat(Loinc.isWellFormed(s)).as(s).isEqualTo(LOINC.matcher(s).matches());
    }
  }

  private static String randomText(Random random, String alphabet, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** Digits of plausible ranges, in every length, with fractions, offsets and stray characters. */
  private static String dateLike(Random random) {
    StringBuilder sb = new StringBuilder();
    if (random.nextInt(20) == 0) {
      sb.append(' ');
    }
    sb.append(1700 + random.nextInt(400));
    int[] limits = {14, 33, 26, 62, 62};
    int parts = random.nextInt(7);
    for (int i = 0; i < parts; i++) {
      sb.append(String.format("%02d", random.nextInt(i < limits.length ? limits[i] : 100)));
    }
    if (random.nextInt(4) == 0) {
      sb.append('.').append(randomText(random, "0123456789", 6));
    }
    if (random.nextInt(2) == 0) {
      sb.append(random.nextBoolean() ? '+' : '-')
          .append(String.format("%02d%02d", random.nextInt(20), random.nextInt(70)));
    }
    if (random.nextInt(10) == 0) {
      sb.append(randomText(random, "0123456789-+. ", 3));
    }
    return sb.toString();
  }

  private static Optional<Instant> referenceEarliest(String value) {
    Matcher m = DTM.matcher(value.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    boolean hasSeconds = m.group(6) != null;
    boolean hasSign = m.group(8) != null;
    boolean hasOffset = m.group(9) != null;
    if ((m.group(7) != null && !hasSeconds) || hasSign != hasOffset) {
      return Optional.empty();
    }
    try {
      int year = Integer.parseInt(m.group(1));
      if (year < 1800) {
        return Optional.empty();
      }
      LocalDateTime local =
          LocalDateTime.of(
              year,
              part(m.group(2), 1),
              part(m.group(3), 1),
              part(m.group(4), 0),
              part(m.group(5), 0),
              part(m.group(6), 0));
      ZoneOffset offset =
          hasOffset ? referenceOffset(m.group(8), m.group(9)) : ZoneOffset.ofHours(14);
      return Optional.of(local.toInstant(offset));
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int part(String digits, int absent) {
    return digits == null ? absent : Integer.parseInt(digits);
  }

  private static ZoneOffset referenceOffset(String sign, String hhmm) {
    int hours = Integer.parseInt(hhmm.substring(0, 2));
    int minutes = Integer.parseInt(hhmm.substring(2));
    if (minutes > 59) {
      throw new DateTimeException("offset minutes");
    }
    int s = sign.equals("-") ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(s * hours, s * minutes);
  }
}
