package io.vigil.ingest.validation;

import static io.vigil.ingest.validation.CodedElement.value;

import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.ExtraComponents;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * OBX rules of the ELR guide: OBX-3 observation code (LOINC in either triplet), OBX-2 value type
 * against the OBX-5 content, OBX-11 status, OBX-14/OBX-19 dates. OBX-5 values are never quoted in
 * findings (ask-at-order-entry answers can hold patient data).
 */
public final class ObservationRules {

  private static final Set<String> SN_COMPARATORS = Set.of("", ">", "<", ">=", "<=", "=", "<>");
  private static final Set<String> SN_SEPARATORS = Set.of("", "-", "+", "/", ".", ":");

  /** OBX-11 values for which an observation carries a result and so needs OBX-5. */
  private static final Set<String> STATUS_WITH_RESULT = Set.of("F", "C", "P");

  private ObservationRules() {}

  /**
   * Checks one OBX; {@code index} is its 1-based occurrence among the message's OBX segments, and
   * {@code besideValues} whether other OBX of its order carry a value, {@code analysisTimeUsed}
   * whether its OBX-19 is the result time (its order has no OBR-22).
   */
  static void check(OBX obx, int index, boolean besideValues, boolean analysisTimeUsed, Checks c) {
    String at = "OBX(" + index + ")-";
    String setId = value(obx.getSetIDOBX());
    if (!setId.isEmpty() && !isSetId(setId)) {
      // SI: a positive whole number. Receivers order and match observations by it; a sender
      // that fills it with anything else is worth telling, not worth refusing.
      c.warn("OBX1_NOT_SET_ID", 102, at + "1", "OBX-1 set id is not a positive whole number");
    }
    CodedElement code = CodedElement.of(obx.getObservationIdentifier());
    // An answer to a question asked at order entry qualifies the result; what is wrong with it
    // (its value, its status, a LOINC typo under OBX-29 QST) is told of, as a VXU's observations
    // are, never the reason a result is refused.
    Checks answerChecks = AskAtOrderEntry.is(obx, code) ? c.asWarnings() : c;
    if (code.hasNoCode()) {
      c.error(
          "OBX3_MISSING",
          101,
          at + "3",
          code.isEmpty()
              ? "OBX-3 observation identifier is missing"
              : "OBX-3 observation identifier has text but no code");
    } else {
      answerChecks.loinc(code, at + "3", "OBX3", "OBX-3 observation identifier");
    }
    String status =
        answerChecks.capitals(
            value(obx.getObservationResultStatus()),
            HL7Tables.OBSERVATION_STATUS,
            at + "11",
            "OBX11",
            "OBX-11 observation result status");
    answerChecks.table(
        status,
        HL7Tables.OBSERVATION_STATUS,
        "0085",
        at + "11",
        "OBX11",
        "OBX-11 observation result status",
        Severity.E,
        Severity.E);
    checkValue(obx, at, status, besideValues, true, answerChecks);
    checkDates(obx, at, analysisTimeUsed, c);
  }

  /**
   * The value checks of {@link #check} for an immunization observation (VFC eligibility, funding
   * source, VIS dates): OBX-5 against OBX-2, date values, OBX-14 and OBX-19. The caller decides
   * their severity. A valid OBX-2 type the ELR guide does not use is not remarked on here: the
   * immunization guide is not the ELR guide.
   */
  static void checkValueFormat(OBX obx, int index, Checks c) {
    String at = "OBX(" + index + ")-";
    checkValue(obx, at, value(obx.getObservationResultStatus()), false, false, c);
    checkDates(obx, at, true, c);
  }

  /**
   * OBX-14 is never read (the collection time comes from SPM-17 or OBR-7), so a malformed one is a
   * warning; OBX-19 is read as the result time only where OBR-22 gives none ({@code
   * analysisTimeUsed}), and is an error only then.
   */
  private static void checkDates(OBX obx, String at, boolean analysisTimeUsed, Checks c) {
    c.date(
        value(obx.getDateTimeOfTheObservation().getTime()),
        at + "14",
        "OBX14",
        "OBX-14 observation date/time",
        null,
        Severity.W);
    c.date(
        value(obx.getDateTimeOfTheAnalysis().getTime()),
        at + "19",
        "OBX19",
        "OBX-19 analysis date/time",
        null,
        analysisTimeUsed ? Severity.E : Severity.W);
  }

