package io.vigil.ingest.ack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.validation.Finding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IzErrorClassTest {

  /** The hub's codes as the validators report them (code, 0357, location) and their 0533 class. */
  @ParameterizedTest(name = "{0} ({1}) -> {3}")
  @CsvSource({
    "RXA5_CVX_UNKNOWN, 103, RXA(1)-5, 5",
    "RXA20_INVALID, 103, RXA(1)-20, 5",
    "PID8_INVALID, 103, PID-8, 5",
    "RXA3_FUTURE, 102, RXA(1)-3, 1",
    "RXA3_BEFORE_BIRTH, 102, RXA(1)-3, 1",
    "PID7_FUTURE, 102, PID-7, 1",
    "PID7_PLACEHOLDER, 102, PID-7, 1",
    "RXA3_INVALID, 102, RXA(1)-3, 2",
    "PID7_INVALID, 102, PID-7, 2",
    "RXA3_IMPRECISE, 102, RXA(1)-3, 2",
    "RXA6_INVALID, 102, RXA(1)-6, 4",
    "RXA6_ZERO, 102, RXA(1)-6, 4",
    "PID3_MISSING, 101, PID-3, 6",
    "RXA5_MISSING, 101, RXA(1)-5, 6",
    "PID_MISSING, 100, PID, 6",
    "RXA5_CODES_DISAGREE, 103, RXA(1)-5, 3",
    "RXA5_NO_CVX, 103, RXA(1)-5, 5",
    "OBX3_LOINC_CHECK_DIGIT, 103, OBX(1)-3, 4",
    // found and counted: the class would tell the sender the opposite
    "RXA5_NDC_ONLY, 103, RXA(1)-5, 0",
    "RXA5_CVX_CODING_SYSTEM, 103, RXA(1)-5, 0",
    "RXA17_NOT_CODED, 103, RXA(1)-17, 0",
    "OBX4_DUPLICATE, 205, OBX(2)-4, 3",
    // none: information, structure, and what the header, the registration or the hub decide
    "DOSES_REJECTED, 0, '', 0",
    "FINDINGS_TRUNCATED, 0, '', 0",
    "SEGMENT_OUT_OF_ORDER, 100, OBX(1), 0",
    "HL7_UNPARSEABLE, 102, '', 0",
    "MSH12_UNSUPPORTED_VERSION, 203, MSH-12, 0",
    "SENDER_UNKNOWN, 204, MSH-4, 0",
    "MSH10_REUSED, 205, MSH-10, 0",
    "NOT_STORED, 207, '', 0"
  })
  void classifiesFindingsByTable0533(String code, int hl7, String location, int expected) {
    Finding f = Finding.error(code, hl7, location, "text");
    assertThat(IzErrorClass.of(f).map(IzErrorClass::code).orElse(0)).isEqualTo(expected);
  }
}
