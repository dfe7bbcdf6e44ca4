package io.vigil.ingest.validation;

import static io.vigil.ingest.validation.CodedElement.value;

import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An order the value set counts (OBR-4) whose results it does not (OBX-3): MEDITECH's SARS-CoV-2
 * RNA order (94500-6) resulted under the 2003 SARS code (41458-1). The trends count results by
 * their OBX-3, so a site's positives would go uncounted without a word; the order's code is not
 * counted in their place (it names what was asked, not what was found), but the sender is told to
 * check its OBX-3 mapping. Answers asked at order entry are not results; a result whose coded value
 * is a reportable organism counts whatever its OBX-3, and a cancelled order counts nothing.
 */
final class ReportableOrders {

  private static final int MAX_QUOTED = 3;

  private ReportableOrders() {}

  /** Checks one order; {@code at} is {@code OBR(n)-}, {@code results} its OBX segments. */
  static void check(OBR obr, String at, List<OBX> results, ReportableTests tests, Checks c) {
    Optional<String> ordered = CodedElement.of(obr.getUniversalServiceIdentifier()).readLoinc();
    if (ordered.isEmpty()
        || !tests.namesCondition(ordered.get())
        || value(obr.getResultStatus()).toUpperCase(Locale.ROOT).equals("X")) {
      return;
    }
    Set<String> notCounted = new LinkedHashSet<>();
    for (OBX obx : results) {
      CodedElement code = CodedElement.of(obx.getObservationIdentifier());
      if (code.hasNoCode() || AskAtOrderEntry.is(obx, code)) {
        continue;
      }
      Optional<String> loinc = code.readLoinc();
      if (loinc.filter(tests::lists).isPresent() || reportableOrganism(obx, tests)) {
        return;
      }
      notCounted.add(
          loinc.orElse(
              code.identifier().isEmpty() ? code.alternateIdentifier() : code.identifier()));
    }
    if (notCounted.isEmpty()) {
      return;
    }
    StringBuilder codes = new StringBuilder();
    notCounted.stream().limit(MAX_QUOTED).forEach(code -> codes.append(SafeText.quote(code)));
    c.warn(
        "OBX3_NOT_REPORTABLE_UNDER_REPORTABLE_ORDER",
        103,
        at + "4",
        "The order is a reportable test (OBR-4"
            + SafeText.quote(ordered.get())
            + ") but its result code"
            + (notCounted.size() == 1 ? "" : "s")
            + codes
            + (notCounted.size() > MAX_QUOTED ? " …" : "")
            + (notCounted.size() == 1 ? " is" : " are")
            + " not in the value set the trends count by, so none of its results is counted:"
            + " check that OBX-3 names the test performed (a deprecated or local code?), or ask"
            + " the jurisdiction whether its value set should list it");
  }

  /** Whether OBX-5 is a SNOMED CT code the value set counts (an organism found). */
  private static boolean reportableOrganism(OBX obx, ReportableTests tests) {
    if (obx.getObservationValueReps() == 0) {
      return false;
    }
    List<String> comps = ObservationRules.components(obx.getObservationValue(0));
    for (int i = 0; i + 2 < comps.size() && i <= 3; i += 3) {
      String system = comps.get(i + 2).strip().toUpperCase(Locale.ROOT);
      if (CodedElement.SNOMED.contains(system) && tests.countsResult(comps.get(i).strip())) {
        return true;
      }
    }
    return false;
  }
}
