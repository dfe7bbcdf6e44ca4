package io.vigil.ingest.hl7v2;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Hl7v2ExaminerTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC);
  static final Hl7v2Examiner EXAMINER = new Hl7v2Examiner(CLOCK);

  static Examination examine(String text) {
    return EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsValidReports() {
    Examination e = examine(TestMessages.oru());
    assertThat(e.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(e.messageType()).isEqualTo("ORU^R01");
    assertThat(e.controlId()).isEqualTo("LAB20261120-0001");
    assertThat(e.findings()).isEmpty();
    assertThat(examine(TestMessages.vxu()).disposition()).isEqualTo(Disposition.ACCEPT);
  }

  /**
   * The IZ guide's segment-group rejection: a dose in error is left out and the message's other
   * doses are used (AE all the same); an error outside the doses rejects them all.
   */
  @Test
  void aDoseInErrorIsLeftOutAndTheOthersAreUsed() {
    String history = TestMessages.golden("vxu_v04/mmr_multiple_rxa");
    String oneBad =
        history.replace("|08^Hep B, adolescent or pediatric^CVX|", "|777^Nonesuch^CVX|");
    assertThat(oneBad).isNotEqualTo(history);
    Examination e = examine(oneBad);
    assertThat(e.disposition()).isEqualTo(Disposition.ERROR);
    assertThat(e.findings())
        .extracting(Finding::code, Finding::location)
        .contains(tuple("RXA5_CVX_UNKNOWN", "RXA(3)-5"), tuple("DOSES_REJECTED", "RXA(3)"));
    assertThat(e.report().orElseThrow().patients().get(0).immunizations())
        .extracting(d -> d.vaccine().code())
        .containsExactly("03", "21", "20");
    // An error outside the doses (the patient's identifier): nothing is used.
    Examination patientToo = examine(oneBad.replace("|PAT2002^^^MyEHR^MR|", "||"));
    assertThat(patientToo.disposition()).isEqualTo(Disposition.ERROR);
    assertThat(patientToo.report()).isEmpty();
    assertThat(patientToo.findings()).extracting(Finding::code).doesNotContain("DOSES_REJECTED");
    // Every dose in error: nothing is left to use.
    String allBad = TestMessages.vxu().replaceAll("\\|[0-9]+\\^([^|^]*)\\^CVX\\|", "|777^$1^CVX|");
    assertThat(examine(allBad).report()).isEmpty();
  }

  @Test
  void toleratesLeadingLineEndsAndIndentedSegments() {
    for (String lead : new String[] {"\r\n", "\n\n", "\t", " "}) {
      assertThat(examine(lead + TestMessages.oru()).findings()).as("after %s", lead).isEmpty();
    }
    Examination indented = examine(TestMessages.oru().replace("\rOBR|", "\r  OBR|"));
    assertThat(indented.findings()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"9, 'ORU^R01^ORU_R01   '", "9, 'ORU ^R01'", "12, '2.5.1 '", "12, ' 2.5.1'"})
  void readsPaddedTypeAndVersionAsTheHeaderSaysThem(int field, String value) {
    // Both were read trimmed for the verdict, then failed HAPI's parse (unknown version) or
    // picked a generic structure (STRUCTURE_UNEXPECTED): one reading for both now.
    Examination e = examine(set(TestMessages.oru(), "MSH", 1, field, value));
    assertThat(e.findings()).isEmpty();
    assertThat(e.disposition()).isEqualTo(Disposition.ACCEPT);
  }

  @Test
  void tellsTheSenderWhenMsh18DoesNotDescribeTheBytes() {
    String utf8Declared = set(TestMessages.oru(), "MSH", 1, 18, "UNICODE UTF-8");
    Examination latin1 =
        EXAMINER.examine(
            utf8Declared.replace("Alice", "Zoë").getBytes(StandardCharsets.ISO_8859_1));
    assertThat(latin1.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(latin1.findings())
        .extracting(Finding::code, Finding::location, Finding::message)
        .containsExactly(
            tuple(
                "MSH18_MISMATCH",
                "MSH-18",
                "MSH-18 declares 'UNICODE UTF-8' but the bytes are not valid in that character"
                    + " set; the message was read as windows-1252"));

    String latin1Declared = set(TestMessages.oru(), "MSH", 1, 18, "8859/1");
    Examination utf8 =
        EXAMINER.examine(latin1Declared.replace("Alice", "Zoë").getBytes(StandardCharsets.UTF_8));
    assertThat(utf8.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(utf8.decoded().text()).contains("Zoë").doesNotContain("Zo\u00c3");
    assertThat(utf8.findings())
        .extracting(Finding::code, Finding::location)
        .containsExactly(tuple("MSH18_MISMATCH", "MSH-18"));

    // UTF-8 with one Latin-1 character among it: the UTF-8 stays, the sender is told.
    String mixed = utf8Declared.replace("Alice", "Zoë").replace("Main St", "Main St°");
    int at = mixed.indexOf('°');
    byte[] head = mixed.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] tail = mixed.substring(at + 1).getBytes(StandardCharsets.UTF_8);
    byte[] raw = java.util.Arrays.copyOf(head, head.length + 1 + tail.length);
    raw[head.length] = (byte) 0xB0; // ° in Latin-1
    System.arraycopy(tail, 0, raw, head.length + 1, tail.length);
    Examination mixedBytes = EXAMINER.examine(raw);
    assertThat(mixedBytes.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(mixedBytes.decoded().text()).isEqualTo(mixed);
    assertThat(mixedBytes.findings())
        .extracting(Finding::code, Finding::location)
        .containsExactly(tuple("CHARSET_MIXED", "MSH-18"));

    Examination unknown = examine(set(TestMessages.oru(), "MSH", 1, 18, "KLINGON"));
    assertThat(unknown.findings())
        .extracting(Finding::code, Finding::message)
        .containsExactly(
            tuple(
                "MSH18_UNKNOWN",
                "MSH-18 character set 'KLINGON' is not one this hub reads; the message was read"
                    + " as UTF-8"));

    // Declared and true, or not declared at all: nothing to say.
    assertThat(examine(utf8Declared.replace("Alice", "Zoë")).findings()).isEmpty();
    assertThat(
            EXAMINER
                .examine(
                    TestMessages.oru()
                        .replace("Alice", "Zoë")
                        .getBytes(StandardCharsets.ISO_8859_1))
                .findings())
        .isEmpty();
  }

  @Test
  void contentErrorsGiveErrorWithErrorsFirst() {
    String msg = set(set(TestMessages.oru(), "OBX", 1, 3, "X^local^L"), "OBR", 1, 25, "");
    Examination e = examine(msg);
    assertThat(e.disposition()).isEqualTo(Disposition.ERROR);
    assertThat(e.findings().get(0).isError()).isTrue();
    assertThat(e.findings()).extracting(Finding::code).contains("OBX3_NO_LOINC", "OBR25_MISSING");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "12 | 2.3 | MSH12_UNSUPPORTED_VERSION | 203 | HL7 version '2.3' is not accepted; send HL7"
            + " v2.5.1",
        "12 | 2.5 | MSH12_UNSUPPORTED_VERSION | 203 | HL7 version '2.5' is not accepted",
        "12 | '' | MSH12_UNSUPPORTED_VERSION | 203 | MSH-12 version id is missing",
        "9 | ADT^A01^ADT_A01 | MSH9_UNSUPPORTED_TYPE | 200 | Message type 'ADT' is not accepted;"
            + " this hub accepts lab results (ORU R01) and immunizations (VXU V04)",
        "9 | ORU^R30 | MSH9_UNSUPPORTED_EVENT | 201 | Trigger event 'R30' is not accepted; ORU is"
            + " accepted with R01 only",
        "9 | ORU | MSH9_UNSUPPORTED_EVENT | 201 | MSH-9 names no trigger event; ORU is accepted with"
            + " R01 only",
        "9 | ORU^R01^ORU_R30 | MSH9_UNSUPPORTED_STRUCTURE | 200 | MSH-9.3 message structure"
            + " 'ORU_R30' is not accepted; it must be ORU_R01 (or empty)",
        "9 | '' | MSH9_MISSING | 101 | MSH-9 message type is missing",
        // CDC's STD MMG test case TC01 (new6 n01): a case notification is no lab report.
        "21 | NOTF_ORU_v3.0^PHINProfileID^2.16.840.1.114222.4.10.3^ISO~Generic_MMG_V2.0"
            + "^PHINMsgMapID^2.16.840.1.114222.4.10.4^ISO | MSH21_NOT_LAB_REPORT | 200 | MSH-21"
            + " names a case notification to CDC (NNDSS) 'NOTF_ORU_v3.0', not a lab report",
        "21 | STD_MMG_V1.0^PHINMsgMapID^2.16.840.1.114222.4.10.4^ISO | MSH21_NOT_LAB_REPORT | 200"
            + " | MSH-21 names a case notification to CDC (NNDSS) 'STD_MMG_V1.0'",
        "21 | VOL_V_30_ORU_R01^NAACCR_CP | MSH21_NOT_LAB_REPORT | 200 | MSH-21 names a cancer"
            + " pathology report (NAACCR Volume V) 'VOL_V_30_ORU_R01'",
        // regress7 m13/m14: named only by a PHIN case-map guide.
        "21 | Hep_Case_Map_v1.0^PHINMsgMapID^2.16.840.1.114222.4.10.4^ISO | MSH21_NOT_LAB_REPORT"
            + " | 200 | MSH-21 names a case notification to CDC (NNDSS) 'Hep_Case_Map_v1.0'",
        "21 | TB_Case_Map_v2.0 | MSH21_NOT_LAB_REPORT | 200 | MSH-21 names a case notification",
        "11 | X | MSH11_UNSUPPORTED | 202 | MSH-11 processing id 'X' is not one of P, T or D",
        "11 | '' | MSH11_UNSUPPORTED | 202 | MSH-11 processing id is not one of P, T or D",
        // Only short code-like values are quoted back: anything else could be patient data.
        "12 | 2.3 Smith | MSH12_UNSUPPORTED_VERSION | 203 | HL7 version is not accepted",
      })
  void rejectsUnsupportedMessagesNamingWhatWasReceived(
      int field, String value, String code, int hl7, String text) {
    Examination e = examine(set(TestMessages.oru(), "MSH", 1, field, value));
    assertThat(e.disposition()).isEqualTo(Disposition.REJECT);
    assertThat(e.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(code);
              assertThat(f.hl7ErrorCode()).isEqualTo(hl7);
              assertThat(f.message()).startsWith(text);
            });
    assertThat(e.controlId()).isEqualTo("LAB20261120-0001");
  }

  /**
   * Profiles the hub does not know, none, or an ELR profile beside a mapping guide's are lab
   * reports as before; only an ORU^R01 is judged by its profile.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ACME_RESULTS_V2^L",
        "PHLabReport-NoAck^PHINProfileID^2.16.840.1.114222.4.10.3^ISO~Generic_MMG_V2.0^PHINMsgMapID",
        "LRI_Common_Component^^2.16.840.1.113883.9.16^ISO~STD_MMG_V1.0",
        // regress7 m11: the ELR profile named by its OID only; m20: a vendor's name with MMG.
        "^ELR_Receiver^2.16.840.1.113883.9.11^ISO~NOTF_ORU_v3.0",
        "LAB_MMG_EXPORT^L"
      })
  void takesAnOruWhoseProfileIsALabReportsOrUnknown(String profiles) {
    assertThat(examine(set(TestMessages.oru(), "MSH", 1, 21, profiles)).disposition())
        .isEqualTo(Disposition.ACCEPT);
    assertThat(examine(set(TestMessages.vxu(), "MSH", 1, 21, "NOTF_ORU_v3.0")).findings())
        .extracting(Finding::code)
        .doesNotContain("MSH21_NOT_LAB_REPORT");
  }

  @Test
  void acceptsVersionWithExtraComponents() {
    Examination e = examine(set(TestMessages.oru(), "MSH", 1, 12, "2.5.1^USA"));
    assertThat(e.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(examine(set(TestMessages.oru(), "MSH", 1, 9, "ORU^R01")).disposition())
        .isEqualTo(Disposition.ACCEPT);
  }

  @Test
  void rejectsIdentifiersTooLongToKeepAsKeys() {
    String longest = "C".repeat(199);
    assertThat(examine(set(TestMessages.oru(), "MSH", 1, 10, longest)).disposition())
        .isEqualTo(Disposition.ACCEPT);
    Examination control = examine(set(TestMessages.oru(), "MSH", 1, 10, longest + "C"));
    assertThat(control.disposition()).isEqualTo(Disposition.REJECT);
    assertThat(control.findings())
        .extracting(Finding::code, Finding::location)
        .containsExactly(tuple("MSH10_TOO_LONG", "MSH-10"));
    Examination facility =
        examine(set(TestMessages.oru(), "MSH", 1, 4, "Lab^" + "9".repeat(200) + "^CLIA"));
    assertThat(facility.disposition()).isEqualTo(Disposition.REJECT);
    assertThat(facility.findings()).extracting(Finding::code).containsExactly("MSH4_TOO_LONG");
  }

  @Test
  void rejectsTextWithoutHeader() {
    Examination e = examine("PID|1||x\rOBX|1");
    assertThat(e.disposition()).isEqualTo(Disposition.REJECT);
    assertThat(e.header()).isEmpty();
    assertThat(e.controlId()).isEmpty();
    assertThat(e.findings().get(0).code()).isEqualTo("MSH_MISSING");
  }

  @Test
  void rejectsUnsplitBatches() {
    Examination e = examine("BHS|^~\\&|A\r" + TestMessages.oru() + "\rBTS|1");
    assertThat(e.disposition()).isEqualTo(Disposition.REJECT);
    assertThat(e.findings().get(0).code()).isEqualTo("BATCH_NOT_SPLIT");
  }

  @Test
  void unexpectedFailuresBecomeInternalErrors() {
    Examination e = EXAMINER.examine((DecodedMessage) null);
    assertThat(e.disposition()).isEqualTo(Disposition.REJECT);
    assertThat(e.findings().get(0).hl7ErrorCode()).isEqualTo(207);
  }

  /**
   * A defect met inside the examination (here a clock that fails) is an internal error that keeps
   * the header for the acknowledgement, but does not claim the control id: the resend after the fix
   * is examined again.
   */
  @Test
  void aDefectMidExaminationKeepsTheHeaderButNotTheControlId() {
    Clock broken =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            throw new IllegalStateException("a defect");
          }
        };
    Examination e =
        new Hl7v2Examiner(broken).examine(TestMessages.oru().getBytes(StandardCharsets.UTF_8));

    assertThat(e.disposition()).isEqualTo(Disposition.REJECT);
    assertThat(e.findings()).extracting(Finding::code).containsExactly("INTERNAL_ERROR");
    assertThat(e.controlId()).isEqualTo("LAB20261120-0001");
    assertThat(e.claimsControlId()).isFalse();
    assertThat(examine(TestMessages.oru()).claimsControlId()).isTrue();
  }

  @Test
  void neverThrowsOnTruncatedOrMutatedMessages() {
    byte[] good = TestMessages.oru().getBytes(StandardCharsets.UTF_8);
    Random random = new Random(7);
    for (int len = 0; len < good.length; len += 5) {
      byte[] cut = java.util.Arrays.copyOf(good, len);
      assertThat(EXAMINER.examine(cut)).isNotNull();
      byte[] mutated = good.clone();
      for (int i = 0; i < 5; i++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      assertThat(EXAMINER.examine(mutated).disposition()).isNotNull();
    }
    assertThat(EXAMINER.examine((byte[]) null).disposition()).isEqualTo(Disposition.REJECT);
  }
}
