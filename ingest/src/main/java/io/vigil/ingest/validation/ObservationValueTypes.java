package io.vigil.ingest.validation;

import java.util.Set;

/**
 * Agreement between the parser, the OBX rules and the mapping about OBX-2. HAPI cannot parse an
 * OBX-5 without a value type and, when given a default type, writes it into OBX-2; so the parser's
 * default is a sentinel that HL7 table 0125 never allows in OBX-2, and the rules report it as
 * "OBX-2 missing".
 */
public final class ObservationValueTypes {

  /** Narrative text types: senders split a narrative one line per OBX, blank lines included. */
  public static final Set<String> TEXT = Set.of("ST", "TX", "FT");

  /** GTS (general timing specification): a real v2.5.1 primitive, never a valid OBX-2 value. */
  public static final String MISSING_VALUE_TYPE_SENTINEL = "GTS";

  private ObservationValueTypes() {}
}
