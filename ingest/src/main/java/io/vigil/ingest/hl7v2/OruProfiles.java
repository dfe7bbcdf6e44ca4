package io.vigil.ingest.hl7v2;

import io.vigil.ingest.validation.SafeText;
import java.util.Locale;
import java.util.Optional;

/**
 * What an {@code ORU^R01}'s message profiles (MSH-21) say it is, where that is not a lab report.
 * The ELR route carries other ORU^R01 messages: a health department's case notification to CDC
 * (NNDSS, {@code NOTF_ORU_v3.0} with its message mapping guides such as {@code Generic_MMG_V2.0})
 * and a cancer registry's pathology report (NAACCR Volume V). Taken as lab reports, the copy of a
 * lab result inside a notification was counted a second time, under the pseudonymised case as
 * another person. A profile the hub does not know, or none, is read as ELR as before; a message
 * that also names an ELR profile is a lab report.
 */
final class OruProfiles {

  private OruProfiles() {}

  /**
   * The kind of message {@code h}'s MSH-21 names when it is not a lab report (for the finding's
   * text: "a case notification to CDC (NNDSS)"), with the first such profile quoted; else empty.
   */
  static Optional<String> notLabReport(MessageHeader h) {
    if (h.messageProfiles().isEmpty()) {
      return Optional.empty();
    }
    Delimiters d = Delimiters.of(h.fieldSeparator(), h.encodingCharacters());
    String kind = null;
    String named = null;
    for (String repetition : Er7.split(h.messageProfiles(), d.repetition())) {
      String id = Er7.piece(repetition, d.component(), 0).strip();
      String upper = id.toUpperCase(Locale.ROOT);
      String namespace = Er7.piece(repetition, d.component(), 1).strip().toUpperCase(Locale.ROOT);
      String oid = Er7.piece(repetition, d.component(), 2).strip();
      if (upper.startsWith("PHLABREPORT")
          || upper.contains("ELR")
          || upper.startsWith("LRI")
          || ELR_OIDS.matcher(oid).matches()) {
        return Optional.empty();
      }
      String k =
          namespace.equals("PHINMSGMAPID") || oid.equals(MESSAGE_MAPPING_GUIDES)
              ? NOTIFICATION
              : kind(upper);
      if (k != null && kind == null) {
        kind = k;
        named = id;
      }
    }
    return kind == null ? Optional.empty() : Optional.of(kind + SafeText.quote(named));
  }

  private static final String NOTIFICATION = "a case notification to CDC (NNDSS)";

  /** PHIN's message mapping guides (namespace PHINMsgMapID): every one is a notification's. */
  private static final String MESSAGE_MAPPING_GUIDES = "2.16.840.1.114222.4.10.4";

  /** ELR 2.5.1's profiles (2.16.840.1.113883.9.10, .11) and LRI's components (.12 to .19). */
  private static final java.util.regex.Pattern ELR_OIDS =
      java.util.regex.Pattern.compile("2\\.16\\.840\\.1\\.113883\\.9\\.1\\d");

  /** A message mapping guide's name: {@code Generic_MMG_V2.0}, {@code STD_MMG_V1.0}. */
  private static final java.util.regex.Pattern MMG =
      java.util.regex.Pattern.compile(".*_MMG_V\\d.*");

  private static String kind(String id) {
    if (id.startsWith("NOTF_ORU")
        || id.startsWith("NND_ORU")
        || MMG.matcher(id).matches()
        || id.contains("CASE_MAP")) {
      return NOTIFICATION;
    }
    if (id.contains("NAACCR") || id.startsWith("VOL_V_")) {
      return "a cancer pathology report (NAACCR Volume V)";
    }
    return null;
  }
}
