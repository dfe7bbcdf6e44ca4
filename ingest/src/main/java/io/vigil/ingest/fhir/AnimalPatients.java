package io.vigil.ingest.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;

/**
 * A Patient that is an animal: FHIR R4 marks one with the core extension {@code patient-animal}
 * (its species in the sub-extension {@code species}), as HL7 v2 does with PID-35. Its results must
 * not enter the trends as a person's. A species of SNOMED CT 337915000 <i>Homo sapiens</i> is
 * human.
 */
final class AnimalPatients {
  static final String EXTENSION = "http://hl7.org/fhir/StructureDefinition/patient-animal";
  private static final String HOMO_SAPIENS = "337915000";

  private AnimalPatients() {}

  static boolean isAnimal(Patient p) {
    Extension animal = p.getExtensionByUrl(EXTENSION);
    if (animal == null) {
      return false;
    }
    Extension species = animal.getExtensionByUrl("species");
    if (species != null && species.getValue() instanceof CodeableConcept cc) {
      return cc.getCoding().stream().noneMatch(c -> HOMO_SAPIENS.equals(c.getCode()));
    }
    return true;
  }
}
