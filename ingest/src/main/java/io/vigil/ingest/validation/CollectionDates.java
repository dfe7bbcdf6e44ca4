package io.vigil.ingest.validation;

import static io.vigil.ingest.validation.CodedElement.value;

import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.SPM;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The order of an ELR order's dates: the specimen is collected (SPM-17, OBR-7) before it is
 * resulted (OBR-22, else OBX-19) and before the message is written (MSH-7), and after the patient
 * is born (PID-7). A date out of that order is a data error an analyst rejects at onboarding, but
 * it is told, never refused: which date is wrong is for the sender to say. The collection compared
 * is the one the trends date the result by ({@code Hl7v2LabResults}: SPM-17 of the first specimen
 * when it names a day, else OBR-7). Times are compared only where the order is certain: a value
 * without an offset may be the sender's local time anywhere on Earth, a date to the day may be any
 * time of it, and {@link Hl7Dates#CLOCK_SKEW} is allowed, as for the future.
 */
final class CollectionDates {

  /** From the earliest offset on Earth (+14:00) to the latest (-12:00). */
  private static final Duration OFFSET_SPAN = Duration.ofHours(26);

  private CollectionDates() {}

  /** The collection time a result is dated by, with where it was read from. */
  record Collected(String value, String field, String location) {}

  /**
   * Checks the collection time of one order ({@code spm}: its first specimen, or null; {@code
   * spmAt}: {@code SPM(n)-}) against OBR-7, the result time and MSH-7 {@code messageTime}; returns
   * it, for the birth date check, when it is a valid date.
   */
  static Optional<Collected> check(
      OBR obr,
      String obrAt,
      SPM spm,
      String spmAt,
      List<OBX> results,
      String messageTime,
      Checks c) {
    String observed = value(obr.getObservationDateTime().getTime());
    String specimen =
        spm == null
            ? ""
            : value(spm.getSpecimenCollectionDateTime().getRangeStartDateTime().getTime());
    if (valid(specimen, c) && valid(observed, c) && differentDays(specimen, observed)) {
      c.warn(
          "SPM17_OBR7_DISAGREE",
          102,
          spmAt + "17",
          "SPM-17 specimen collection date ("
              + shown(specimen)
              + ") and OBR-7 observation date ("
              + shown(observed)
              + ") name different days; the day counted is SPM-17's: send the collection time in"
              + " both");
    }
    Optional<Collected> collected = collected(specimen, observed, spmAt, obrAt, c);
    if (collected.isEmpty()) {
      return collected;
    }
    Collected at = collected.get();
    String reported = value(obr.getResultsRptStatusChngDateTime().getTime());
    String resultField = "OBR-22";
    if (Hl7Dates.earliestInstant(reported).isEmpty()) {
      // No readable OBR-22: the result time is each result's OBX-19, as the trends read it.
      reported = "";
      for (OBX obx : results) {
        String analysed = value(obx.getDateTimeOfTheAnalysis().getTime());
        if (valid(analysed, c) && certainlyAfter(at.value(), analysed)) {
          reported = analysed;
          resultField = "OBX-19";
          break;
        }
      }
    }
    if (valid(reported, c) && certainlyAfter(at.value(), reported)) {
      c.warn(
          "COLLECTED_AFTER_RESULT",
          102,
          at.location(),
          at.field()
              + " specimen collection ("
              + shown(at.value())
              + ") is after the result time ("
              + resultField
              + " "
              + shown(reported)
              + "): one of them is wrong; the result is counted on the collection day");
    }
    if (valid(messageTime, c) && certainlyAfter(at.value(), messageTime)) {
      c.warn(
          "COLLECTED_AFTER_MESSAGE",
          102,
          at.location(),
          at.field()
              + " specimen collection ("
              + shown(at.value())
              + ") is after the message was written (MSH-7 "
              + shown(messageTime)
              + "): one of them is wrong; the result is counted on the collection day");
    }
    return collected;
  }

  /**
   * PID-7 after a collection of the patient's orders: W, once, without quoting the birth date. Only
   * where certain to the precision both have, as for a dose before birth (RXA3_BEFORE_BIRTH).
   */
  static void checkBirth(String birth, String pidAt, List<Collected> collections, Checks c) {
    if (!valid(birth, c)) {
      return;
    }
    for (Collected collected : collections) {
      if (Hl7Dates.dateCertainlyBefore(collected.value(), birth)) {
        c.warn(
            "PID7_AFTER_COLLECTION",
            102,
            pidAt + "7",
            "PID-7 date of birth is after the specimen collection ("
                + collected.field()
                + "): one of them is wrong, or the result is another person's");
        return;
      }
    }
  }

  /** As {@code Hl7v2LabResults} dates a result: the first of SPM-17, OBR-7 to name a day. */
  private static Optional<Collected> collected(
      String specimen, String observed, String spmAt, String obrAt, Checks c) {
    Collected fromSpecimen = new Collected(specimen, "SPM-17", spmAt + "17");
    Collected fromOrder = new Collected(observed, "OBR-7", obrAt + "7");
    for (Collected candidate : List.of(fromSpecimen, fromOrder)) {
      if (valid(candidate.value(), c) && Hl7Dates.toTheDay(candidate.value())) {
        return Optional.of(candidate);
      }
    }
    return valid(specimen, c)
        ? Optional.of(fromSpecimen)
        : valid(observed, c) ? Optional.of(fromOrder) : Optional.empty();
  }

  /** A valid date/time not in the future (which has findings of its own). */
  private static boolean valid(String value, Checks c) {
    return Hl7Dates.check(value, c.now()) == Hl7Dates.Status.VALID;
  }

  /**
   * Whether two values that name a day name different ones: as written, or, when both are times
   * with an offset, as one of them sees the other ({@code 20250310231500-0500} and {@code
   * 20250311041500+0000} are one instant).
   */
  static boolean differentDays(String a, String b) {
    if (!Hl7Dates.toTheDay(a) || !Hl7Dates.toTheDay(b)) {
      return false;
    }
    Optional<ZoneOffset> offset = offset(a);
    if (offset.isPresent() && offset(b).isPresent() && digits(a) > 8 && digits(b) > 8) {
      return !Hl7Dates.earliestInstant(a)
          .get()
          .atOffset(offset.get())
          .toLocalDate()
          .equals(Hl7Dates.earliestInstant(b).get().atOffset(offset.get()).toLocalDate());
    }
    return !a.strip().substring(0, 8).equals(b.strip().substring(0, 8));
  }

  /**
   * Whether {@code later} is certainly after {@code earlier} by more than the clock skew: its
   * earliest instant is after the last instant {@code earlier} can name (the end of its day, hour
   * or minute; without an offset beside a value with one, at any offset on Earth).
   */
  static boolean certainlyAfter(String later, String earlier) {
    Optional<Instant> start = Hl7Dates.earliestInstant(dayOfNoon(later));
    Optional<Instant> from = Hl7Dates.earliestInstant(earlier);
    if (start.isEmpty() || from.isEmpty()) {
      return false;
    }
    Instant end = from.get().plus(precision(earlier));
    if (offset(earlier).isEmpty() && offset(later).isPresent()) {
      end = end.plus(OFFSET_SPAN);
    }
    return start.get().isAfter(end.plus(Hl7Dates.CLOCK_SKEW));
  }

  /**
   * A time of exactly noon as the day alone: systems that know only the day of a collection write
   * it at 12:00 (CareEvolution's self-test app sends {@code 20240404120000-0400} in a message
   * written at 07:03 that day), which is no evidence of a time after the message's.
   */
  private static String dayOfNoon(String value) {
    String v = value.strip();
    int digits = digits(v);
    boolean noon =
        (digits == 12 || digits == 14)
            && v.substring(8, digits).matches("1200(00)?")
            && (v.length() == digits || v.charAt(digits) != '.');
    return noon ? v.substring(0, 8) + v.substring(digits) : v;
  }

  /** How long a value lasts: a year, a month, a day, an hour, a minute or a second. */
  private static Duration precision(String value) {
    return switch (digits(value)) {
      case 4 -> Duration.ofDays(366);
      case 6 -> Duration.ofDays(31);
      case 8 -> Duration.ofDays(1);
      case 10 -> Duration.ofHours(1);
      case 12 -> Duration.ofMinutes(1);
      default -> Duration.ofSeconds(1);
    };
  }

  /** The offset a valid value is written with, if any. */
  private static Optional<ZoneOffset> offset(String value) {
    String v = value.strip();
    int sign = Math.max(v.indexOf('+'), v.indexOf('-'));
    if (sign < 0) {
      return Optional.empty();
    }
    int s = v.charAt(sign) == '-' ? -1 : 1;
    int hours = Integer.parseInt(v.substring(sign + 1, sign + 3));
    int minutes = Integer.parseInt(v.substring(sign + 3, sign + 5));
    return Optional.of(ZoneOffset.ofHoursMinutes(s * hours, s * minutes));
  }

  private static int digits(String value) {
    String v = value.strip();
    int i = 0;
    while (i < v.length() && Character.isDigit(v.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * A value as a reader takes it: {@code 2025-03-14}, with its time to the minute and its offset
   * when it has them ({@code 2025-03-14 17:55 -0600}); as sent when it names no day.
   */
  private static String shown(String value) {
    String v = value.strip();
    if (!Hl7Dates.toTheDay(v)) {
      return v;
    }
    int digits = digits(v);
    String day = v.substring(0, 4) + "-" + v.substring(4, 6) + "-" + v.substring(6, 8);
    String time =
        digits < 10
            ? ""
            : " " + v.substring(8, 10) + ":" + (digits < 12 ? "00" : v.substring(10, 12));
    return day + time + offset(v).map(o -> " " + v.substring(v.length() - 5)).orElse("");
  }
}
