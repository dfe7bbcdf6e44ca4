package io.vigil.ingest.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import io.vigil.ingest.hl7v2.TestMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Hl7v2ReportMapperTest {
  static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));

  static CanonicalReport report(String resource) throws IOException {
    try (InputStream in = Hl7v2ReportMapperTest.class.getResourceAsStream(resource)) {
      return reportOf(in.readAllBytes());
    }
  }

  static CanonicalReport reportOf(String message) {
    return reportOf(message.getBytes(StandardCharsets.UTF_8));
  }

  private static CanonicalReport reportOf(byte[] message) {
    Examination exam = EXAMINER.examine(message);
    assertThat(exam.disposition()).as("%s", exam.findings()).isEqualTo(Disposition.ACCEPT);
    return exam.report().orElseThrow();
  }

  @Test
  void mapsAnElrResultWithItsPatientSpecimenAndReferenceInstants() throws IOException {
    CanonicalReport r = report("/hl7v2/oru_r01/covid_pcr_positive.hl7");
    assertThat(r.kind()).isEqualTo(ReportKind.LAB);
    assertThat(r.senderFacility()).isEqualTo("05D0000001");
    assertThat(r.messageCreated())
        .contains(
            new ReferenceInstant(
                Instant.parse("2026-11-20T19:30:05Z"),
                "MSH-7",
                Optional.of(LocalDate.of(2026, 11, 20))));
    PatientReport p = r.patients().get(0);
    assertThat(p.patient().familyName()).isEqualTo("Testpatient");
    assertThat(p.patient().givenName()).isEqualTo("Alice");
    assertThat(p.patient().birthDate()).contains(BirthDate.day(LocalDate.of(1985, 3, 15)));
    assertThat(p.patient().sex()).isEqualTo("F");
    assertThat(p.patient().identifiers().get(0))
        .isEqualTo(new PatientIdentifier("MRN12345", "05D0000001", "MR"));
    assertThat(p.patient().address())
        .contains(new Address("123 Main St", "Springfield", "IL", "62701", "17167", "USA"));
    LabResult result = p.labResults().get(0);
    assertThat(result.test().system()).isEqualTo(Coding.LOINC);
    assertThat(result.test().code()).isEqualTo("94500-6");
    assertThat(result.codedValue()).contains(new Coding(Coding.SNOMED, "260373001", "Detected"));
    assertThat(result.status()).isEqualTo("F");
    assertThat(result.specimenType().map(Coding::code)).contains("258500001");
    assertThat(result.specimenCollected())
        .contains(
            new ReferenceInstant(
                Instant.parse("2026-11-19T14:15:00Z"),
                "SPM-17",
                Optional.of(LocalDate.of(2026, 11, 19))));
    assertThat(result.resulted())
        .contains(
            new ReferenceInstant(
                Instant.parse("2026-11-20T19:00:00Z"),
                "OBR-22",
                Optional.of(LocalDate.of(2026, 11, 20))));
  }

  /** PID-5 as sent, and the family name the person key is made from ("" for none). */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "Alias^Al^^^^^A~Testpatient^Alice^^^^^L; Testpatient",
        "Maiden^Alice^^^^^M~Testpatient^Alice; Testpatient",
        "~Testpatient^Alice; Testpatient",
        "Display^Alice^^^^^D; Display",
        "Wrong^Name^^^^^BAD; ''"
      })
  void linksThePersonUnderTheirLegalName(String pid5, String family) {
    assertThat(patientWith(5, pid5).familyName()).isEqualTo(family);
  }

  /** PID-11 as sent, and the ZIP of the address the report is counted under ("" for none). */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        // The home address, wherever it is among the repetitions.
        "1 PO Box^^Springfield^IL^62705^USA^M~123 Main St^^Springfield^IL^62701^USA^H; 62701",
        "9 Elm^^Chicago^IL^60601^USA^BDL~123 Main St^^Springfield^IL^62701^USA; 62701",
        // An empty first repetition no longer hides the second.
        "~123 Main St^^Springfield^IL^62701^USA; 62701",
        // A residence that places no one (a default country, "UNKNOWN", a street) yields.
        "^^^^^USA^H~1 PO Box^^Seattle^WA^98101^USA^M; 98101",
        "UNKNOWN^^UNKNOWN^^^USA^H~1 PO Box^^Seattle^WA^98101^USA^M; 98101",
        "721 Spring St^^Grinnell^^^USA^H~1 Main^^Kansas City^MO^64117^USA^B; ''",
        // Only a mailing address: still the best guess.
        "1 PO Box^^Springfield^IL^62705^USA^M; 62705",
        // The first residence when there are several; untyped before other types.
        "5 Oak^^Peoria^IL^61602^USA^L~123 Main St^^Springfield^IL^62701^USA^H; 61602",
        "1 Office Rd^^Peoria^IL^61602^USA^O~123 Main St^^Springfield^IL^62701^USA; 62701",
        // A bad address or a birth address is never where the patient lives.
        "123 Main St^^Springfield^IL^62701^USA^BA; ''",
        "9 Elm^^Chicago^IL^60601^USA^BR; ''"
      })
  void countsThePatientWhereTheyLive(String pid11, String zip) {
    assertThat(patientWith(11, pid11).address().map(Address::postalCode).orElse("")).isEqualTo(zip);
  }

  /** PID-7 as sent, and the span of days the patient may have been born on ("" for none). */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "19850315; 1985-03-15..1985-03-15",
        "198503; 1985-03-01..1985-03-31",
        "1985; 1985-01-01..1985-12-31",
        "''; ''"
      })
  void keepsABirthDateGivenOnlyToTheMonthOrYear(String pid7, String span) {
    assertThat(
            patientWith(7, pid7).birthDate().map(b -> b.earliest() + ".." + b.latest()).orElse(""))
        .isEqualTo(span);
  }

  /**
   * A culture as hospital LIS send it: a comment line under the isolate's own code and sub-id, and
   * a susceptibility order that restates the isolate (OBR-26 names it) before its MICs. Each was
   * read as a second culture: a second test of the condition, or a second positive.
   */
  @Test
  void aCultureIsOneResultWhateverItsCommentsAndSusceptibilityOrderRepeat() throws IOException {
    String culture = culture();
    int at = culture.indexOf("\rOBX|1|CWE|625-4^") + 1;
    String isolate = culture.substring(at, culture.indexOf('\r', at));
    // The same fields (performing lab, dates), as a comment line, and restated in the child order.
    String comment =
        isolate
            .replace("|CWE|", "|TX|")
            .replace("27268008^Salmonella^SCT^^^^^^Salmonella species", "Isolate sent to CDC")
            .replace("OBX|1|", "OBX|2|");
    assertThat(comment).isNotEqualTo(isolate).contains("|Isolate sent to CDC|");
    int child = culture.indexOf("\rOBR|2|") + 1;
    int childEnd = culture.indexOf('\r', child);
    String restated =
        culture.substring(0, at + isolate.length())
            + "\r"
            + comment
            + culture.substring(at + isolate.length(), childEnd)
            + "\r"
            + isolate
            + culture.substring(childEnd);

    List<LabResult> results = reportOf(restated).patients().get(0).labResults();
    assertThat(results)
        .extracting(r -> r.test().code())
        .containsExactly("625-4", "18864-9", "18906-8", "18993-6");
    assertThat(results.get(0).codedValue().orElseThrow().code()).isEqualTo("27268008");
    // Restated under another "organism identified" code (6463-4 for the parent's 625-4).
    String other =
        culture.substring(0, childEnd)
            + "\r"
            + isolate.replace(
                "625-4^Bacteria identified in Stool by Culture",
                "6463-4^Bacteria identified in Specimen by Culture")
            + culture.substring(childEnd);
    assertThat(reportOf(other).patients().get(0).labResults())
        .extracting(r -> r.test().code())
        .containsExactly("625-4", "18864-9", "18906-8", "18993-6");
    // A text result of its own (a second sub-id) is still a result.
    String second =
        culture.substring(0, at + isolate.length())
            + "\r"
            + comment.replace("^LN|1|", "^LN|2|")
            + culture.substring(at + isolate.length());
    assertThat(reportOf(second).patients().get(0).labResults()).hasSize(5);
  }

  /** The golden culture, a month earlier: this class's clock is before the fixture's results. */
  private static String culture() throws IOException {
    try (InputStream in =
        Hl7v2ReportMapperTest.class.getResourceAsStream(
            "/hl7v2/oru_r01/culture_with_susceptibilities.hl7")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace('\n', '\r')
          .replace("202611", "202610");
    }
  }

  /**
   * OBR-26 links any child order to its parent: a reflex order (HCV RNA after the culture here,
   * under the parent's sub-id and without susceptibility flags) reports a result of its own, which
   * was dropped as a restated isolate.
   */
  @Test
  void aReflexOrderNamingItsParentKeepsItsResult() throws IOException {
    String culture = culture();
    int child = culture.indexOf("\rOBR|2|") + 1;
    int childEnd = culture.indexOf('\r', child);
    String obr =
        culture
            .substring(child, childEnd)
            .replace("29576-6^Bacterial susceptibility panel^LN", "11259-9^HCV RNA^LN");
    String obx =
        "OBX|1|CWE|11259-9^Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA^LN|1"
            + "|260373001^Detected^SCT^^^^^^Detected|||A|||F|||20261016080000-0500";
    String reflex = culture.substring(0, child) + obr + "\r" + obx + "\r";
    assertThat(reportOf(reflex).patients().get(0).labResults())
        .extracting(r -> r.test().code())
        .containsExactly("625-4", "11259-9");
  }

  @Test
  void readsAResultStatusInCapitals() {
    String text = TestMessages.set(TestMessages.oru(), "OBX", 1, 11, "c");
    Examination exam = EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));
    assertThat(exam.report().orElseThrow().patients().get(0).labResults().get(0).status())
        .isEqualTo("C");
  }

  @Test
  void readsAPlaceholderBirthDateAsUnknown() {
    assertThat(patientWith(7, "19000101").birthDate()).isEmpty();
    assertThat(patientWith(7, "19010102").birthDate()).isPresent();
  }

  /** ELR carries animal testing (rabies) on the same feed, naming the species in PID-35. */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "'';true",
        "337915000^Homo sapiens^SCT;true",
        "^human;true",
        "H^Human^L^337915000^Homo sapiens (organism)^SCT;true",
        "44696006^Beagle^SCT;false",
        "^Dog^L;false",
        "DOG;false"
      })
  void readsWhetherThePatientIsHuman(String pid35, boolean human) {
    assertThat(patientWith(35, pid35).human()).isEqualTo(human);
  }

  /** The patient the golden ORU maps to with PID-{@code field} set to {@code value}. */
  private static Patient patientWith(int field, String value) {
    String text = TestMessages.set(TestMessages.oru(), "PID", 1, field, value);
    Examination exam = EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));
    return exam.report().orElseThrow().patients().get(0).patient();
  }

  @Test
  void prefersTheLoincInTheAlternateTriplet() throws IOException {
    CanonicalReport r = report("/hl7v2/oru_r01/loinc_in_alternate_triplet.hl7");
    assertThat(r.patients().get(0).labResults())
        .allSatisfy(l -> assertThat(l.test().system()).isEqualTo(Coding.LOINC));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SNOMED-CT", "SNOMED CT", "2.16.840.1.113883.6.96", "sct"})
  void findsTheSnomedValueBehindALocalCodeWhateverTheSystemIsCalled(String system) {
    // Before: only SCT/SNM/SNOMED were looked for in the alternate triplet, so "DET^Detected^L^
    // 260373001^Detected^SNOMED-CT" mapped to the local code and the result was not counted.
    String text =
        TestMessages.oru()
            .replace("260373001^Detected^SCT", "DET^Detected^L^260373001^Detected^" + system);
    Examination exam = EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));
    LabResult result = exam.report().orElseThrow().patients().get(0).labResults().get(0);
    assertThat(result.codedValue()).contains(new Coding(Coding.SNOMED, "260373001", "Detected"));
  }

  /**
   * A coded result sent without a code (text in CWE-2, the alternate CWE-5, or only CWE-9 original
   * text) keeps its text as the value: it was read as no value at all, so "Detected" counted as an
   * indeterminate test.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "^Detected; Detected",
        "^^^^Not detected^L; Not detected",
        "^^^^^^^^Presumptive positive; Presumptive positive",
        "DET^Detected^L; ''"
      })
  void keepsTheTextOfACodedResultSentWithoutACode(String obx5, String value) {
    String text = TestMessages.set(TestMessages.oru(), "OBX", 1, 5, obx5);
    Examination exam = EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    LabResult result = exam.report().orElseThrow().patients().get(0).labResults().get(0);
    assertThat(result.value()).isEqualTo(value);
    assertThat(result.codedValue().isPresent()).isEqualTo(value.isEmpty());
  }

  @Test
  void aDocumentResultHasNoTextValueWhileAStructuredNumericKeepsIts() {
    String message = TestMessages.oru();
    String obx = message.lines().filter(l -> l.startsWith("OBX|")).findFirst().orElseThrow();
    String pdf = "JVBERi0xLjQK".repeat(1000);
    String document =
        obx.replace("|CWE|", "|ED|")
            .replace("94500-6^SARS-CoV-2", "11502-2^Laboratory report^LN^X^SARS-CoV-2")
            .replace("260373001^Detected^SCT", "^AP^PDF^Base64^" + pdf);
    String numeric =
        obx.replace("OBX|1|CWE|", "OBX|2|SN|").replace("260373001^Detected^SCT", ">^100");
    Examination exam =
        EXAMINER.examine(
            message.replace(obx, document + "\r" + numeric).getBytes(StandardCharsets.UTF_8));
    assertThat(exam.report().orElseThrow().patients().get(0).labResults())
        .extracting(LabResult::value)
        .containsExactly("", ">^100");
  }

  /**
   * A narrative sent one ST OBX per line under one sub-id group (MEDITECH: 1.1, 1.2, …) is one
   * result: it was one lab test per line (46 "tests" for one disclaimer). Other sub-id groups and
   * numeric results under the same code stay results of their own.
   */
  @Test
  void readsANarrativeSentOneLinePerObxAsOneResult() {
    String message = TestMessages.oru();
    String obx = message.lines().filter(l -> l.startsWith("OBX|")).findFirst().orElseThrow();
    java.util.function.BiFunction<String, String, String> line =
        (subId, text) ->
            obx.replace("|CWE|", "|ST|")
                .replace("|260373001^Detected^SCT|", "|" + text + "|")
                .replaceFirst("(\\|ST\\|[^|]*)\\|[^|]*\\|", "$1|" + subId + "|");
    String lines =
        String.join(
            "\r",
            line.apply("1.1", "The test methodology"),
            line.apply("1.2", " "),
            line.apply("1.3", "is RT-PCR."),
            line.apply("2.1", "Second note"),
            obx.replace("|CWE|", "|NM|").replace("|260373001^Detected^SCT|", "|12|"),
            obx.replace("|CWE|", "|NM|").replace("|260373001^Detected^SCT|", "|13|"));
    Examination exam =
        EXAMINER.examine(message.replace(obx, lines).getBytes(StandardCharsets.UTF_8));
    assertThat(exam.report().orElseThrow().patients().get(0).labResults())
        .extracting(LabResult::value)
        .containsExactly("The test methodology\n\nis RT-PCR.", "Second note", "12", "13");
  }

  @Test
  void takesResultsSentAfterTheSpecimenAsTheOrdersResults() {
    String message = TestMessages.oru();
    String obx = message.lines().filter(l -> l.startsWith("OBX|")).findFirst().orElseThrow();
    String spmFirst = message.replace("\r" + obx, "") + "\r" + obx; // OBR, SPM, OBX
    Examination exam = EXAMINER.examine(spmFirst.getBytes(StandardCharsets.UTF_8));
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.report().orElseThrow().patients().get(0).labResults())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.test().code()).isEqualTo("94500-6");
              assertThat(r.codedValue())
                  .contains(new Coding(Coding.SNOMED, "260373001", "Detected"));
              assertThat(r.specimenType().map(Coding::code)).contains("258500001");
            });
  }

  @ParameterizedTest
  @CsvSource({"RXR, RXA", "OBX, RXA", "RXA, ORC"})
  void readsADoseWhoseRxaHapiFiledOutsideItsOrder(String segment, String before) {
    // RXR or OBX before the RXA, or the RXA before its ORC: HAPI files the RXA outside the ORDER
    // group. The message was accepted but its dose never reached the trends.
    String message = TestMessages.vxu();
    String line =
        message.lines().filter(l -> l.startsWith(segment + "|")).findFirst().orElseThrow();
    String without = message.replace("\r" + line, "");
    int at = without.indexOf("\r" + before + "|");
    String moved = without.substring(0, at) + "\r" + line + without.substring(at);
    assertThat(moved).isNotEqualTo(message);
    Examination exam = EXAMINER.examine(moved.getBytes(StandardCharsets.UTF_8));
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.report().orElseThrow().patients().get(0).immunizations())
        .singleElement()
        .satisfies(d -> assertThat(d.vaccine().code()).isEqualTo("309"));
  }

  @Test
  void readsACvxUnderALocalNameForItsSystemAsCvx() {
    String message =
        TestMessages.set(TestMessages.vxu(), "RXA", 1, 5, "217^PFIZER SARS-COV-2^LIM_CVX");
    Immunization dose = reportOf(message).patients().get(0).immunizations().get(0);
    assertThat(dose.vaccine()).isEqualTo(new Coding(Coding.CVX, "217", "PFIZER SARS-COV-2"));
  }

  @Test
  void mapsAVaccineDose() throws IOException {
    CanonicalReport r = report("/hl7v2/vxu_v04/covid_vaccine.hl7");
    assertThat(r.kind()).isEqualTo(ReportKind.IMMUNIZATION);
    PatientReport p = r.patients().get(0);
    assertThat(p.patient().sex()).isEqualTo("U");
    Immunization dose = p.immunizations().get(0);
    assertThat(dose.vaccine()).isEqualTo(new Coding(Coding.CVX, "309", dose.vaccine().display()));
    assertThat(dose.administered().map(ReferenceInstant::source)).contains("RXA-3");
    assertThat(dose.completionStatus()).isEqualTo("CP");
    assertThat(dose.action()).isEqualTo("A");
  }

  @Test
  void readsStatusesSentInLowerCaseAsTheirCapitals() {
    // Validation accepts them with a warning; the trends count by CP/PA and D.
    String message =
        TestMessages.set(
            TestMessages.set(TestMessages.vxu(), "RXA", 1, 20, "cp"), "RXA", 1, 21, "d");
    Immunization dose = reportOf(message).patients().get(0).immunizations().get(0);
    assertThat(dose.completionStatus()).isEqualTo("CP");
    assertThat(dose.action()).isEqualTo("D");
  }

  @Test
  void rejectedMessagesCarryNoReport() {
    Examination exam = EXAMINER.examine("MSH|^~\\&|X|Y\r".getBytes());
    assertThat(exam.report()).isEqualTo(Optional.empty());
  }
}
