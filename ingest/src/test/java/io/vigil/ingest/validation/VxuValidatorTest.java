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

class VxuValidatorTest {

  static final Instant NOW = Instant.parse("2026-11-22T15:00:00Z");
  static final Hl7Parser PARSER = new Hl7Parser();
  static final VxuValidator VALIDATOR = new VxuValidator(CvxTable.bundled());

  static List<String> codes(String text) {
    Hl7Parser.Result parsed = PARSER.parse(text);
    assertThat(parsed.parsed()).as("parsed").isTrue();
    return VALIDATOR.validate(parsed.message(), NOW).stream().map(Finding::code).toList();
  }

  static String rxa(int field, String value) {
    return set(TestMessages.vxu(), "RXA", 1, field, value);
  }

  private static String completion(String vxu) {
    return io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess.reportOf(vxu)
        .patients()
        .get(0)
        .immunizations()
        .get(0)
        .completionStatus();
  }

  /**
   * A record without RXA-20 that says the dose was not given (a refusal reason, a contraindication
   * or immunity observation) is read so: counted as given, a refused child was vaccinated. Its lot
   * and maker are not asked for, as for any dose not given.
   */
  @Test
  void aRecordWithoutRxa20ThatSaysTheDoseWasNotGivenIsReadSo() {
    // A record with nothing that shows a dose given: no status, no lot, no maker, no RXA-9 00.
    String noStatus =
        set(
            set(set(set(TestMessages.vxu(), "RXA", 1, 20, ""), "RXA", 1, 15, ""), "RXA", 1, 17, ""),
            "RXA",
            1,
            9,
            "");
    String refused = set(noStatus, "RXA", 1, 18, "00^Parental decision^NIP002");
    assertThat(codes(refused)).containsExactly("RXA20_INFERRED", "RXA20_MISSING");
    assertThat(completion(refused)).isEqualTo("RE");
    Finding why =
        VALIDATOR.validate(PARSER.parse(refused).message(), NOW).stream()
            .filter(f -> f.code().equals("RXA20_INFERRED"))
            .findFirst()
            .orElseThrow();
    assertThat(why.location()).isEqualTo("RXA(1)-20");
    assertThat(why.message()).contains("RXA-18 gives a refusal reason: read as RE (refused)");

    for (String loinc : new String[] {"30945-0", "59784-9"}) {
      String observed =
          noStatus.replace(
              "64994-7^Vaccine funding program eligibility category^LN|1|V01^Not VFC eligible^HL70064",
              loinc + "^Observation^LN|1|91930004^Allergy to eggs^SCT");
      assertThat(codes(observed)).as(loinc).containsExactly("RXA20_INFERRED", "RXA20_MISSING");
      assertThat(completion(observed)).isEqualTo("NA");
    }
    // Nothing says otherwise: given, the guide's default, whose lot and maker are asked for.
    assertThat(completion(noStatus)).isEqualTo("CP");
    assertThat(codes(noStatus))
        .containsExactly("RXA9_MISSING", "RXA15_MISSING", "RXA17_MISSING", "RXA20_MISSING");
    // A record that shows a dose given (lot, maker, RXA-9 00) is one: an immunity observation
    // hung under it (VXU has no group for patient observations), or a form's "None" in RXA-18,
    // says nothing against that.
    String givenNoStatus = set(TestMessages.vxu(), "RXA", 1, 20, "");
    String immunityUnderIt =
        givenNoStatus.replace(
            "64994-7^Vaccine funding program eligibility category^LN|1|V01^Not VFC eligible^HL70064",
            "59784-9^Disease with presumptive evidence of immunity^LN|1|38907003^Varicella^SCT");
    assertThat(completion(immunityUnderIt)).isEqualTo("CP");
    assertThat(codes(immunityUnderIt)).containsExactly("RXA20_MISSING");
    for (String none : new String[] {"^None", "NA^Not applicable"}) {
      assertThat(completion(set(givenNoStatus, "RXA", 1, 18, none))).as(none).isEqualTo("CP");
      assertThat(codes(set(givenNoStatus, "RXA", 1, 18, none))).containsExactly("RXA20_MISSING");
    }
    assertThat(codes(set(givenNoStatus, "RXA", 1, 18, "00^Parental decision^NIP002")))
        .containsExactly("RXA18_STATUS_CONFLICT", "RXA20_MISSING");
    // A refusal reason beside a status that says given: what the status says, with a warning.
    String conflict = set(TestMessages.vxu(), "RXA", 1, 18, "00^Parental decision^NIP002");
    assertThat(codes(conflict)).containsExactly("RXA18_STATUS_CONFLICT");
    assertThat(completion(conflict)).isEqualTo("CP");
  }

