package io.vigil.ingest.canonical;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.EI;
import ca.uhn.hl7v2.model.v251.group.VXU_V04_ORDER;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.model.v251.segment.RXA;
import io.vigil.ingest.validation.CodedElement;

/**
 * The sender's identity of an HL7 v2 dose record ({@link Immunization#recordId()}): the IZ guide
 * names a record by the ORC-3 filler order number of its ORDER group (RXA-21 {@code U} and {@code
 * D} find the record by it), else by the placer's ORC-2. The guide's placeholder for a historical
 * record whose number is unknown ({@code 9999}) identifies nothing, nor does an RXA that HAPI filed
 * outside an ORDER group (sent before its ORC).
 */
final class DoseRecordIds {
  private DoseRecordIds() {}

  static String of(RXA rxa) throws HL7Exception {
    if (!(rxa.getParent() instanceof VXU_V04_ORDER order)) {
      return "";
    }
    ORC orc = order.getORC();
    String filler = entity(orc.getFillerOrderNumber());
    if (!filler.isEmpty()) {
      return "filler|" + filler;
    }
    String placer = entity(orc.getPlacerOrderNumber());
    return placer.isEmpty() ? "" : "placer|" + placer;
  }

  /**
   * An entity identifier with its assigning authority, as a lab order's ({@link
   * Hl7v2LabResults#entity}); "" without one or for the guide's placeholder (all 9s).
   */
  private static String entity(EI ei) {
    String id = CodedElement.value(ei.getEntityIdentifier()).strip();
    return id.chars().allMatch(c -> c == '9') ? "" : Hl7v2LabResults.entity(ei);
  }
}
