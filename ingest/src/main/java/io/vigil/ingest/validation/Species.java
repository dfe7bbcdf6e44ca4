package io.vigil.ingest.validation;

import ca.uhn.hl7v2.model.v251.segment.PID;
import java.util.Locale;
import java.util.Set;

/**
 * The patient's species (PID-35). The ELR guide carries animal testing (rabies, zoonoses) on the
 * same feed as human results, naming the species in PID-35 ({@code 44696006^Beagle^SCT}); such a
 * patient must not enter the human trends as a person. An empty PID-35 is a human patient, as are
 * SNOMED CT 337915000 <i>Homo sapiens</i> and the words "human" and "Homo sapiens" in either
 * triplet. Any other value is taken at its word.
 */
public final class Species {
  private static final Set<String> HUMAN =
      Set.of("337915000", "HUMAN", "HOMO SAPIENS", "HOMO SAPIENS (ORGANISM)");

  private Species() {}

  /** Whether the patient of this PID is not a human being. */
  public static boolean notHuman(PID pid) {
    CodedElement species = CodedElement.of(pid.getSpeciesCode());
    boolean any = false;
    for (String part :
        new String[] {
          species.identifier(),
          species.text(),
          species.alternateIdentifier(),
          species.alternateText()
        }) {
      String value = part.strip();
      if (HUMAN.contains(value.toUpperCase(Locale.ROOT))) {
        return false;
      }
      any |= !value.isEmpty();
    }
    return any;
  }
}
