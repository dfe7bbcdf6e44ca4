package io.vigil.ingest.canonical;

import static io.vigil.ingest.canonical.Hl7v2ReportMapper.coding;
import static io.vigil.ingest.canonical.Hl7v2ReportMapper.instant;
import static io.vigil.ingest.canonical.Hl7v2ReportMapper.text;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CWE;
import ca.uhn.hl7v2.model.v251.datatype.EI;
import ca.uhn.hl7v2.model.v251.datatype.TS;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_SPECIMEN;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.SPM;
import io.vigil.ingest.validation.CodedElement;
import io.vigil.ingest.validation.ElrValidator;
import io.vigil.ingest.validation.Hl7Dates;
import io.vigil.ingest.validation.ObservationRules;
import io.vigil.ingest.validation.ObservationValueTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The lab results of an ORU^R01 order, for {@link Hl7v2ReportMapper}: one {@link LabResult} per
 * result, which a narrative sent one OBX per line, a comment line under a result's code and sub-id
 * and the isolate a susceptibility order restates are not; each with its value, flag, reference
 * range, status as the trends read it (an order cancelled in OBR-25 cancels its results),
 * timeliness instants and identity across versions.
 */
final class Hl7v2LabResults {
  private static final Set<String> SUSCEPTIBILITY_FLAGS =
      Set.of("S", "I", "R", "MS", "VS", "NS", "SDD");

  private Hl7v2LabResults() {}

  /** The instant {@code ts} names, when it is precise to the day at least. */
  private static Optional<ReferenceInstant> toTheDay(TS ts, String source) {
    return Hl7Dates.toTheDay(CodedElement.value(ts.getTime()))
        ? instant(ts, source)
        : Optional.empty();
  }

