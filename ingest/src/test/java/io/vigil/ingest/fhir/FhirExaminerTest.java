package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.canonical.Address;
import io.vigil.ingest.canonical.BirthDate;
import io.vigil.ingest.canonical.PatientIdentifier;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FhirExaminerTest {

  @Test
  void mapsABirthDateWithSurroundingBlanksInsteadOfFailing() throws Exception {
    // Accepted by HAPI and FhirDates (which trim) but LocalDate.parse threw in the mapper (a 500).
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    byte[] body =
        lab.replace("\"birthDate\": \"1985-03-15\"", "\"birthDate\": \" 1985-03-15 \"")
            .getBytes(StandardCharsets.UTF_8);
    FhirExamination exam = FhirGoldenTest.EXAMINER.examine(body, FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.report().orElseThrow().patients().get(0).patient().birthDate())
        .contains(BirthDate.day(LocalDate.of(1985, 3, 15)));
  }

  /**
   * A required source endpoint said to be unknown in FHIR's standard way (ReportStream's converter
   * writes it so for an MSH-3 without a URL) is a warning; a missing one is still an error.
   */
  @Test
  void takesASourceEndpointSentAsDataAbsent() throws Exception {
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    String endpoint = "\"endpoint\": \"urn:oid:2.16.840.1.113883.3.1234.1\"";
    assertThat(lab).contains(endpoint);
    FhirExamination absent =
        FhirGoldenTest.EXAMINER.examine(
            lab.replace(
                    endpoint,
                    "\"_endpoint\": {\"extension\": [{\"url\":"
                        + " \"http://hl7.org/fhir/StructureDefinition/data-absent-reason\","
                        + " \"valueCode\": \"unknown\"}]}")
                .getBytes(StandardCharsets.UTF_8),
            FhirOperation.PROCESS_MESSAGE);
    assertThat(absent.disposition()).as(absent.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(absent.findings())
        .extracting(f -> f.code() + "/" + f.severity())
        .contains("MESSAGEHEADER_SOURCE_ENDPOINT_ABSENT/W");
    FhirExamination missing =
        FhirGoldenTest.EXAMINER.examine(
            lab.replaceAll(",\\s*" + java.util.regex.Pattern.quote(endpoint), "")
                .getBytes(StandardCharsets.UTF_8),
            FhirOperation.PROCESS_MESSAGE);
    assertThat(missing.findings())
        .extracting(f -> f.code() + "/" + f.severity())
        .contains("MESSAGEHEADER_SOURCE_MISSING/E");
  }

  @Test
  void takesAnAnimalPatientOutOfTheTrendsAndSaysSo() throws Exception {
    FhirExamination dog =
        examinedAfter(
            patient -> {
              Extension animal = patient.addExtension().setUrl(AnimalPatients.EXTENSION);
              animal
                  .addExtension()
                  .setUrl("species")
                  .setValue(
                      new org.hl7.fhir.r4.model.CodeableConcept()
                          .addCoding(
                              new org.hl7.fhir.r4.model.Coding(
                                  "http://snomed.info/sct", "44696006", "Beagle")));
            });
    assertThat(dog.disposition()).as(dog.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(dog.findings())
        .extracting(f -> f.code() + "/" + f.severity())
        .contains("PATIENT_NOT_HUMAN/I");
    assertThat(dog.report().orElseThrow().patients().get(0).patient().human()).isFalse();
    assertThat(mappedAfter(patient -> {}).human()).isTrue();
  }

  /**
   * What HL7 v2 converters write for a patient whose PID-35 is empty or human (ReportStream: the
   * extension with the species as its own, empty value) names no animal: a person, counted, with a
   * warning. Every such patient was taken out of the trends.
   */
  @Test
  void countsAPatientWhoseAnimalExtensionNamesNoSpecies() throws Exception {
    java.util.List<java.util.function.Consumer<Patient>> shapes =
        java.util.List.of(
            patient -> patient.addExtension().setUrl(AnimalPatients.EXTENSION),
            patient ->
                patient
                    .addExtension()
                    .setUrl(AnimalPatients.EXTENSION)
                    .setValue(new org.hl7.fhir.r4.model.CodeableConcept()),
            patient ->
                patient
                    .addExtension()
                    .setUrl(AnimalPatients.EXTENSION)
                    .setValue(
                        new org.hl7.fhir.r4.model.CodeableConcept()
                            .addCoding(
                                new org.hl7.fhir.r4.model.Coding(
                                    "http://snomed.info/sct", "337915000", "Homo sapiens"))));
    for (int i = 0; i < shapes.size(); i++) {
      FhirExamination exam = examinedAfter(shapes.get(i));
      assertThat(exam.findings())
          .as("shape %d", i)
          .extracting(f -> f.code())
          .doesNotContain("PATIENT_NOT_HUMAN");
      assertThat(exam.report().orElseThrow().patients().get(0).patient().human())
          .as("shape %d", i)
          .isTrue();
    }
    FhirExamination unknown =
        examinedAfter(
            patient ->
                patient
                    .addExtension()
                    .setUrl(AnimalPatients.EXTENSION)
                    .setValue(new org.hl7.fhir.r4.model.CodeableConcept().setText("unknown")));
    assertThat(unknown.findings())
        .extracting(f -> f.code() + "/" + f.severity())
        .contains("PATIENT_SPECIES_NOT_READ/W");
    assertThat(unknown.report().orElseThrow().patients().get(0).patient().human()).isTrue();
  }

  @Test
  void readsAPlaceholderBirthDateAsUnknownAndSaysSo() throws Exception {
    FhirExamination exam =
        examinedAfter(patient -> patient.setBirthDateElement(new DateType("1900-01-01")));
    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings())
        .extracting(f -> f.code() + "/" + f.severity())
        .contains("PATIENT_BIRTHDATE_PLACEHOLDER/W");
    assertThat(exam.report().orElseThrow().patients().get(0).patient().birthDate()).isEmpty();
  }

  @Test
  void takesTheSenderOfABundleThatNamesNoneFromTheClientsCredentials() throws Exception {
    byte[] body =
        labMessageAfter(
            bundle ->
                bundle.getEntry().stream()
                    .map(e -> e.getResource())
                    .filter(Organization.class::isInstance)
                    .forEach(o -> ((Organization) o).getIdentifier().clear()));

    // From a client the hub knows no facility of: nothing to key the sender and its resends by.
    FhirExamination unnamed = FhirGoldenTest.EXAMINER.examine(body, FhirOperation.PROCESS_MESSAGE);
    assertThat(unnamed.findings())
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("SENDER_MISSING", Severity.E, "Bundle.entry[0].resource.sender"));
    assertThat(unnamed.disposition()).isEqualTo(Disposition.ERROR);
    assertThat(unnamed.facilityId()).isEmpty();

    // From a client whose token names its sender: that sender's facility, warned of.
    FhirExamination named =
        FhirGoldenTest.EXAMINER.examine(body, FhirOperation.PROCESS_MESSAGE, "05D9999999");
    assertThat(named.findings())
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("SENDER_MISSING", Severity.W));
    assertThat(named.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(named.facilityId()).isEqualTo("05D9999999");
    assertThat(named.report()).isPresent();

    // A Bundle that names its sender keeps it, whatever the credentials say (the intake then
    // checks the two agree).
    FhirExamination own =
        FhirGoldenTest.EXAMINER.examine(
            FhirGoldenTest.fixture("lab_message"), FhirOperation.PROCESS_MESSAGE, "05D9999999");
    assertThat(own.facilityId()).isEqualTo("05D0000001");
    assertThat(own.findings()).isEmpty();
  }

  /** The Patient's names as {@code use:family}, and the family name the person key uses. */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "old:Former,official:Testpatient; Testpatient",
        "nickname:Nick,:Testpatient; Testpatient",
        "usual:Usual,official:Testpatient; Testpatient",
        "maiden:Maiden; Maiden",
        "old:Former; ''"
      })
  void linksThePersonUnderTheirOfficialName(String names, String family) throws Exception {
    io.vigil.ingest.canonical.Patient mapped =
        mappedAfter(
            patient -> {
              patient.getName().clear();
              for (String n : names.split(",")) {
                String[] useFamily = n.split(":", -1);
                HumanName name = patient.addName().setFamily(useFamily[1]).addGiven("Alice");
                if (!useFamily[0].isEmpty()) {
                  name.setUse(HumanName.NameUse.fromCode(useFamily[0]));
                }
              }
            });

    assertThat(mapped.familyName()).isEqualTo(family);
  }

  /** Patient.birthDate as sent, and the span of days the patient may have been born on. */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "1985-03-15; 1985-03-15..1985-03-15",
        "1985-03; 1985-03-01..1985-03-31",
        "1985; 1985-01-01..1985-12-31"
      })
  void keepsABirthDateGivenOnlyToTheMonthOrYear(String birthDate, String span) throws Exception {
    io.vigil.ingest.canonical.Patient mapped =
        mappedAfter(patient -> patient.setBirthDateElement(new DateType(birthDate)));

    assertThat(mapped.birthDate().map(b -> b.earliest() + ".." + b.latest())).contains(span);
  }

  /**
   * The Patient's addresses as {@code use:zip} (no use: none; no zip: a blank address), and the ZIP
   * of the one the report is counted under ("" for none): the HL7 v2 mapper's rules.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "old:60601,home:62701; 62701",
        "billing:61602,:62701; 62701",
        "work:61602; 61602",
        ":,temp:62701; 62701",
        "home:61602,home:62701; 61602",
        "old:60601; ''"
      })
  void countsThePatientWhereTheyLive(String addresses, String zip) throws Exception {
    io.vigil.ingest.canonical.Patient mapped =
        mappedAfter(
            patient -> {
              patient.getAddress().clear();
              for (String a : addresses.split(",")) {
                String[] useZip = a.split(":", -1);
                org.hl7.fhir.r4.model.Address address = patient.addAddress();
                if (!useZip[0].isEmpty()) {
                  address.setUse(org.hl7.fhir.r4.model.Address.AddressUse.fromCode(useZip[0]));
                }
                if (!useZip[1].isEmpty()) {
                  address.setCity("Springfield").setState("IL").setPostalCode(useZip[1]);
                }
              }
            });

    Optional<Address> counted = mapped.address();
    assertThat(counted.map(Address::postalCode).orElse("")).isEqualTo(zip);
  }

  /**
   * The patient the golden lab message maps to after {@code change} to its Patient resource; the
   * changed Bundle must still be accepted.
   */
  /**
   * A former address listed first, closed by its period rather than by use "old": the current one
   * places the patient (the report was counted in the state the patient had left).
   */
  @Test
  void placesThePatientAtTheAddressWhosePeriodHasNotEnded() throws Exception {
    io.vigil.ingest.canonical.Patient p =
        mappedAfter(
            patient ->
                patient
                    .getAddress()
                    .add(
                        0,
                        new org.hl7.fhir.r4.model.Address()
                            .setUse(org.hl7.fhir.r4.model.Address.AddressUse.HOME)
                            .setCity("Reno")
                            .setState("NV")
                            .setPostalCode("89501")
                            .setPeriod(
                                new org.hl7.fhir.r4.model.Period()
                                    .setEndElement(
                                        new org.hl7.fhir.r4.model.DateTimeType("2015-01-01")))));
    assertThat(p.address().orElseThrow().state()).isNotEqualTo("NV");
  }

  private static io.vigil.ingest.canonical.Patient mappedAfter(Consumer<Patient> change)
      throws Exception {
    FhirExamination exam = examinedAfter(change);
    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    return exam.report().orElseThrow().patients().get(0).patient();
  }

  private static FhirExamination examinedAfter(Consumer<Patient> change) throws Exception {
    byte[] body =
        labMessageAfter(
            bundle ->
                change.accept(
                    bundle.getEntry().stream()
                        .map(e -> e.getResource())
                        .filter(Patient.class::isInstance)
                        .map(Patient.class::cast)
                        .findFirst()
                        .orElseThrow()));
    return FhirGoldenTest.EXAMINER.examine(body, FhirOperation.PROCESS_MESSAGE);
  }

  /** The golden lab message Bundle after {@code change}, encoded. */
  private static byte[] labMessageAfter(Consumer<Bundle> change) throws Exception {
    Bundle bundle =
        Fhir.context()
            .newJsonParser()
            .parseResource(
                Bundle.class,
                new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
    change.accept(bundle);
    return Fhir.context()
        .newJsonParser()
        .encodeResourceToString(bundle)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * ReportStream names a patient identifier's assigning authority by a reference to an Organization
   * in the Bundle, with neither system nor type: its identifier is the authority, and the
   * identifier is not one "without system or type".
   */
  @Test
  void takesTheAuthorityOfAnIdentifierFromTheOrganizationItsAssignerNames() throws Exception {
    FhirExamination exam =
        examinedAfter(
            patient -> {
              patient.getIdentifier().clear();
              patient
                  .addIdentifier()
                  .setValue("MRN12345")
                  .setAssigner(new Reference("urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0001"));
            });
    assertThat(exam.findings()).extracting(Finding::code).isEmpty();
    assertThat(exam.report().orElseThrow().patients().get(0).patient().identifiers())
        .extracting(PatientIdentifier::value, PatientIdentifier::assigningAuthority)
        .containsExactly(tuple("MRN12345", "05D0000001"));
  }

  static final String ABSENT =
      "{\"extension\": [{\"url\":"
          + " \"http://hl7.org/fhir/StructureDefinition/data-absent-reason\", \"valueCode\":"
          + " \"unknown\"}]}";

  /**
   * A primitive sent with only an extension (FHIR's way to say why a value is absent) has {@code
   * hasX()} true and a null value: code that trusted {@code hasX()} threw NullPointerException.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "lab_message|\"value\": \"05D0000001\"|\"_value\": ABSENT",
        "lab_message|\"value\": \"LAB20261120-0001\"|\"_value\": ABSENT",
        "lab_message|\"reference\": \"urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0002\"|\"_reference\": ABSENT",
        "lab_message|\"gender\": \"female\"|\"_gender\": ABSENT",
        "lab_message|\"valueCodeableConcept\": {|\"valueQuantity\": {\"_value\": ABSENT},"
            + " \"note\": {",
        "immunization_message|\"status\": \"completed\"|\"status\": \"completed\","
            + " \"_isSubpotent\": ABSENT"
      })
  void readsAPrimitiveWithOnlyAnExtensionAsAbsent(String mutation) throws Exception {
    String[] m = mutation.split("\\|");
    String original = new String(FhirGoldenTest.fixture(m[0]), StandardCharsets.UTF_8);
    String body = original.replace(m[1], m[2].replace("ABSENT", ABSENT));
    assertThat(body).isNotEqualTo(original);
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            body.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).isNotEqualTo(Disposition.REJECT);
    FhirResponses.render(
        exam,
        FhirResponses.ackCode(exam.disposition()),
        java.util.UUID.randomUUID(),
        FhirGoldenTest.CLOCK.instant(),
        "urn:vigil:hub");
  }

  /**
   * A dose dated to its month, or in words (occurrenceString, which FHIR allows for a dose the
   * patient reports): stored with a warning, on no day of the trends. The words were an error that
   * refused the whole Bundle and every other dose in it.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"occurrenceDateTime\": \"2026-11\"|IMMUNIZATION_OCCURRENCE_IMPRECISE",
        "\"occurrenceString\": \"Fall 2019, per patient\"|IMMUNIZATION_OCCURRENCE_TEXT"
      })
  void anImmunizationWithoutADayIsStoredNotCounted(String occurrence, String code)
      throws Exception {
    String body =
        new String(FhirGoldenTest.fixture("immunization_message"), StandardCharsets.UTF_8)
            .replace("\"occurrenceDateTime\": \"2026-11-18T10:00:00-05:00\"", occurrence);
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            body.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings()).extracting(f -> f.code()).containsExactly(code);
    assertThat(exam.report().orElseThrow().patients().get(0).immunizations().get(0).administered())
        .isEmpty();
  }

  /**
   * A pharmacy's vaccineCode with its own code first and the NDC after it, no CVX: the dose's
   * vaccine is the NDC, which the de-identifier reads through CDC's crosswalk (FluMist, CVX 149).
   */
  @Test
  void anImmunizationCodedByNdcOnlyKeepsTheNdc() throws Exception {
    String body =
        new String(FhirGoldenTest.fixture("immunization_message"), StandardCharsets.UTF_8)
            .replace("\"code\": \"208\"", "\"code\": \"66019-0302-10\"")
            .replace("http://hl7.org/fhir/sid/cvx", "http://hl7.org/fhir/sid/ndc")
            .replaceFirst(
                "(\"vaccineCode\":\\s*\\{\\s*\"coding\":\\s*\\[)",
                "$1 {\"system\": \"urn:oid:2.16.840.1.113883.3.9999\", \"code\": \"FLUMIST\"},");
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            body.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.findings()).extracting(f -> f.code()).containsExactly("VACCINE_NO_CVX");
    // The sender is told how the dose counts: as the crosswalk's CVX, not under OTHER.
    assertThat(exam.findings().get(0).message())
        .contains("NDC crosswalk")
        .contains("counted as CVX 149");
    io.vigil.ingest.canonical.Coding vaccine =
        exam.report().orElseThrow().patients().get(0).immunizations().get(0).vaccine();
    assertThat(vaccine.system()).isEqualTo("http://hl7.org/fhir/sid/ndc");
    assertThat(io.vigil.ingest.validation.VaccineCrosswalk.bundled().cvxOf(vaccine))
        .contains("149");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"banana\"", "5", "true"})
  void refusesAnUnknownBundleTypeInsteadOfFailing(String type) throws Exception {
    // An unknown code left Bundle.type present without a value: getType().toCode() threw NPE.
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    byte[] body = lab.replaceFirst("\"type\": \"message\"", "\"type\": " + type).getBytes();
    for (FhirOperation op : FhirOperation.values()) {
      FhirExamination exam = FhirGoldenTest.EXAMINER.examine(body, op);
      assertThat(exam.disposition()).isEqualTo(Disposition.REJECT);
      assertThat(exam.messageType()).isEqualTo("Bundle/");
      assertThat(exam.findings())
          .filteredOn(Finding::isError)
          .extracting(Finding::code)
          .first()
          .isEqualTo("BUNDLE_TYPE_UNKNOWN");
    }
  }
}
