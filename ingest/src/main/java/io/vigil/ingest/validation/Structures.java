package io.vigil.ingest.validation;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.AbstractGroup;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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

  /**
   * The non-empty segments HAPI could not place whose id, in capitals, is one of {@code ids}, in
   * message order: segments out of their place, and segments whose id is not in capitals.
   *
   * @param placed a message's structures ({@link #of})
   */
  static List<Segment> unplaced(List<Placed> placed, Set<String> ids) {
    List<Segment> out = new ArrayList<>();
    for (Placed p : placed) {
      if (p.nonStandard()
          && p.structure() instanceof Segment segment
          && ids.contains(segment.getName().toUpperCase(Locale.ROOT))
          && !ElrValidator.isEmpty(segment)) {
        out.add(segment);
      }
    }
    return out;
  }

  /**
   * Reports each of {@code unplaced} whose id is not in capitals ({@code obx}): HAPI knows no such
   * segment, so it reads nothing of it, and the result or dose it holds would be silently lost.
   */
  static void checkIdCase(List<Segment> unplaced, Checks c) {
    for (Segment segment : unplaced) {
      String id = segment.getName();
      String capitals = id.toUpperCase(Locale.ROOT);
      if (!id.equals(capitals)) {
        c.error(
            "SEGMENT_ID_CASE",
            100,
            capitals,
            capitals
                + " is written in lower case: segment ids are upper case, so this segment was not"
                + " read");
      }
    }
  }

  /** The first of {@code unplaced} whose id is in capitals: a known segment out of its place. */
  static Optional<String> firstOutOfPlace(List<Segment> unplaced) {
    return unplaced.stream()
        .map(Segment::getName)
        .filter(id -> id.equals(id.toUpperCase(Locale.ROOT)))
        .findFirst();
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
