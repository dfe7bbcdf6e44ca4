package io.vigil.ingest.validation;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.AbstractGroup;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Structure;
import java.util.ArrayList;
import java.util.List;

/**
 * Every structure of a parsed message in message order, groups and segments, including those HAPI
 * could not place and appended as non-standard: where a segment out of its expected place ends up.
 */
final class Structures {

  /**
   * One structure and where HAPI put it.
   *
   * @param structure the segment or group
   * @param nonStandard true when HAPI appended it outside the message structure's definition
   */
  record Placed(Structure structure, boolean nonStandard) {}

  private Structures() {}

  /** Depth first, in the order HAPI holds them (the order they were read in, group by group). */
  static List<Placed> of(Group group) {
    List<Placed> out = new ArrayList<>();
    walk(group, out);
    return out;
  }

  private static void walk(Group group, List<Placed> out) {
    var nonStandard =
        group instanceof AbstractGroup g ? g.getNonStandardNames() : java.util.Set.<String>of();
    for (String name : group.getNames()) {
      Structure[] all;
      try {
        all = group.getAll(name);
      } catch (HL7Exception e) {
        continue;
      }
      for (Structure s : all) {
        out.add(new Placed(s, nonStandard.contains(name)));
        if (s instanceof Group inner) {
          walk(inner, out);
        }
      }
    }
  }
}
