package io.vigil.ingest.validation;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import java.util.Set;

/**
 * Ask-at-order-entry (AOE) answers: observations that are questions put to the patient or the
 * orderer (symptom onset, first test, pregnancy, age), not the lab's result. A malformed answer (an
 * onset date as {@code 2024-08-10}, an age as {@code 39 years}) is worth telling, not worth
 * refusing the result it qualifies; the hub counts none of them. An OBX is one when OBX-29 says
 * {@code QST} (v2.8's observation type, sent by ReportStream, SimpleReport and MARS feeds in 2.5.1
 * messages) or its LOINC is one of the AOE questions of HHS's COVID-19 and influenza guidance.
 */
final class AskAtOrderEntry {
  private static final int OBSERVATION_TYPE = 29;

  private static final Set<String> QUESTIONS =
      Set.of(
          "95419-8", // has symptoms related to the condition of interest
          "65222-2", // date and time of symptom onset
          "11368-8", // illness or injury onset date and time
          "95417-2", // first test for the condition of interest
          "95418-0", // employed in a healthcare setting
          "95421-4", // resides in a congregate care setting
          "77974-4", // hospitalized for this condition
          "95420-6", // admitted to an ICU for the condition of interest
          "82810-3", // pregnancy status
          "30525-0", // age
          "21612-7", // age, reported
          "35659-2", // age at specified time
          "76691-5"); // gender identity

  /**
   * LOINC 68991-9 "Epidemiologically important information": the order under which ELR R2 drafts,
   * NBS and CDC's case-notification test messages put every answer asked at order entry, without
   * OBX-29.
   */
  private static final String QUESTION_ORDER = "68991-9";

  private AskAtOrderEntry() {}

  /**
   * Whether an order (OBR-4) holds only answers asked at order entry, so that each of its OBX is
   * checked as one (what is wrong with them is told, never the reason the report is refused).
   */
  static boolean isQuestionOrder(CodedElement service) {
    return service.readLoinc().filter(QUESTION_ORDER::equals).isPresent();
  }

  /**
   * Whether an OBX of a question order is a result the trends count (its OBX-3 a test the value set
   * lists): a result sent in the wrong order is checked as a result, or one without a status would
   * be counted as preliminary (regress7 q11).
   */
  static boolean isCountedResult(OBX obx, ReportableTests tests) {
    CodedElement code = CodedElement.of(obx.getObservationIdentifier());
    return code.readLoinc().filter(tests::lists).isPresent();
  }

  /** Whether {@code obx} is an AOE answer. */
  static boolean is(OBX obx, CodedElement test) {
    if (test.codeIn(CodedElement.LOINC).filter(QUESTIONS::contains).isPresent()) {
      return true;
    }
    try {
      return obx.numFields() >= OBSERVATION_TYPE
          && obx.getField(OBSERVATION_TYPE).length > 0
          && "QST".equalsIgnoreCase(CodedElement.value(firstComponent(obx)));
    } catch (HL7Exception e) {
      return false;
    }
  }

  private static ca.uhn.hl7v2.model.Primitive firstComponent(OBX obx) throws HL7Exception {
    ca.uhn.hl7v2.model.Type field = obx.getField(OBSERVATION_TYPE, 0);
    while (field instanceof ca.uhn.hl7v2.model.Varies v) {
      field = v.getData();
    }
    if (field instanceof ca.uhn.hl7v2.model.Composite c) {
      field = c.getComponent(0);
    }
    return field instanceof ca.uhn.hl7v2.model.Primitive p ? p : null;
  }
}
