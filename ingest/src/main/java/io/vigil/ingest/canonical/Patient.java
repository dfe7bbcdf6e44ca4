package io.vigil.ingest.canonical;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A patient's demographics as reported. This is PHI: it is used only to derive the de-identified
 * person key, age band, sex and jurisdiction, and never leaves the system of record.
 *
 * @param identifiers identifiers (PID-3 / Patient.identifier), first is the primary one
 * @param familyName family name of the first name given ("" when none)
 * @param givenName first given name ("" when none)
 * @param birthDate birth date, as precise as given (a day, a month or a year)
 * @param sex administrative sex: {@code F}, {@code M}, {@code O} or {@code U}
 * @param address the first (home) address, when given
 * @param human false when the report names another species (PID-35: animal rabies testing); such a
 *     patient is not counted in the trends
 */
public record Patient(
    List<PatientIdentifier> identifiers,
    String familyName,
    String givenName,
    Optional<BirthDate> birthDate,
    String sex,
    Optional<Address> address,
    boolean human) {

  /** A human patient. */
  public Patient(
      List<PatientIdentifier> identifiers,
      String familyName,
      String givenName,
      Optional<BirthDate> birthDate,
      String sex,
      Optional<Address> address) {
    this(identifiers, familyName, givenName, birthDate, sex, address, true);
  }

  public Patient {
    identifiers = List.copyOf(identifiers);
    Objects.requireNonNull(familyName, "familyName");
    Objects.requireNonNull(givenName, "givenName");
    Objects.requireNonNull(birthDate, "birthDate");
    Objects.requireNonNull(sex, "sex");
    Objects.requireNonNull(address, "address");
  }

  /** This patient born as {@code born} says (a stated age's span where no birth date was sent). */
  public Patient withBirthDate(Optional<BirthDate> born) {
    return new Patient(identifiers, familyName, givenName, born, sex, address, human);
  }

  /**
   * Maps HL7 table 0001 (F, M, O, U, A, N) or FHIR administrative-gender (female, male, other,
   * unknown) onto {@code F/M/O/U}.
   */
  public static String sexOf(String code) {
    if (code == null) {
      return "U";
    }
    return switch (code.trim().toUpperCase(java.util.Locale.ROOT)) {
      case "F", "FEMALE" -> "F";
      case "M", "MALE" -> "M";
      case "O", "A", "OTHER" -> "O";
      default -> "U";
    };
  }
}