  static void addResults(ORU_R01_ORDER_OBSERVATION order, List<LabResult> out) throws HL7Exception {
    OBR obr = order.getOBR();
    Optional<Coding> specimenType = Optional.empty();
    TS spm17 = null;
    if (order.getSPECIMENReps() > 0) {
      SPM spm = order.getSPECIMEN(0).getSPM();
      specimenType = coding(CodedElement.of(spm.getSpecimenType()), Optional.empty());
      spm17 = spm.getSpecimenCollectionDateTime().getRangeStartDateTime();
    }
    // A collection time to the month or year names no day: counted on the 1st, SPM-17 202406
    // moved a result collected on 28 June (OBR-7) four weeks early. The first value that names a
    // day is taken; only when none does, the month's (or year's) first day, which at least keeps
    // the result in the month the lab named (W SPM17_IMPRECISE / OBR7_IMPRECISE).
    Optional<ReferenceInstant> collected =
        spm17 == null ? Optional.empty() : toTheDay(spm17, "SPM-17");
    if (collected.isEmpty()) {
      collected = toTheDay(obr.getObservationDateTime(), "OBR-7");
    }
    if (collected.isEmpty() && spm17 != null) {
      collected = instant(spm17, "SPM-17");
    }
    if (collected.isEmpty()) {
      collected = instant(obr.getObservationDateTime(), "OBR-7");
    }
    Optional<ReferenceInstant> reportResulted =
        instant(obr.getResultsRptStatusChngDateTime(), "OBR-22");
    String orderIdentity = orderIdentity(order);
    // An order cancelled (OBR-25 X, "no results available") has no results, whatever its OBX say.
    boolean cancelled =
        CodedElement.value(obr.getResultStatus()).toUpperCase(Locale.ROOT).equals("X");
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    java.util.Set<String> firstValues = new java.util.HashSet<>();
    String textLine = null; // test code and sub-id group of the text line before, if it was one
    String resultLine = null; // the same of the coded or numeric result before, if it was one
    // A susceptibility order names its isolate in OBR-26 (parent OBX-3 and OBX-4); a coded OBX of
    // it under the isolate's sub-id restates that isolate (under the parent's code or another
    // "organism identified" one: 6463-4 for 625-4): the parent's result again, not a second
    // culture. Only in a susceptibility order: OBR-26 links any child order to its parent, and a
    // reflex order's results (HCV RNA after a reactive antibody) are results of their own.
    String parentSub =
        CodedElement.of(obr.getParentResult().getParentObservationIdentifier()).isEmpty()
                || !susceptibilityOrder(order)
            ? null
            : subIdGroup(
                CodedElement.value(obr.getParentResult().getParentObservationSubIdentifier()));
    for (OBX obx : resultSegments(order)) {
      if (obx.isEmpty()) {
        continue;
      }
      CodedElement test = CodedElement.of(obx.getObservationIdentifier());
      Optional<Coding> testCoding = coding(test, Optional.of(CodedElement.LOINC));
      if (testCoding.isEmpty()) {
        continue; // validation already flagged an OBX without a code
      }
      Optional<ReferenceInstant> resulted =
          reportResulted.isPresent()
              ? reportResulted
              : instant(obx.getDateTimeOfTheAnalysis(), "OBX-19");
      Optional<Coding> codedValue = Optional.empty();
      String value = "";
      if (obx.getObservationValueReps() > 0) {
        Type data = obx.getObservationValue(0).getData();
        if (data instanceof Varies v) {
          data = v.getData();
        }
        if (data instanceof CWE cwe) {
          codedValue = coding(CodedElement.of(cwe), Optional.of(CodedElement.SNOMED));
          value = codedValue.isEmpty() ? textOf(CodedElement.of(cwe), cwe.getOriginalText()) : "";
        } else if (data instanceof CE ce) {
          codedValue = coding(CodedElement.of(ce), Optional.of(CodedElement.SNOMED));
          value = codedValue.isEmpty() ? textOf(CodedElement.of(ce), null) : "";
        } else if (data != null && !isDocument(data)) {
          value =
              ObservationValueTypes.TEXT.contains(CodedElement.value(obx.getValueType()))
                  ? textLines(obx)
                  : text(data);
        }
      }
      String flag =
          obx.getAbnormalFlagsReps() > 0 ? CodedElement.value(obx.getAbnormalFlags(0)) : "";
      String line =
          ObservationValueTypes.TEXT.contains(CodedElement.value(obx.getValueType()))
              ? testCoding.get().code()
                  + "|"
                  + subIdGroup(CodedElement.value(obx.getObservationSubID()))
              : null;
      String key =
          testCoding.get().code() + "|" + subIdGroup(CodedElement.value(obx.getObservationSubID()));
      String valueType = CodedElement.value(obx.getValueType());
      boolean restatedIsolate =
          parentSub != null
              && (valueType.equals("CWE") || valueType.equals("CE"))
              && parentSub.equals(subIdGroup(CodedElement.value(obx.getObservationSubID())));
      if (restatedIsolate) {
        continue; // the isolate a susceptibility order restates
      }
      if (line != null && line.equals(resultLine)) {
        // A comment line on the result just before it, under its code and sub-id: part of that
        // result ("Isolate forwarded to CDC"; "HCV RNA detected, below the LLOQ" after <15), kept
        // as a further line of its value, which the trends read where the result says nothing.
        LabResult result = out.remove(out.size() - 1);
        out.add(result.withValue(result.value() + "\n" + value));
        continue;
      }
      if (line != null && line.equals(textLine)) {
        // The next line of a narrative result sent one OBX per line under one sub-id group
        // (MEDITECH's 1.1, 1.2, …): one result, not one per line.
        LabResult first = out.remove(out.size() - 1);
        out.add(first.withValue(first.value() + "\n" + value));
        continue;
      }
      textLine = line;
      resultLine = line == null ? key : null;
      String identity = "";
      if (!orderIdentity.isEmpty()) {
        // Test and sub-id (all of OBX-4: LRI senders send v2.8's OG, ^3^2), numbered when they
        // repeat in the order (two isolates under one OBX-3 without sub-ids), as the lab repeats
        // them in every version.
        String subId = String.join("^", ObservationRules.components(obx.getObservationSubID()));
        String result = testCoding.get().system() + "^" + testCoding.get().code() + "|" + subId;
        if (!subId.replace("^", "").isEmpty()
            && !ObservationValueTypes.TEXT.contains(CodedElement.value(obx.getValueType()))
            && !firstValues.add(result + "|" + ObservationRules.typedValue(obx))) {
          continue; // the same test, sub-id and value again: one observation (OBX4_DUPLICATE)
        }
        // An empty OBX-4 and 1 name the same observation: a correction made on another path (a
        // correction screen, an engine re-formatting) writes one where the original had the other.
        String keyed = subId.equals("1") ? result.substring(0, result.length() - 1) : result;
        int occurrence = seen.merge(keyed, 1, Integer::sum);
        identity = orderIdentity + "|" + keyed + "|" + occurrence;
      }
      out.add(
          new LabResult(
              testCoding.get(),
              codedValue,
              value,
              flag,
              // In capitals: validation accepts "f" as F (with a warning), and so must the trends.
              cancelled
                  ? "X"
                  : CodedElement.value(obx.getObservationResultStatus()).toUpperCase(Locale.ROOT),
              specimenType,
              collected,
              resulted,
              identity,
              CodedElement.value(obx.getReferencesRange())));
    }
  }

