package io.vigil.ingest.fhir;

import io.vigil.ingest.validation.Species;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Type;

/**
 * A Patient that is an animal: FHIR R4 marks one with the core extension {@code patient-animal}
 * (its species in the sub-extension {@code species}), as HL7 v2 does with PID-35. Its results must
 * not enter the trends as a person's. Only a species that is given counts: a coded species other
 * than <i>Homo sapiens</i> (SNOMED CT 337915000, NCBI taxonomy 9606), or a text naming an animal.
 * The extension without a species, or with an empty one, is what HL7 v2 converters write for every
 * patient whose PID-35 is empty (ReportStream's, sending the species as the extension's own value):
 * that patient is a person, {@link Species.Reading#UNREAD}.
 */
final class AnimalPatients {
  static final String EXTENSION = "http://hl7.org/fhir/StructureDefinition/patient-animal";
  private static final Set<String> HUMAN = Set.of("337915000", "9606");

  private AnimalPatients() {}

  static boolean isAnimal(Patient p) {
    return read(p) == Species.Reading.ANIMAL;
  }

  /** How the patient's {@code patient-animal} extension reads; HUMAN without one. */
  static Species.Reading read(Patient p) {
    Extension animal = p.getExtensionByUrl(EXTENSION);
    if (animal == null) {
      return Species.Reading.HUMAN;
    }
    Extension species = animal.getExtensionByUrl("species");
    Type value = species != null ? species.getValue() : animal.getValue();
    if (!(value instanceof CodeableConcept cc) || cc.isEmpty()) {
      return Species.Reading.UNREAD;
    }
    boolean coded = false;
    for (Coding c : cc.getCoding()) {
      if (HUMAN.contains(c.getCode()) || isHumanText(c.getDisplay())) {
        return Species.Reading.HUMAN;
      }
      coded |= c.hasCode();
    }
    if (isHumanText(cc.getText())) {
      return Species.Reading.HUMAN;
    }
    boolean named =
        Species.namesAnAnimal(cc.getText())
            || cc.getCoding().stream().anyMatch(c -> Species.namesAnAnimal(c.getDisplay()));
    return coded || named ? Species.Reading.ANIMAL : Species.Reading.UNREAD;
  }

  private static boolean isHumanText(String text) {
    if (text == null) {
      return false;
    }
    String t = text.strip().toUpperCase(Locale.ROOT);
    return t.equals("HUMAN") || t.startsWith("HOMO SAPIENS");
  }
}