  private static boolean isSetId(String v) {
    if (v.length() > 4) {
      return false; // SI is at most 4 digits
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return false;
      }
    }
    return Integer.parseInt(v) > 0;
  }

  /**
   * OBX-5 against OBX-2; {@code elrTypes} whether to say so of a valid type the ELR guide does not
   * use.
   */
  private static void checkValue(
      OBX obx, String at, String status, boolean besideValues, boolean elrTypes, Checks c) {
    String type = value(obx.getValueType());
    List<List<String>> reps = values(obx);
    if (reps.isEmpty()) {
      if (STATUS_WITH_RESULT.contains(status)
          && ObservationValueTypes.TEXT.contains(type)
          && besideValues) {
        // A blank line of a narrative sent one OBX per line (MEDITECH's disclaimers), beside
        // results that have values: nothing is lost, and refusing the report would lose them.
        c.warn(
            "OBX5_MISSING",
            101,
            at + "5",
            "OBX-5 text is empty for a result (a blank line of a narrative?)");
      } else if (STATUS_WITH_RESULT.contains(status)) {
        // RE in the ELR guide (OBX-5 may be empty unless the sender has a value); the result
        // counts as a test it cannot read, so the sender is told.
        c.warn(
            "OBX5_MISSING",
            101,
            at + "5",
            "OBX-5 observation value is empty for a result; the result is not read from notes"
                + " (NTE): send it in OBX-5");
      }
      return;
    }
    if (type.isEmpty() || type.equals(ObservationValueTypes.MISSING_VALUE_TYPE_SENTINEL)) {
      c.error("OBX2_MISSING", 101, at + "2", "OBX-2 value type is missing but OBX-5 is valued");
      return;
    }
    if (!HL7Tables.VALUE_TYPE_0125.contains(type)) {
      c.error("OBX2_INVALID", 103, at + "2", "OBX-2 value type is not in HL7 table 0125");
      return;
    }
    if (!HL7Tables.VALUE_TYPE.contains(type)) {
      // Valid HL7 (TN, CNE, NA, ...): stored and passed on, just not a type the guide uses.
      if (elrTypes) {
        c.warn(
            "OBX2_NOT_IN_GUIDE",
            103,
            at + "2",
            "OBX-2 value type" + SafeText.quote(type) + " is not one the ELR guide uses");
      }
      return;
    }
    for (List<String> comps : reps) {
      if (!matches(type, comps, c, at)) {
        c.error(
            "OBX5_DATA_TYPE",
            102,
            at + "5",
            "OBX-5 observation value does not match OBX-2 value type " + type);
        return;
      }
    }
    if (reps.size() > 1 && REPEATS_UNREAD.contains(type)) {
      // v2.5.1 lets OBX-5 repeat; the ELR guide sends one value per OBX (one isolate each, with
      // its own OBX-4), and the hub reads the first: a second organism would go unseen.
      c.warn(
          "OBX5_REPEATED",
          102,
          at + "5",
          "OBX-5 holds "
              + reps.size()
              + " values; only the first is read: send each organism or answer in its own OBX"
              + " with its own OBX-4 sub-id");
    }
  }

  /** Value types whose repetitions the hub does not read (text types' lines are all read). */
  private static final Set<String> REPEATS_UNREAD = Set.of("CWE", "CE", "CNE", "NM", "SN");

  /** OBX-2 with OBX-5 as sent: two OBX with equal values say the same. */
  public static String typedValue(OBX obx) {
    return value(obx.getValueType()) + "|" + values(obx);
  }

  /** Whether OBX-5 holds anything. */
  static boolean hasValue(OBX obx) {
    return !values(obx).isEmpty();
  }

  /** The OBX-5 repetitions that hold anything, as their components. */
  private static List<List<String>> values(OBX obx) {
    List<List<String>> reps = new ArrayList<>();
    for (Varies v : obx.getObservationValue()) {
      List<String> comps = components(v.getData());
      if (comps.stream().anyMatch(s -> !s.isEmpty())) {
        reps.add(comps);
      }
    }
    return reps;
  }

  /** Whether the value fits the type; TS/DT values are checked (and reported) as dates. */
  private static boolean matches(String type, List<String> comps, Checks c, String at) {
    String first = comps.get(0);
    return switch (type) {
      case "NM" -> {
        if (comps.stream().skip(1).anyMatch(s -> !s.isEmpty())) {
          yield false;
        }
        if (Hl7Numbers.isNumeric(first)) {
          yield true;
        }
        // "<5", ">=1000": the commonest NM mistake in lab feeds (a limit of detection or
        // quantitation). SN carries it; the number and its meaning are clear, so warn, not refuse.
        String number = withoutComparator(first);
        if (number.length() < first.length() && Hl7Numbers.isNumeric(number)) {
          c.warn(
              "OBX5_NM_COMPARATOR",
              102,
              at + "5",
              "OBX-5 numeric value has a comparator; send it as SN (OBX-2 SN, OBX-5 <^5)");
          yield true;
        }
        yield false;
      }
      case "SN" -> {
        if (isStructuredNumeric(comps)) {
          yield true;
        }
        // ">10000000" or "5230" in SN-1 (a viral load's limit), or a titer "1:128" (<1:10): the
        // numbers, comparator and separator are clear, only not split into components; warn as for
        // the same value under NM.
        String number = withoutComparator(first);
        if (comps.stream().skip(1).allMatch(String::isEmpty)
            && (Hl7Numbers.isNumeric(number) || isRatioOrRange(number))) {
          c.warn(
              "OBX5_SN_NOT_STRUCTURED",
              102,
              at + "5",
              "OBX-5 structured numeric value is not split into components: send >10 as >^10,"
                  + " 5230 as ^5230, 1:128 as ^1^:^128");
          yield true;
        }
        Optional<String> shifted = shiftedStructuredNumeric(comps);
        if (shifted.isPresent()) {
          c.warn(
              "OBX5_SN_NOT_STRUCTURED",
              102,
              at + "5",
              "OBX-5 structured numeric value is split one component off (read as "
                  + shifted.get()
                  + "): a comparator goes in SN-1 and the number in SN-2 (<^15), a ratio's numbers"
                  + " in SN-2 and SN-4 (^1^:^64)");
          yield true;
        }
        yield false;
      }
      case "CE", "CWE" -> {
        if (first.isEmpty() && get(comps, 3).isEmpty()) {
          // Text in either triplet, or only in CWE-9 (original text): reported, just not coded.
          if (get(comps, 1).isEmpty() && get(comps, 4).isEmpty() && get(comps, 8).isEmpty()) {
            yield false;
          }
          c.warn("OBX5_NOT_CODED", 102, at + "5", "OBX-5 coded result has text but no code");
        } else if (!first.isEmpty() && get(comps, 2).isEmpty()) {
          // "Positive" or "260373001" in CWE-1 and nothing in CWE-3: whether it is a code, and of
          // which system, is a guess; it is read as text when it has no text of its own.
          c.warn(
              "OBX5_NO_CODING_SYSTEM",
              103,
              at + "5",
              Hl7Dates.toTheDay(first) && get(comps, 1).isEmpty()
                  // A VIS's publication or presentation date sent under CE (KYIR's feed).
                  ? "OBX-5 holds a date under value type "
                      + type
                      + ": send a date with OBX-2 TS (or DT)"
                  : "OBX-5 coded result has a code but no coding system (CWE-3): name its system"
                      + " (SCT for a SNOMED CT code, HL70064 for VFC eligibility, …), or send"
                      + " text alone in CWE-9");
        }
        String consequence = "the result is read from its text or abnormal flag";
        c.snomed(first, get(comps, 2), at + "5", "OBX5", "OBX-5 code", consequence);
        checkQualifierText(comps, at, c);
        c.snomed(get(comps, 3), get(comps, 5), at + "5", "OBX5", "OBX-5 code", consequence);
        yield true;
      }
      case "TS", "DT", "DTM" -> {
        // A value, not an event time: an answer such as an estimated delivery date (11778-8) is
        // in the future by nature, so only its format is checked.
        c.dateFormat(first, at + "5", "OBX5", "OBX-5 date/time value");
        yield true;
      }
      case "ST", "TX", "FT" -> {
        if (comps.stream().skip(1).anyMatch(s -> !s.isEmpty())) {
          // An unescaped "^" in text, or a coded value under a text type: only the first part is
          // read, so what follows it would be lost without a word.
          c.warn(
              "OBX5_TEXT_COMPONENTS",
              102,
              at + "5",
              "OBX-5 text has components after the first, which are not read: escape ^ as \\S\\,"
                  + " or send a coded value as CWE");
        }
        yield true;
      }
      default -> true;
    };
  }

  /** {@code value} without a leading {@code <}, {@code >}, {@code <=} or {@code >=} and spaces. */
  private static String withoutComparator(String value) {
    int i = 0;
    if (i < value.length() && (value.charAt(i) == '<' || value.charAt(i) == '>')) {
      i++;
      if (i < value.length() && value.charAt(i) == '=') {
        i++;
      }
    }
    return i == 0 ? value : value.substring(i).strip();
  }

  /** {@code 1:128}, {@code 1/64}, {@code 2-5}, {@code 1+}: two numbers around an SN separator. */
  private static boolean isRatioOrRange(String value) {
    for (int i = 1; i < value.length(); i++) {
      String separator = value.substring(i, i + 1);
      if (SN_SEPARATORS.contains(separator) && !separator.equals(".")) {
        String num1 = value.substring(0, i).strip();
        String num2 = value.substring(i + 1).strip();
        return Hl7Numbers.isNumeric(num1)
            && (Hl7Numbers.isNumeric(num2) || (num2.isEmpty() && separator.equals("+")));
      }
    }
    return false;
  }

  /**
   * A SNOMED CT qualifier value whose own text says the opposite ({@code 260373001^Not
   * detected^SCT}): a mapping table one row off. Counted as indeterminate, and told.
   */
  private static void checkQualifierText(List<String> comps, String at, Checks c) {
    for (int i = 0; i <= 3; i += 3) {
      String code = get(comps, i);
      String system = get(comps, i + 2).toUpperCase(java.util.Locale.ROOT);
      if (CodedElement.SNOMED.contains(system)
          && QualifierValues.contradicts(code, get(comps, i + 1))) {
        c.warn(
            "OBX5_CODE_TEXT_DISAGREE",
            102,
            at + "5",
            "OBX-5 SNOMED CT code "
                + code
                + " says "
                + QualifierValues.meaning(code).orElseThrow()
                + " but its own text says the opposite: the result is counted as indeterminate;"
                + " check the code's mapping");
        return;
      }
    }
  }

  /**
   * The two SN slips interface builders make, each with one reading: the comparator in SN-2 and the
   * number in SN-3 ({@code ^<^15}, the comparator's component left empty in front of it), and a
   * ratio with SN-1 dropped ({@code 1^:^64}). The value as read ({@code <15}, {@code 1:64}), if it
   * is one of those.
   */
  private static Optional<String> shiftedStructuredNumeric(List<String> comps) {
    String first = get(comps, 0);
    String second = get(comps, 1);
    String third = get(comps, 2);
    if (!get(comps, 3).isEmpty() || comps.size() > 4) {
      return Optional.empty();
    }
    if (first.isEmpty()
        && !second.isEmpty()
        && SN_COMPARATORS.contains(second)
        && Hl7Numbers.isNumeric(third)) {
      return Optional.of(second + third);
    }
    if (Hl7Numbers.isNumeric(first)
        && !second.isEmpty()
        && !second.equals(".")
        && SN_SEPARATORS.contains(second)
        && Hl7Numbers.isNumeric(third)) {
      return Optional.of(first + second + third);
    }
    return Optional.empty();
  }

  private static boolean isStructuredNumeric(List<String> comps) {
    String num1 = get(comps, 1);
    String num2 = get(comps, 3);
    return SN_COMPARATORS.contains(get(comps, 0))
        && SN_SEPARATORS.contains(get(comps, 2))
        && (num1.isEmpty() || Hl7Numbers.isNumeric(num1))
        && (num2.isEmpty() || Hl7Numbers.isNumeric(num2))
        && !(num1.isEmpty() && num2.isEmpty());
  }

  /**
   * First-level component values of a HAPI type, including components sent beyond a primitive's
   * one; subcomponents contribute their first part.
   */
  public static List<String> components(Type data) {
    List<String> out = new ArrayList<>();
    if (data instanceof Varies v) {
      return components(v.getData());
    }
    if (data instanceof Primitive p) {
      out.add(value(p));
      // Components sent beyond a primitive's one (a coded value "code^text^SCT" under OBX-2 NM):
      // HAPI keeps them aside, and the value read as the type would silently drop them.
      ExtraComponents extra = p.getExtraComponents();
      for (int i = 0; i < extra.numComponents(); i++) {
        out.add(firstValue(extra.getComponent(i)));
      }
    } else if (data instanceof Composite comp) {
      for (Type t : comp.getComponents()) {
        out.add(firstValue(t));
      }
      // Beyond the type's components: CWE-9 original text under OBX-2 CE, which has six.
      ExtraComponents extra = comp.getExtraComponents();
      for (int i = 0; i < extra.numComponents(); i++) {
        out.add(firstValue(extra.getComponent(i)));
      }
    }
    if (out.isEmpty()) {
      out.add("");
    }
    return out;
  }

  private static String firstValue(Type t) {
    if (t instanceof Varies v) {
      return firstValue(v.getData());
    }
    if (t instanceof Primitive p) {
      return value(p);
    }
    if (t instanceof Composite comp && comp.getComponents().length > 0) {
      return firstValue(comp.getComponents()[0]);
    }
    return "";
  }

  private static String get(List<String> comps, int i) {
    return comps.size() > i ? comps.get(i) : "";
  }
}