  /**
   * Whether the order reports susceptibilities: one of its results carries a susceptibility flag
   * (HL7 table 0078: S, I, R, MS, VS, NS, SDD), as every MIC or disk result does.
   */
  private static boolean susceptibilityOrder(ORU_R01_ORDER_OBSERVATION order) throws HL7Exception {
    for (OBX obx : resultSegments(order)) {
      for (int i = 0; i < obx.getAbnormalFlagsReps(); i++) {
        String flag = CodedElement.value(obx.getAbnormalFlags(i)).toUpperCase(Locale.ROOT);
        if (SUSCEPTIBILITY_FLAGS.contains(flag)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The order's identity across the versions of its results: the filler order number (OBR-3, else
   * ORC-3), which the lab keeps when it sends a final after a preliminary or a correction, else the
   * placer order number (OBR-2, else ORC-2); "" when neither is valued.
   */
  static String orderIdentity(ORU_R01_ORDER_OBSERVATION order) throws HL7Exception {
    OBR obr = order.getOBR();
    // The filler number alone: it is the sending lab's own, and an engine or a correction screen
    // that drops or rewrites its assigning authority between versions must not split the result.
    String filler = fillerNumber(obr.getFillerOrderNumber());
    if (filler.isEmpty()) {
      filler = fillerNumber(order.getORC().getFillerOrderNumber());
    }
    if (!filler.isEmpty()) {
      return "filler|" + filler;
    }
    String placer = entity(obr.getPlacerOrderNumber());
    if (placer.isEmpty()) {
      placer = entity(order.getORC().getPlacerOrderNumber());
    }
    return placer.isEmpty() ? "" : "placer|" + placer;
  }

  /** A filler order number's identifier (EI-1) in capitals, or "" without one. */
  private static String fillerNumber(EI ei) {
    return CodedElement.value(ei.getEntityIdentifier()).strip().toUpperCase(Locale.ROOT);
  }

  /** An entity identifier with its assigning authority, or "" without an identifier. */
  static String entity(EI ei) {
    String id = CodedElement.value(ei.getEntityIdentifier());
    if (id.isEmpty()) {
      return "";
    }
    return id
        + "^"
        + CodedElement.value(ei.getNamespaceID()).toUpperCase(Locale.ROOT)
        + "^"
        + CodedElement.value(ei.getUniversalID()).toUpperCase(Locale.ROOT);
  }

  /**
   * The order's OBX results; when it has none but OBX follow its SPM (the results sent after the
   * specimen, which HAPI files under it), those, as the validator reads them (OBX_AFTER_SPM).
   */
  private static List<OBX> resultSegments(ORU_R01_ORDER_OBSERVATION order) throws HL7Exception {
    List<OBX> out = new ArrayList<>();
    for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
      if (!observation.getOBX().isEmpty()) {
        out.add(observation.getOBX());
      }
    }
    if (out.isEmpty() && ElrValidator.hasSpecimenObservations(order)) {
      for (ORU_R01_SPECIMEN specimen : order.getSPECIMENAll()) {
        out.addAll(specimen.getOBXAll());
      }
    }
    return out;
  }

  /**
   * The text of a coded value sent without a code ({@code ^Detected}, or only CWE-9 original text):
   * what the lab reported, read as a text result rather than lost.
   */
  private static String textOf(CodedElement e, Primitive originalText) {
    if (!e.text().isEmpty()) {
      return e.text();
    }
    if (!e.alternateText().isEmpty()) {
      return e.alternateText();
    }
    return originalText == null ? "" : CodedElement.value(originalText);
  }

  /** A text result's lines: every repetition of OBX-5, its formatting read ({@link TextResult}). */
  private static String textLines(OBX obx) throws HL7Exception {
    List<String> lines = new ArrayList<>(obx.getObservationValueReps());
    for (int i = 0; i < obx.getObservationValueReps(); i++) {
      lines.add(text(obx.getObservationValue(i).getData()));
    }
    return TextResult.lines(lines);
  }

  /**
   * An encapsulated document (ED: a PDF, an image, base64) or a pointer to one (RP): a result
   * without a text value to interpret. Encoding an ED back to ER7 copied and escaped its whole
   * document (megabytes) several times over, for a value nothing reads.
   */
  private static boolean isDocument(Type data) {
    String type = data.getName();
    return "ED".equals(type) || "RP".equals(type);
  }

  /**
   * The group of an OBX-4 sub-id: the part before its last dot ({@code 1.12} → {@code 1}), else all
   * of it. Lines of one narrative share a group; different groups are different observations.
   */
  static String subIdGroup(String subId) {
    int dot = subId.lastIndexOf('.');
    return dot < 0 ? subId.trim() : subId.substring(0, dot).trim();
  }
}
