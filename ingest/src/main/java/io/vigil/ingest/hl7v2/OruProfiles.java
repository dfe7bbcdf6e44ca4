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
      if (upper.startsWith("PHLABREPORT") || upper.contains("ELR") || upper.startsWith("LRI")) {
        return Optional.empty();
      }
      String k = kind(upper);
      if (k != null && kind == null) {
        kind = k;
        named = id;
      }
    }
    return kind == null ? Optional.empty() : Optional.of(kind + SafeText.quote(named));
  }

  private static String kind(String id) {
    if (id.startsWith("NOTF_ORU")
        || id.startsWith("NND_ORU")
        || id.contains("_MMG")
        || id.startsWith("GEN_CASE_MAP")) {
      return "a case notification to CDC (NNDSS)";
    }
    if (id.contains("NAACCR") || id.startsWith("VOL_V_")) {
      return "a cancer pathology report (NAACCR Volume V)";
    }
    return null;
  }
}