  /**
   * The CDC IZ guide's own example writes MSH-7 as {@code 201201130000-500}: a header time with a
   * short offset is read without it (W), not the whole message refused.
   */
  @Test
  void aShortOffsetInMsh7IsAWarning() {
    String msh7 = set(TestMessages.vxu(), "MSH", 1, 7, "201201130000-500");
    assertThat(codes(msh7)).containsExactly("MSH7_OFFSET_INVALID");
    assertThat(codes(set(TestMessages.vxu(), "MSH", 1, 7, "20120113+5")))
        .containsExactly("MSH7_OFFSET_INVALID");
    // A date that does not exist stays an error, offset or not.
    assertThat(codes(set(TestMessages.vxu(), "MSH", 1, 7, "20121313-500")))
        .containsExactly("MSH7_INVALID");
    assertThat(codes(set(TestMessages.vxu(), "MSH", 1, 7, "20120113-0500"))).isEmpty();
  }

  /** What IIS data-quality checks flag on a dose given: an expired lot, a maker in text only. */
  @Test
  void flagsAnExpiredLotAndAMakerNamedInTextOnly() {
    // The golden dose was given 2026-11-20 from a lot expiring 2027-12-31.
    assertThat(codes(rxa(16, "20261119"))).containsExactly("RXA16_EXPIRED");
    assertThat(codes(rxa(16, "202611"))).as("the month may hold the day").isEmpty();
    assertThat(codes(rxa(16, "20261120"))).isEmpty();
    assertThat(codes(rxa(17, "^Pfizer, Inc^^PFR^Pfizer^MVX"))).isEmpty();
    // A historical record's lot and maker are not judged.
    assertThat(codes(set(rxa(16, "20261119"), "RXA", 1, 9, "01^Historical^NIP001"))).isEmpty();
  }

  @Test
  void acceptsTheSampleWithoutFindings() {
    assertThat(codes(TestMessages.vxu())).isEmpty();
  }

