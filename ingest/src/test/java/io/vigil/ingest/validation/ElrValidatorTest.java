package io.vigil.ingest.validation;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static io.vigil.ingest.hl7v2.TestMessages.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.hl7v2.Hl7Parser;
import io.vigil.ingest.hl7v2.TestMessages;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElrValidatorTest {

  static final Instant NOW = Instant.parse("2026-11-22T15:00:00Z");
  static final Hl7Parser PARSER = new Hl7Parser();
  static final ElrValidator VALIDATOR = new ElrValidator();

  static List<Finding> validate(String text) {
    Hl7Parser.Result parsed = PARSER.parse(text);
    assertThat(parsed.parsed()).as("parsed").isTrue();
    return VALIDATOR.validate(parsed.message(), NOW);
  }

  static List<String> codes(List<Finding> findings) {
    return findings.stream().map(Finding::code).toList();
  }

  @Test
  void acceptsTheSampleWithoutFindings() {
    assertThat(validate(TestMessages.oru())).isEmpty();
  }

  @Test
  void requiresTheSendingApplicationAndFacility() {
    assertThat(validate(set(TestMessages.oru(), "MSH", 1, 3, "")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("MSH3_MISSING", Severity.E));
    assertThat(validate(set(TestMessages.oru(), "MSH", 1, 4, "")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("MSH4_MISSING", Severity.E));
  }

  /**
   * HL7's explicit null ({@code ""}, v2.5 section 2.5.3), which EHR-built feeds send in empty
   * fields, is no value: missing where the field is required or wanted, never "not a valid date".
   */
  @Test
  void readsHl7sExplicitNullAsNoValue() {
    String msg = TestMessages.oru();
    msg = set(msg, "PID", 1, 7, "\"\"");
    msg = set(msg, "OBR", 1, 22, "\"\"");
    msg = set(msg, "OBX", 1, 14, "\"\"");
    msg = set(msg, "OBX", 1, 19, "\"\"");
    msg = set(msg, "SPM", 1, 17, "\"\"");
    assertThat(validate(msg))
        .extracting(Finding::code, Finding::severity)
        .containsExactlyInAnyOrder(
            tuple("PID7_MISSING", Severity.W),
            tuple("OBR22_MISSING", Severity.W),
            tuple("SPM17_MISSING", Severity.W));
    assertThat(validate(set(TestMessages.oru(), "OBR", 1, 7, "\"\"")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBR7_MISSING", Severity.E));
  }

  /**
   * ELR asks for the birth date only if known: a lab system's placeholder for "unknown" (CDC
   * STARLIMS sends {@code 0000}) or a date in the future is warned of as an empty field is, and
   * does not refuse the result. An immunization record needs it (VxuValidatorTest).
   */
  @ParameterizedTest
  @ValueSource(strings = {"0000", "00000000", "19XX", "21000101"})
  void warnsOfABirthDateThatIsNoDate(String birth) {
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 7, birth)))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(
            tuple(birth.startsWith("21") ? "PID7_FUTURE" : "PID7_INVALID", Severity.W, "PID-7"));
  }

  /** 1900-01-01 is how many systems write "unknown": read as unknown, and said so. */
  @ParameterizedTest
  @ValueSource(strings = {"19000101", "19010101", "190001010000"})
  void warnsOfAPlaceholderBirthDate(String birth) {
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 7, birth)))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("PID7_PLACEHOLDER", Severity.W, "PID-7"));
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 7, "19010102"))).isEmpty();
  }

  /** An answer such as an estimated delivery date (LOINC 11778-8) lies in the future by nature. */
  @Test
  void checksOnlyTheFormatOfADateValue() {
    String edd = set(set(TestMessages.oru(), "OBX", 1, 2, "DT"), "OBX", 1, 5, "20270315");
    assertThat(validate(edd)).isEmpty();
    assertThat(codes(validate(set(edd, "OBX", 1, 5, "2027-03-15"))))
        .containsExactly("OBX5_INVALID");
  }

  /**
   * A viral load's limit sent unsplit in SN is read as the same value under NM is, and so is a
   * titer or a range written as one string.
   */
  @ParameterizedTest
  @ValueSource(strings = {">10000000", "5230", "<= 20", "1:128", "<1:10", "1/64", "2-5", "2+"})
  void warnsOfAStructuredNumericNotSplitIntoComponents(String value) {
    String sn = set(set(TestMessages.oru(), "OBX", 1, 2, "SN"), "OBX", 1, 5, value);
    assertThat(validate(sn))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX5_SN_NOT_STRUCTURED", Severity.W));
    assertThat(codes(validate(set(sn, "OBX", 1, 5, "high")))).containsExactly("OBX5_DATA_TYPE");
    assertThat(codes(validate(set(sn, "OBX", 1, 5, "1:high")))).containsExactly("OBX5_DATA_TYPE");
    assertThat(codes(validate(set(sn, "OBX", 1, 5, "2-")))).containsExactly("OBX5_DATA_TYPE");
  }

  /** Two patients in one ORU (elr5 b01): read, and the sender told what an error would cost. */
  @Test
  void warnsOfSeveralPatientsInOneMessage() {
    String oru = TestMessages.oru();
    String patient = oru.substring(oru.indexOf("\rPID|"));
    assertThat(validate(oru + patient))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("PATIENT_RESULT_REPEATED", Severity.W, "PID(2)"));
    assertThat(validate(oru)).isEmpty();
  }

  /** A result status in lower case is read as its capital, as a VXU's RXA-20/21 are. */
  @Test
  void readsAResultStatusInLowerCaseAsItsCapital() {
    assertThat(validate(set(set(TestMessages.oru(), "OBX", 1, 11, "f"), "OBR", 1, 25, "f")))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactlyInAnyOrder(
            tuple("OBX11_CASE", Severity.W, "OBX(1)-11"),
            tuple("OBR25_CASE", Severity.W, "OBR(1)-25"));
    assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 11, "q"))))
        .containsExactly("OBX11_INVALID");
  }

  /** SimpleReport's template filler {@code 1234^^SCT} is not a SNOMED CT id: the sender is told. */
  @Test
  void warnsOfACodeLabelledSnomedThatCannotBeOne() {
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 5, "1234^^SCT")))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("OBX5_SCT_INVALID", Severity.W, "OBX(1)-5"));
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 5, "DET^Detected^L^260373002^^SCT")))
        .extracting(Finding::code)
        .containsExactly("OBX5_SCT_INVALID");
    // LabCorp's legacy SNOMED International code is real, of the system before SNOMED CT.
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 5, "L-1F701^HAEMOPHILUS INFLUENZAE^SNM")))
        .extracting(Finding::message)
        .singleElement()
        .asString()
        .contains("SNOMED International (SNM) code")
        .doesNotContain("labelled SNOMED CT");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Positive", "260373001^Detected"})
  void warnsOfACodedResultWithoutItsCodingSystem(String value) {
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 5, value)))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("OBX5_NO_CODING_SYSTEM", Severity.W, "OBX(1)-5"));
  }

  @Test
  void takesALoincSentWithoutItsCodingSystemAndSaysSo() {
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 3, "94500-6^SARS-CoV-2 RNA")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX3_NO_CODING_SYSTEM", Severity.W));
    // A wrong check digit is no LOINC: a local code.
    assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 3, "94500-5^SARS-CoV-2 RNA"))))
        .containsExactly("OBX3_NO_LOINC");
    // A shifted triplet (Ellume's home test): LN in the text, a SNOMED number where the system
    // goes. Told it had no LOINC, the sender saw its result dropped.
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 3, "94558-4^LN^260415000^260415000^L")))
        .extracting(Finding::code, Finding::message)
        .containsExactly(
            tuple(
                "OBX3_NO_CODING_SYSTEM",
                "OBX-3 observation identifier LOINC '94558-4' has no coding system name (CWE-3"
                    + " '260415000'); send it with LN (CWE-3)"));
    // A local code system keeps a LOINC-shaped local code local.
    assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 3, "94500-6^Local test^L"))))
        .containsExactly("OBX3_NO_LOINC");
    // A LOINC run into its text (CDPH's XL2HL7 converter, new6 e01): read, and said so.
    assertThat(
            validate(
                set(TestMessages.oru(), "OBX", 1, 3, "94500-6SARS-CoV-2 RNA NAA+probe Ql (Resp)")))
        .extracting(Finding::code, Finding::message)
        .containsExactly(
            tuple(
                "OBX3_NO_CODING_SYSTEM",
                "OBX-3 observation identifier begins with LOINC '94500-6' run into its text, with"
                    + " no ^ between them and no coding system name: read as that LOINC; send"
                    + " code^text^LN (a local code of that shape: code^text^L)"));
    // The same slip with LN named (regress7 f02) was refused as a malformed LOINC.
    assertThat(
            validate(
                set(
                    TestMessages.oru(),
                    "OBX",
                    1,
                    3,
                    "94500-6SARS-CoV-2 RNA NAA+probe Ql (Resp)^^LN")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX3_LOINC_FORMAT", Severity.W));
    for (String local :
        List.of("94500-6AB", "94500-5SARS-CoV-2 RNA", "94500-6SARS-CoV-2 RNA^^L", "94500-6 2")) {
      assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 3, local))))
          .as(local)
          .containsExactly("OBX3_NO_LOINC");
    }
  }

  /** Fields the guide requires or wants whose absence the hub used to let pass in silence. */
  @Test
  void warnsOfNoAccessionNumberNoAddressAndRepeatedTestsWithoutSubIds() {
    String msg = TestMessages.oru();
    String noFiller = set(set(msg, "OBR", 1, 3, ""), "ORC", 1, 3, "");
    assertThat(validate(noFiller))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("OBR3_MISSING", Severity.W, "OBR(1)-3"));
    assertThat(validate(set(msg, "OBR", 1, 3, ""))).as("ORC-3 names it").isEmpty();
    assertThat(validate(set(msg, "PID", 1, 11, "")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("PID11_MISSING", Severity.W));
    String obx = msg.lines().filter(l -> l.startsWith("OBX|")).findFirst().orElseThrow();
    String twice = msg.replace(obx, obx + "\r" + obx.replace("OBX|1|", "OBX|2|"));
    assertThat(validate(twice))
        .extracting(Finding::code, Finding::location)
        .containsExactly(tuple("OBX4_MISSING", "OBX(2)-4"));
    assertThat(validate(set(set(twice, "OBX", 1, 4, "1"), "OBX", 2, 4, "2"))).isEmpty();
    assertThat(validate(set(set(twice, "OBX", 1, 4, "^3^1"), "OBX", 2, 4, "^3^2")))
        .as("LRI's OG sub-id")
        .isEmpty();
    // CDC ELIMS sends the country alone: the text says so rather than "missing".
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 11, "^^^^^USA^H")))
        .filteredOn(f -> f.code().equals("PID11_MISSING"))
        .extracting(Finding::message)
        .singleElement()
        .asString()
        .contains("(only a country)");
  }

  /** A second patient's problems are located at PID(2), not at the first patient's PID. */
  @Test
  void locatesASecondPatientsFindingsAtItsOwnPid() {
    String msg = TestMessages.oru();
    String patientAndResults = msg.substring(msg.indexOf("PID|"));
    String second = set(patientAndResults, "PID", 1, 5, "");
    assertThat(validate(msg + (msg.endsWith("\r") ? "" : "\r") + second))
        .extracting(Finding::code, Finding::location)
        .containsExactly(
            tuple("PATIENT_RESULT_REPEATED", "PID(2)"), tuple("PID5_MISSING", "PID(2)-5"));
  }

  @Test
  void findsLoincInTheAlternateTriplet() {
    String msg =
        set(TestMessages.oru(), "OBX", 1, 3, "COVPCR^SARS-CoV-2 PCR^L^94500-6^SARS-CoV-2 RNA^LN");
    assertThat(codes(validate(msg))).isEmpty();
  }

  @Test
  void rejectsWrongLoincCheckDigitInTheAlternateTriplet() {
    String msg =
        set(TestMessages.oru(), "OBX", 1, 3, "COVPCR^SARS-CoV-2 PCR^L^94500-5^SARS-CoV-2 RNA^LN");
    Finding f = validate(msg).get(0);
    assertThat(f.code()).isEqualTo("OBX3_LOINC_CHECK_DIGIT");
    assertThat(f.isError()).isTrue();
    assertThat(f.location()).isEqualTo("OBX(1)-3");
  }

  @Test
  void rejectsMalformedLoinc() {
    String msg = set(TestMessages.oru(), "OBX", 1, 3, "94500^SARS-CoV-2 RNA^LN");
    assertThat(codes(validate(msg))).containsExactly("OBX3_LOINC_FORMAT");
  }

  @Test
  void warnsWhenOnlyLocalCodes() {
    List<Finding> findings = validate(set(TestMessages.oru(), "OBX", 1, 3, "CV19^COVID PCR^L"));
    assertThat(codes(findings)).containsExactly("OBX3_NO_LOINC");
    assertThat(findings.get(0).severity()).isEqualTo(Severity.W);
  }

  /**
   * The sample with its OBX moved to just before the segment starting with {@code before}, or to
   * the end when no segment starts with it.
   */
  static String obxMovedBefore(String before) {
    String message = TestMessages.oru();
    String obx = message.lines().filter(l -> l.startsWith("OBX|")).findFirst().orElseThrow();
    String without = message.replace("\r" + obx, "");
    return without.contains("\r" + before)
        ? without.replace("\r" + before, "\r" + obx + "\r" + before)
        : without + "\r" + obx;
  }

  @Test
  void readsResultsSentAfterTheSpecimenAsTheOrdersResults() {
    // Before: OBR, SPM, OBX was accepted with "no OBX", and its result never reached the trends.
    assertThat(validate(obxMovedBefore("ZZZ")))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("OBX_AFTER_SPM", Severity.W, "OBR(1)"));
  }

  @Test
  void saysAResultUnderALowerCaseSegmentIdWasNotRead() {
    // HAPI knows no "obx" segment: it was accepted with a warning of no results, its result lost.
    assertThat(validate(TestMessages.oru().replace("\rOBX|", "\robx|")))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .contains(tuple("SEGMENT_ID_CASE", Severity.E, "OBX"));
    // A note in lower case is not read either, but the hub reads no notes: nothing to say.
    assertThat(validate(TestMessages.oru().replace("\rOBX|", "\rnte|1||A note\rOBX|"))).isEmpty();
  }

  @Test
  void saysWhichSegmentIsOutOfOrderWhenTheStructureBreaks() {
    List<Finding> findings = validate(obxMovedBefore("ORC|"));
    assertThat(findings.get(0))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly("SEGMENT_OUT_OF_ORDER", Severity.E, "OBX");
    assertThat(codes(findings)).contains("OBR_MISSING");

    // An OBX between the ORC and its OBR: one clear error, not three about an OBR that is not
    // there (OBR-4, -7, -25 "missing"), and the real OBR keeps its number.
    List<Finding> betweenOrcAndObr = validate(obxMovedBefore("OBR|"));
    assertThat(betweenOrcAndObr)
        .filteredOn(Finding::isError)
        .extracting(Finding::code, Finding::location)
        .containsExactly(tuple("OBR_MISSING", "OBR"));
    assertThat(betweenOrcAndObr).extracting(Finding::location).doesNotContain("OBR(2)");
    // A misplaced segment the rules do not read (a visit) and a Z-segment are no reason to refuse.
    assertThat(validate(TestMessages.oru().replace("\rORC|", "\rPV1|1|O\rORC|"))).isEmpty();
    assertThat(validate(TestMessages.oru().replace("\rOBR|", "\rZLR|x\rOBR|"))).isEmpty();
  }

  @Test
  void checksResultStatusTables() {
    assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 11, "Q"))))
        .containsExactly("OBX11_INVALID");
    assertThat(codes(validate(set(TestMessages.oru(), "OBR", 1, 25, ""))))
        .containsExactly("OBR25_MISSING");
    assertThat(codes(validate(set(TestMessages.oru(), "OBR", 1, 25, "Q"))))
        .containsExactly("OBR25_INVALID");
    // The value the sender sent is named, so it knows what to fix.
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 11, "Q")))
        .extracting(Finding::message)
        .containsExactly("OBX-11 observation result status 'Q' is not in HL7 table 0085");
  }

  /**
   * OBX-14 is never read, and OBX-19 only without OBR-22: a lab system's {@code 0000} or a typo
   * there is a warning, not the loss of the report (CDC ELIMS sends 0000 in OBX-14).
   */
  @Test
  void warnsOfAnObservationTimeTheHubDoesNotRead() {
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 14, "0000")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX14_INVALID", Severity.W));
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 14, "20301122")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX14_FUTURE", Severity.W));
    // The golden ORU has OBR-22, so its OBX-19 is not the result time.
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 19, "220241021055726")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX19_INVALID", Severity.W));
    String noObr22 = set(TestMessages.oru(), "OBR", 1, 22, "");
    assertThat(validate(set(noObr22, "OBX", 1, 19, "220241021055726")))
        .extracting(Finding::code, Finding::severity)
        .containsExactlyInAnyOrder(
            tuple("OBR22_MISSING", Severity.W), tuple("OBX19_INVALID", Severity.E));
  }

  @Test
  void checksDates() {
    assertThat(codes(validate(set(TestMessages.oru(), "OBR", 1, 7, ""))))
        .containsExactly("OBR7_MISSING");
    assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 14, "20261399"))))
        .containsExactly("OBX14_INVALID");
    assertThat(
            codes(
                validate(set(set(TestMessages.oru(), "OBR", 1, 22, ""), "OBX", 1, 19, "20301122"))))
        .containsExactly("OBR22_MISSING", "OBX19_FUTURE");
    assertThat(codes(validate(set(TestMessages.oru(), "SPM", 1, 17, "2026111"))))
        .containsExactly("SPM17_INVALID");
    // The format's shape with a day that does not exist says so; a wrong shape names the format.
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 14, "20261131")))
        .extracting(Finding::message)
        .singleElement()
        .asString()
        .contains("names a date or time that does not exist");
    assertThat(validate(set(TestMessages.oru(), "SPM", 1, 17, "2026111")))
        .extracting(Finding::message)
        .singleElement()
        .asString()
        .contains("is not a valid HL7 date/time (YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ])");
    assertThat(codes(validate(set(TestMessages.oru(), "OBR", 1, 22, ""))))
        .containsExactly("OBR22_MISSING");
  }

  @Test
  void toleratesOlderFeedsWithWarnings() {
    String msg = without(without(TestMessages.oru(), "ORC"), "SPM");
    List<Finding> findings = validate(msg);
    assertThat(codes(findings)).containsExactlyInAnyOrder("ORC_MISSING", "SPM_MISSING");
    assertThat(findings).noneMatch(Finding::isError);
  }

  @Test
  void requiresSpecimenType() {
    assertThat(codes(validate(set(TestMessages.oru(), "SPM", 1, 4, ""))))
        .containsExactly("SPM4_MISSING");
  }

  @Test
  void checksThePatient() {
    assertThat(codes(validate(set(TestMessages.oru(), "PID", 1, 3, ""))))
        .containsExactly("PID3_MISSING");
    assertThat(codes(validate(set(TestMessages.oru(), "PID", 1, 5, ""))))
        .containsExactly("PID5_MISSING");
    // An anonymous self-test (ReportStream's MARS apps) is told the form that is accepted.
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 5, "^^^^^^~^^^^^^")))
        .extracting(Finding::message)
        .singleElement()
        .asString()
        .contains("^^^^^^S");
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 5, "^^^^^^S"))).isEmpty();
    assertThat(codes(validate(set(TestMessages.oru(), "PID", 1, 7, ""))))
        .containsExactly("PID7_MISSING");
    assertThat(codes(validate(set(TestMessages.oru(), "PID", 1, 8, "Z"))))
        .containsExactly("PID8_INVALID");
    // A patient's sex is not quoted back, whatever it is.
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 8, "Z")))
        .extracting(Finding::message)
        .singleElement()
        .asString()
        .doesNotContain("'Z'")
        .endsWith("is not in HL7 table 0001");
  }

  @Test
  void acceptsRepeatedPatientIdentifiers() {
    String msg =
        set(
            TestMessages.oru(),
            "PID",
            1,
            3,
            "MRN1^^^LAB&1.2.3&ISO^MR~123-45-6789^^^SSA&1.2&ISO^SS");
    assertThat(validate(msg)).isEmpty();
  }

  @Test
  void neverQuotesPatientData() {
    String msg = set(set(TestMessages.oru(), "PID", 1, 7, "1985031X"), "PID", 1, 8, "Q");
    for (Finding f : validate(msg)) {
      assertThat(f.message()).doesNotContain("1985031X", "Testpatient", "MRN12345", "'Q'");
    }
  }

  @Test
  void numbersOccurrencesAcrossOrders() {
    String oru = TestMessages.oru();
    String second =
        oru.substring(oru.indexOf("ORC|"))
            .replace("OBR|1|", "OBR|2|")
            .replace("94500-6^SARS-CoV-2 (COVID", "94500-5^SARS-CoV-2 (COVID");
    List<Finding> findings = validate(oru + "\r" + second);
    assertThat(findings)
        .extracting(Finding::location)
        .containsExactlyInAnyOrder("OBR(2)-4", "OBX(2)-3");
  }

  @Test
  void rejectsOtherStructures() {
    Hl7Parser.Result vxu = PARSER.parse(TestMessages.vxu());
    assertThat(codes(VALIDATOR.validate(vxu.message(), NOW)))
        .containsExactly("STRUCTURE_UNEXPECTED");
  }
}
