package io.vigil.ingest.hl7v2;

import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Segments whose id is no HL7 v2 segment at all: a mistyped id ({@code 0BX}, {@code QBX}) or a line
 * of a value broken by a line break that happens to begin like a segment ({@code POS|…}). HAPI
 * keeps such a segment apart and reads nothing of it, so a result, a dose or part of a comment was
 * dropped without a word. A warning names each one; segments of any HL7 version (senders pre-adopt
 * {@code PRT}, v2.7's participation) and Z-segments are read as they always were and are not warned
 * about.
 */
final class UnknownSegments {

  /**
   * The segment ids of HL7 v2.1 to v2.9: HAPI's v2.5.1 model, the v2.8.2 list of every segment
   * (hl7apy's {@code ANYHL7SEGMENT}), and the few added or withdrawn around them.
   */
  private static final String[] KNOWN =
      (""
              + " ABS ACC ADD ADJ AFF AIG AIL AIP AIS AL1 APR ARQ ARV AUT BHS BLC BLG BPO BPX"
              + " BTS BTX BUI CDM CDO CER CM0 CM1 CM2 CNS CON CSP CSR CSS CTD CTI DB1 DG1 DMI"
              + " DON DPS DRG DSC DSP ECD ECR EDU EQL EQP EQU ERQ ERR EVN FAC FHS FT1 FTS GOL"
              + " GP1 GP2 GSC GSP GSR GT1 IAM IAR IIM ILT IN1 IN2 IN3 INV IPC IPR ISD ITM IVC"
              + " IVT LAN LCC LCH LDP LOC LRL MCP MFA MFE MFI MRG MSA MSH NCK NDS NK1 NPU NSC"
              + " NST NTE OBR OBX ODS ODT OH1 OH2 OH3 OH4 OM1 OM2 OM3 OM4 OM5 OM6 OM7 OMC ORC"
              + " ORG ORO OVR PAC PCE PCR PD1 PDA PDC PEO PES PID PKG PM1 PMT PR1 PRA PRB PRC"
              + " PRD PRT PSG PSH PSL PSS PTH PV1 PV2 PYE QAK QID QPD QRD QRF QRI RCP RDF RDT"
              + " REL RF1 RFI RGS RMI ROL RQ1 RQD RX1 RXA RXC RXD RXE RXG RXO RXR RXV SAC SCD"
              + " SCH SCP SDD SFT SGH SGT SHP SID SLT SPM SPR STF STZ TCC TCD TQ1 TQ2 TXA UAC"
              + " UB1 UB2 URD URS VAR VND VTQ")
          .trim()
          .split(" ");

  /** Segments the hub reads, for naming the one a mistyped id was probably meant to be. */
  private static final List<String> READ = List.copyOf(RunOnSegments.DEFINED_FIELDS.keySet());

  /** At most this many warnings: the first few say what is wrong. */
  private static final int MAX_FINDINGS = 10;

  /** {@link #KNOWN} packed as {@link RunOnSegments#packed} reads an id: no copy per segment. */
  private static final int[] PACKED_KNOWN =
      Arrays.stream(KNOWN).mapToInt(id -> RunOnSegments.packed(id, 0)).sorted().toArray();

  private UnknownSegments() {}

  /** A warning per segment of {@code text} (separated by CR) whose id no HL7 version defines. */
  static List<Finding> find(String text, char fieldSeparator) {
    List<Finding> findings = List.of();
    Map<String, Integer> seen = null;
    for (int start = 0; start >= 0 && start + 3 < text.length(); ) {
      if (text.charAt(start + 3) == fieldSeparator && !known(text, start)) {
        String id = text.substring(start, start + 3);
        if (seen == null) {
          seen = new HashMap<>();
          findings = new ArrayList<>();
        }
        int n = seen.merge(id, 1, Integer::sum);
        if (findings.size() < MAX_FINDINGS) {
          findings.add(finding(id, n));
        }
      }
      int end = text.indexOf('\r', start);
      start = end < 0 ? -1 : end + 1;
    }
    return findings;
  }

  /** Whether the id at {@code start} is a segment of some HL7 version or a Z-segment. */
  private static boolean known(String text, int start) {
    char first = text.charAt(start);
    if (first == 'Z' || first == 'z') {
      return true; // site-defined: a sender's own segment, which receivers skip by agreement
    }
    for (int i = start; i < start + 3; i++) {
      if (text.charAt(i) > 0x7F) {
        return false; // no segment id: and wider characters would overlap in the packed int
      }
    }
    return Arrays.binarySearch(PACKED_KNOWN, RunOnSegments.packed(text, start)) >= 0;
  }

  private static Finding finding(String id, int n) {
    String at = id + "(" + n + ")";
    String meant = meant(id);
    return Finding.warning(
        "SEGMENT_UNKNOWN",
        100,
        at,
        "'"
            + id
            + "' is not an HL7 segment id"
            + (meant.isEmpty() ? "" : " (" + meant + " mistyped?)")
            + ": the segment "
            + at
            + " was not read, nor anything in it; if it is the next line of a value after a line"
            + " break, escape the break as \\.br\\");
  }

  /** The one segment the hub reads that differs from {@code id} in a single character, if any. */
  private static String meant(String id) {
    String meant = "";
    for (String candidate : READ) {
      int differences = 0;
      for (int i = 0; i < 3; i++) {
        if (Character.toUpperCase(id.charAt(i)) != candidate.charAt(i)) {
          differences++;
        }
      }
      if (differences == 1) {
        if (!meant.isEmpty()) {
          return ""; // two near ids: naming either would be a guess
        }
        meant = candidate;
      }
    }
    return meant;
  }
}