  @Test
  void sendingApplicationAndFacilityAreOnlyRequiredIfKnown() {
    assertThat(
            VALIDATOR.validate(
                PARSER.parse(set(TestMessages.vxu(), "MSH", 1, 3, "")).message(), NOW))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("MSH3_MISSING", Severity.W));
    // The intake takes the sender from the connection, or refuses the message when it names none.
    assertThat(
            VALIDATOR.validate(
                PARSER.parse(set(TestMessages.vxu(), "MSH", 1, 4, "")).message(), NOW))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("MSH4_MISSING", Severity.W));
  }

  @Test
  void saysThePatientIsOutOfPlaceRatherThanMissing() {
    String vxu = TestMessages.vxu();
    String pid =
        vxu.substring(vxu.indexOf("\rPID|") + 1, vxu.indexOf('\r', vxu.indexOf("\rPID|") + 1));
    String moved = vxu.replace("\r" + pid, "").replace("\rRXA|", "\r" + pid + "\rRXA|");
    assertThat(codes(moved)).containsExactly("SEGMENT_OUT_OF_ORDER");
  }

  @Test
  void saysADoseUnderALowerCaseSegmentIdWasNotRead() {
    assertThat(codes(TestMessages.vxu().replace("\rRXA|", "\rrxa|")))
        .containsExactlyInAnyOrder("SEGMENT_ID_CASE", "RXA_MISSING");
    // Doses out of their place are read where HAPI put them, as before.
    String vxu = TestMessages.vxu();
    String orc =
        vxu.substring(vxu.indexOf("\rORC|") + 1, vxu.indexOf('\r', vxu.indexOf("\rORC|") + 1));
    assertThat(codes(vxu.replace("\r" + orc, "").replace("\rRXR|", "\r" + orc + "\rRXR|")))
        .doesNotContain("SEGMENT_OUT_OF_ORDER", "SEGMENT_ID_CASE", "RXA_MISSING");
  }

  @Test
  void checksAdministrationDate() {
    assertThat(codes(rxa(3, ""))).containsExactly("RXA3_MISSING");
    assertThat(codes(rxa(3, "20261131"))).containsExactly("RXA3_INVALID");
    // The golden lot expires 2027-12-31: a dose dated after it says so too.
    assertThat(codes(rxa(3, "20280101"))).containsExactly("RXA3_FUTURE", "RXA16_EXPIRED");
    // To the month or year only: stored, but on no day of the trends.
    assertThat(codes(rxa(3, "202611"))).containsExactly("RXA3_IMPRECISE");
    assertThat(codes(rxa(3, "2015"))).containsExactly("RXA3_IMPRECISE");
    assertThat(codes(rxa(3, "202611201015-0500"))).isEmpty();
  }

  @Test
  void checksAmountSourceAndStatuses() {
    assertThat(codes(rxa(6, "half"))).containsExactly("RXA6_INVALID");
    assertThat(codes(rxa(6, ""))).containsExactly("RXA6_MISSING");
    // Amount 0 and no completion status: a v2.3.1 contraindication record, read as not given.
    String zero = set(rxa(6, "0"), "RXA", 1, 20, "");
    assertThat(codes(zero)).containsExactly("RXA6_ZERO", "RXA20_MISSING");
    assertThat(
            io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess.reportOf(zero)
                .patients()
                .get(0)
                .immunizations()
                .get(0)
                .completionStatus())
        .isEqualTo("NA");
    assertThat(codes(rxa(6, "0.0"))).isEmpty(); // with RXA-20 CP: what the sender says
    assertThat(codes(rxa(7, ""))).containsExactly("RXA7_MISSING");
    assertThat(codes(set(rxa(7, ""), "RXA", 1, 6, "999"))).isEmpty();
    assertThat(codes(rxa(9, ""))).containsExactly("RXA9_MISSING");
    assertThat(codes(rxa(9, "99^Whatever^NIP001"))).containsExactly("RXA9_INVALID");
    // Text without its code (KYIR): read from the text; a historical record is not asked for its
    // lot and manufacturer.
    assertThat(codes(set(rxa(9, "^Historical^NIP001"), "RXA", 1, 15, "")))
        .containsExactly("RXA9_NOT_CODED");
    assertThat(codes(set(rxa(9, "^New immunization record^NIP001"), "RXA", 1, 15, "")))
        .containsExactly("RXA9_NOT_CODED", "RXA15_MISSING");
    assertThat(codes(rxa(9, "^Whatever^NIP001"))).containsExactly("RXA9_MISSING");
    assertThat(codes(rxa(20, "XX"))).containsExactly("RXA20_INVALID");
    assertThat(codes(rxa(20, ""))).containsExactly("RXA20_MISSING");
    assertThat(codes(rxa(21, "Q"))).containsExactly("RXA21_INVALID");
    assertThat(codes(rxa(21, ""))).containsExactly("RXA21_MISSING");
  }

  @Test
  void warnsOfAnAdministeredDoseWithoutLotOrManufacturer() {
    assertThat(VALIDATOR.validate(PARSER.parse(set(rxa(15, ""), "RXA", 1, 17, "")).message(), NOW))
        .extracting(Finding::code, Finding::severity, Finding::hl7ErrorCode, Finding::location)
        .containsExactly(
            tuple("RXA15_MISSING", Severity.W, 101, "RXA(1)-15"),
            tuple("RXA17_MISSING", Severity.W, 101, "RXA(1)-17"));
    assertThat(codes(rxa(15, ""))).containsExactly("RXA15_MISSING");
    assertThat(codes(rxa(17, ""))).containsExactly("RXA17_MISSING");
    // A manufacturer named in text only is named, but without the code recalls go by.
    assertThat(codes(rxa(17, "^Pfizer, Inc"))).containsExactly("RXA17_NOT_CODED");
    // A partial dose was given too; so was a dose whose source is not said.
    assertThat(codes(set(rxa(20, "PA"), "RXA", 1, 15, ""))).containsExactly("RXA15_MISSING");
    assertThat(codes(set(rxa(9, ""), "RXA", 1, 17, "")))
        .containsExactly("RXA9_MISSING", "RXA17_MISSING");
  }

  @Test
  void asksNoLotOrManufacturerOfRecordsOfDosesGivenElsewhereOrNotAtAll() {
    String noProduct = set(rxa(15, ""), "RXA", 1, 17, "");
    // Historical records: the golden's own historical doses carry neither.
    assertThat(codes(TestMessages.golden("vxu_v04/mmr_multiple_rxa"))).isEmpty();
    assertThat(codes(set(noProduct, "RXA", 1, 9, "01^Historical^NIP001"))).isEmpty();
    assertThat(codes(set(noProduct, "RXA", 1, 9, "08^From school record^NIP001"))).isEmpty();
    // Refused, not administered, no vaccine, unknown vaccine.
    assertThat(
            codes(
                set(
                    set(set(noProduct, "RXA", 1, 20, "RE"), "RXA", 1, 18, "00^Parental^NIP002"),
                    "RXA",
                    1,
                    6,
                    "999")))
        .isEmpty();
    assertThat(codes(set(noProduct, "RXA", 1, 20, "NA"))).isEmpty();
    assertThat(codes(set(noProduct, "RXA", 1, 5, "998^no vaccine administered^CVX"))).isEmpty();
    assertThat(codes(set(noProduct, "RXA", 1, 5, "999^unknown^CVX"))).isEmpty();
    // A delete names the record it removes by ORC-3; an update restates the dose.
    assertThat(codes(set(noProduct, "RXA", 1, 21, "D"))).isEmpty();
    assertThat(codes(set(noProduct, "RXA", 1, 21, "d"))).containsExactly("RXA21_CASE");
    assertThat(codes(set(noProduct, "RXA", 1, 21, "U")))
        .containsExactly("RXA15_MISSING", "RXA17_MISSING");
  }

  @Test
  void rejectsADoseGivenBeforeThePatientWasBorn() {
    // The sample's dose is of 20261120.
    String bornNextDay = set(TestMessages.vxu(), "PID", 1, 7, "20261121");
    assertThat(VALIDATOR.validate(PARSER.parse(bornNextDay).message(), NOW))
        .extracting(Finding::code, Finding::severity, Finding::hl7ErrorCode, Finding::location)
        .containsExactly(tuple("RXA3_BEFORE_BIRTH", Severity.E, 102, "RXA(1)-3"));
    assertThat(codes(set(rxa(3, "20261031"), "PID", 1, 7, "202611")))
        .containsExactly("RXA3_BEFORE_BIRTH");
    // Historical doses too: the record is about this patient.
    assertThat(codes(set(rxa(9, "01^Historical^NIP001"), "PID", 1, 7, "20261121")))
        .containsExactly("RXA3_BEFORE_BIRTH");
    // Located at the dose: the third RXA of the multi-dose golden is a Hep B dose of 20250512.
    String mmr = TestMessages.golden("vxu_v04/mmr_multiple_rxa");
    assertThat(VALIDATOR.validate(PARSER.parse(set(mmr, "PID", 1, 7, "20250601")).message(), NOW))
        .extracting(Finding::code, Finding::location)
        .containsExactly(tuple("RXA3_BEFORE_BIRTH", "RXA(3)-3"));
  }

  @Test
  void flagsADoseBeforeBirthOnlyWhenCertain() {
    // A partial birth date (year, or year and month) may hold the dose; so may the same day.
    assertThat(codes(set(TestMessages.vxu(), "PID", 1, 7, "2026"))).isEmpty();
    assertThat(codes(set(TestMessages.vxu(), "PID", 1, 7, "202611"))).isEmpty();
    assertThat(codes(set(TestMessages.vxu(), "PID", 1, 7, "20261120"))).isEmpty();
    assertThat(codes(set(rxa(3, "202611200700"), "PID", 1, 7, "202611200830"))).isEmpty();
    // A birth date that is itself wrong is reported as such, not compared.
    assertThat(codes(set(TestMessages.vxu(), "PID", 1, 7, "2027"))).containsExactly("PID7_FUTURE");
    assertThat(codes(set(TestMessages.vxu(), "PID", 1, 7, "19000101")))
        .containsExactly("PID7_PLACEHOLDER");
    // A refusal or a record of no vaccine given is not a dose.
    String refused =
        set(
            set(set(rxa(20, "RE"), "RXA", 1, 9, ""), "RXA", 1, 18, "00^Parental decision^NIP002"),
            "RXA",
            1,
            6,
            "999");
    assertThat(codes(set(refused, "PID", 1, 7, "20261121"))).isEmpty();
  }

  @Test
  void readsAnAmountWithItsUnitAsUnknownWithAWarning() {
    assertThat(VALIDATOR.validate(PARSER.parse(rxa(6, "0.5 mL")).message(), NOW))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("RXA6_INVALID", Severity.W, "RXA(1)-6"));
  }

  @Test
  void readsStatusesInTheWrongCaseAsTheirCapitalsWithAWarning() {
    assertThat(VALIDATOR.validate(PARSER.parse(rxa(20, "cp")).message(), NOW))
        .extracting(Finding::code, Finding::severity, Finding::location, Finding::message)
        .containsExactly(
            tuple(
                "RXA20_CASE",
                Severity.W,
                "RXA(1)-20",
                "RXA-20 completion status 'cp' is not in capitals; it is read as 'CP'"));
    assertThat(VALIDATOR.validate(PARSER.parse(rxa(21, "a")).message(), NOW))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("RXA21_CASE", Severity.W, "RXA(1)-21"));
    // Read as CP: a given dose, so its source is asked for; read as RE: a refusal.
    assertThat(codes(set(rxa(20, "Pa"), "RXA", 1, 9, "")))
        .containsExactlyInAnyOrder("RXA9_MISSING", "RXA20_CASE");
    assertThat(codes(set(set(rxa(20, "re"), "RXA", 1, 9, ""), "RXA", 1, 6, "999")))
        .containsExactlyInAnyOrder("RXA18_MISSING", "RXA20_CASE");
    // A value not in the table in any case is still an error.
    assertThat(VALIDATOR.validate(PARSER.parse(rxa(20, "cx")).message(), NOW))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("RXA20_INVALID", Severity.E));
    assertThat(VALIDATOR.validate(PARSER.parse(rxa(21, "q")).message(), NOW))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("RXA21_INVALID", Severity.E));
  }

  @Test
  void warnsOfADeleteOrUpdateThatDoesNotNameTheRecordItChanges() {
    String noFillerNumber = set(TestMessages.vxu(), "ORC", 1, 3, "");
    assertThat(
            VALIDATOR.validate(PARSER.parse(set(noFillerNumber, "RXA", 1, 21, "D")).message(), NOW))
        .extracting(Finding::code, Finding::severity, Finding::hl7ErrorCode, Finding::location)
        .containsExactly(tuple("ORC3_MISSING", Severity.W, 101, "ORC(1)-3"));
    assertThat(codes(set(noFillerNumber, "RXA", 1, 21, "U"))).containsExactly("ORC3_MISSING");
    assertThat(codes(set(noFillerNumber, "RXA", 1, 21, "d")))
        .containsExactlyInAnyOrder("RXA21_CASE", "ORC3_MISSING");
    // An assigning authority alone names no record.
    assertThat(codes(set(set(noFillerNumber, "ORC", 1, 3, "^MyEHR"), "RXA", 1, 21, "D")))
        .containsExactly("ORC3_MISSING");
    // Located at the dose's own ORC.
    String mmr = set(TestMessages.golden("vxu_v04/mmr_multiple_rxa"), "ORC", 3, 3, "");
    assertThat(VALIDATOR.validate(PARSER.parse(set(mmr, "RXA", 3, 21, "D")).message(), NOW))
        .extracting(Finding::code, Finding::location)
        .containsExactly(tuple("ORC3_MISSING", "ORC(3)-3"));
  }

  @Test
  void asksNoFillerOrderNumberOfAdditionsOrOfDeletesThatHaveOne() {
    assertThat(codes(set(TestMessages.vxu(), "ORC", 1, 3, ""))).isEmpty();
    assertThat(codes(set(set(TestMessages.vxu(), "ORC", 1, 3, ""), "RXA", 1, 21, "A"))).isEmpty();
    assertThat(codes(rxa(21, "D"))).isEmpty();
    assertThat(codes(rxa(21, "U"))).isEmpty();
  }

  @Test
  void asksForTheSourceOnlyOfGivenDosesAndForTheReasonOfRefusals() {
    String refusedWithoutSource = set(set(rxa(20, "RE"), "RXA", 1, 9, ""), "RXA", 1, 6, "999");
    assertThat(codes(refusedWithoutSource)).containsExactly("RXA18_MISSING");
    assertThat(codes(set(refusedWithoutSource, "RXA", 1, 18, "00^Parental decision^NIP002")))
        .isEmpty();
    assertThat(codes(set(set(rxa(20, "NA"), "RXA", 1, 9, ""), "RXA", 1, 5, "998^none^CVX")))
        .isEmpty();
    assertThat(codes(set(rxa(20, "PA"), "RXA", 1, 9, ""))).containsExactly("RXA9_MISSING");
    assertThat(codes(set(rxa(20, ""), "RXA", 1, 9, "")))
        .containsExactly("RXA9_MISSING", "RXA20_MISSING");
    // An evidence-of-immunity record sent as CVX 998 without RXA-20 (as some registries do).
    assertThat(codes(set(set(rxa(20, ""), "RXA", 1, 9, ""), "RXA", 1, 5, "998^none^CVX")))
        .containsExactly("RXA20_MISSING");
  }

  @Test
  void checksObservationCodesAsWarnings() {
    String msg = set(TestMessages.vxu(), "OBX", 2, 3, "30956-8^Vaccine type^LN");
    assertThat(VALIDATOR.validate(PARSER.parse(msg).message(), NOW))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("OBX3_LOINC_CHECK_DIGIT", Severity.W, "OBX(2)-3"));
    assertThat(codes(set(msg, "OBX", 4, 3, "29769^VIS presented^LN")))
        .containsExactly("OBX3_LOINC_CHECK_DIGIT", "OBX3_LOINC_FORMAT");
    assertThat(codes(set(TestMessages.vxu(), "OBX", 1, 3, ""))).containsExactly("OBX3_MISSING");
    // The guide's other coding system for observations, and a LOINC in the alternate triplet.
    assertThat(codes(set(TestMessages.vxu(), "OBX", 1, 3, "VXC8^Immunity^CDCPHINVS"))).isEmpty();
    assertThat(codes(set(TestMessages.vxu(), "OBX", 1, 3, "FUND^Funding^L^64994-7^VFC^LN")))
        .isEmpty();
  }

  @Test
  void checksObservationValuesAsLabResultsAreCheckedButOnlyWarns() {
    // The sample's OBX 3 and 4 are the VIS dates (TS), OBX 1 the VFC eligibility (CE).
    String visDate = set(TestMessages.vxu(), "OBX", 3, 5, "2023-09-11");
    assertThat(VALIDATOR.validate(PARSER.parse(visDate).message(), NOW))
        .extracting(Finding::code, Finding::severity, Finding::hl7ErrorCode, Finding::location)
        .containsExactly(tuple("OBX5_INVALID", Severity.W, 102, "OBX(3)-5"));
    // A VIS date sent under CE (KYIR's feed): told to send TS, not a SNOMED CT code.
    String visUnderCe = set(set(TestMessages.vxu(), "OBX", 3, 2, "CE"), "OBX", 3, 5, "20230911");
    assertThat(VALIDATOR.validate(PARSER.parse(visUnderCe).message(), NOW))
        .extracting(Finding::code, Finding::message)
        .containsExactly(
            tuple(
                "OBX5_NO_CODING_SYSTEM",
                "OBX-5 holds a date under value type CE: send a date with OBX-2 TS (or DT)"));
    // A date value's format only: an answer may lie in the future by nature (see ElrValidatorTest).
    assertThat(codes(set(TestMessages.vxu(), "OBX", 4, 5, "20280101"))).isEmpty();
    assertThat(codes(set(TestMessages.vxu(), "OBX", 1, 2, "NM"))).containsExactly("OBX5_DATA_TYPE");
    assertThat(codes(set(TestMessages.vxu(), "OBX", 1, 2, ""))).containsExactly("OBX2_MISSING");
    assertThat(codes(set(TestMessages.vxu(), "OBX", 1, 2, "QQ"))).containsExactly("OBX2_INVALID");
    assertThat(codes(set(TestMessages.vxu(), "OBX", 1, 5, ""))).containsExactly("OBX5_MISSING");
    assertThat(codes(set(TestMessages.vxu(), "OBX", 1, 14, "2026-11-20")))
        .containsExactly("OBX14_INVALID");
    // Errors in a lab result; never here: the observations qualify the dose, they are not the dose.
    String all =
        set(
            set(set(set(visDate, "OBX", 1, 2, "NM"), "OBX", 2, 5, ""), "OBX", 4, 2, ""),
            "OBX",
            1,
            14,
            "2026-11-20");
    assertThat(VALIDATOR.validate(PARSER.parse(all).message(), NOW))
        .extracting(Finding::code, Finding::severity)
        .containsExactlyInAnyOrder(
            tuple("OBX5_DATA_TYPE", Severity.W),
            tuple("OBX14_INVALID", Severity.W),
            tuple("OBX5_MISSING", Severity.W),
            tuple("OBX5_INVALID", Severity.W),
            tuple("OBX2_MISSING", Severity.W));
  }

  @Test
  void saysNothingOfValidObservationValuesOrOfValueTypesTheElrGuideLeavesOut() {
    assertThat(codes(set(set(TestMessages.vxu(), "OBX", 3, 2, "DT"), "OBX", 3, 5, "20230911")))
        .isEmpty();
    // Dose number in series.
    assertThat(codes(set(set(TestMessages.vxu(), "OBX", 2, 2, "NM"), "OBX", 2, 5, "1"))).isEmpty();
    assertThat(codes(set(TestMessages.vxu(), "OBX", 1, 2, "CNE"))).isEmpty();
    // Nothing to say of a value whose status does not call for one.
    assertThat(codes(set(set(TestMessages.vxu(), "OBX", 1, 5, ""), "OBX", 1, 11, ""))).isEmpty();
  }

  @Test
  void requiresBirthDateForImmunizations() {
    assertThat(codes(set(TestMessages.vxu(), "PID", 1, 7, ""))).containsExactly("PID7_MISSING");
  }

  @Test
  void saysAnObservationBeforeTheFirstOrderIsOutOfPlaceRatherThanTheOrcMissing() {
    // A patient-level observation, as the 2.8.2 structure has them: HAPI cannot place it, nor
    // any order after it, but the ORC is there.
    String obx =
        "OBX|1|CE|59784-9^Disease with presumed immunity^LN||38907003^Varicella^SCT||||||F";
    String patientLevel = TestMessages.vxu().replace("\rORC|", "\r" + obx + "\rORC|");
    assertThat(VALIDATOR.validate(PARSER.parse(patientLevel).message(), NOW))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("SEGMENT_OUT_OF_ORDER", Severity.W, "OBX(1)"));
    // The dose still has its ORC: a delete without ORC-3 is located at it.
    assertThat(
            VALIDATOR.validate(
                PARSER.parse(set(set(patientLevel, "ORC", 1, 3, ""), "RXA", 1, 21, "D")).message(),
                NOW))
        .extracting(Finding::code, Finding::location)
        .containsExactly(
            tuple("SEGMENT_OUT_OF_ORDER", "OBX(1)"), tuple("ORC3_MISSING", "ORC(1)-3"));
    // Without any ORC, both are said.
    assertThat(codes(without(patientLevel, "ORC")))
        .containsExactlyInAnyOrder("SEGMENT_OUT_OF_ORDER", "ORC_MISSING");
  }

  @Test
  void saysTheOrcIsMissingOfADoseWhoseOrcComesAfterIt() {
    String vxu = TestMessages.vxu();
    String orc =
        vxu.substring(vxu.indexOf("\rORC|") + 1, vxu.indexOf('\r', vxu.indexOf("\rORC|") + 1));
    assertThat(codes(vxu.replace("\r" + orc, "").replace("\rRXR|", "\r" + orc + "\rRXR|")))
        .containsExactly("ORC_MISSING");
    // Or whose ORC is followed by an observation before it: the order is out of shape.
    String obx = vxu.lines().filter(l -> l.startsWith("OBX|")).findFirst().orElseThrow();
    assertThat(codes(vxu.replace("\r" + obx, "").replace("\rRXA|", "\r" + obx + "\rRXA|")))
        .containsExactly("ORC_MISSING");
  }

  @Test
  void toleratesMissingOrc() {
    assertThat(codes(without(TestMessages.vxu(), "ORC"))).containsExactly("ORC_MISSING");
  }

  @Test
  void warnsWhenNoImmunizationIsReported() {
    String msg = without(without(without(without(TestMessages.vxu(), "ORC"), "RXA"), "RXR"), "OBX");
    assertThat(codes(msg)).containsExactly("RXA_MISSING");
  }
}
