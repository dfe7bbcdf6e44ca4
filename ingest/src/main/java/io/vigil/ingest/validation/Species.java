package io.vigil.ingest.validation;

import ca.uhn.hl7v2.model.v251.segment.PID;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The patient's species (PID-35). The ELR guide carries animal testing (rabies, zoonoses) on the
 * same feed as human results, naming the species in PID-35 ({@code 44696006^Beagle^SCT}); such a
 * patient must not enter the human trends as a person. Only a species that is named counts: a
 * SNOMED CT code other than 337915000 <i>Homo sapiens</i>, or a text that names an animal. An empty
 * PID-35 is a human patient, as are 337915000 and the words "human" and "Homo sapiens"; so is a
 * value that names no species (an engine's local number, a null flavour, a stray letter from an
 * older PID relabelled 2.5.1), which is {@link Reading#UNREAD} and told to the sender.
 */
public final class Species {
  private static final Set<String> HUMAN =
      Set.of("337915000", "9606", "HUMAN", "HOMO SAPIENS", "HOMO SAPIENS (ORGANISM)");

  /** Words that name an animal in a species' text (the ELR guide's rabies and zoonoses cases). */
  private static final Pattern ANIMAL_WORDS =
      Pattern.compile(
          "\\b(ANIMAL|DOGS?|CANINE|BEAGLE|CATS?|FELINE|BATS?|RACCOONS?|SKUNKS?|FOX(ES)?|COYOTES?"
              + "|WOLF|CATTLE|COWS?|BOVINE|CALF|HORSES?|EQUINE|GOATS?|CAPRINE|SHEEP|OVINE|PIGS?"
              + "|SWINE|PORCINE|BIRDS?|AVIAN|CHICKENS?|POULTRY|DUCKS?|RABBITS?|RODENTS?|MICE|MOUSE"
              + "|RATS?|SQUIRRELS?|GROUNDHOGS?|WOODCHUCKS?|OPOSSUMS?|DEER|MONKEYS?|PRIMATE|FERRETS?"
              + "|HAMSTERS?|GUINEA PIG|LLAMAS?|ALPACAS?|CAMELS?)\\b");

  /** How PID-35 reads. */
  public enum Reading {
    /** Empty, or a human species. */
    HUMAN,
    /** A named species that is not human. */
    ANIMAL,
    /** A value that names no species; read as a human patient. */
    UNREAD
  }

  private Species() {}

  /** Whether the patient of this PID is not a human being. */
  public static boolean notHuman(PID pid) {
    return read(CodedElement.of(pid.getSpeciesCode())) == Reading.ANIMAL;
  }

  /** How a species value reads. */
  public static Reading read(CodedElement species) {
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
        return Reading.HUMAN;
      }
      any |= !value.isEmpty();
    }
    if (!any) {
      return Reading.HUMAN;
    }
    boolean coded = species.codeIn(CodedElement.SNOMED).filter(SnomedId::isValid).isPresent();
    if (coded
        || namesAnAnimal(species.text())
        || namesAnAnimal(species.alternateText())
        || namesAnAnimal(species.identifier())) {
      return Reading.ANIMAL;
    }
    return Reading.UNREAD;
  }

  /** Whether a species' text names an animal ("Dog", "Bat, big brown", "Bovine"). */
  public static boolean namesAnAnimal(String text) {
    return text != null && ANIMAL_WORDS.matcher(text.toUpperCase(Locale.ROOT)).find();
  }
}
