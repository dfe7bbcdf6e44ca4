package io.vigil.ingest.ack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Delimiters;
import io.vigil.ingest.hl7v2.MessageHeader;
import io.vigil.ingest.hl7v2.MshReader;
import io.vigil.ingest.validation.Finding;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AckWriterTest {

  static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneId.of("America/Chicago"));
  static final AckWriter WRITER = new AckWriter(CLOCK);

  static MessageHeader header(String msh) {
    return MshReader.read(msh).orElseThrow();
  }

  /** A 2.3.1 engine reads no ERR-2..8: the reason of its AR is in MSA-3 as well. */
  @Test
  void givesAnOlderVersionsRejectItsReasonInMsa3() {
    Finding version =
        Finding.error(
            "MSH12_UNSUPPORTED_VERSION",
            203,
            "MSH-12",
            "HL7 version '2.3.1' is not accepted: send HL7 v2.5.1 (the ELR and IZ guides' version)");
    String old =
        WRITER.render(
            header("MSH|^~\\&|A|B|C|D|2026||ORU^R01|9|P|2.3.1"), AckCode.AR, List.of(version), "A");
    assertThat(old.split("\r")[1])
        .isEqualTo("MSA|AR|9|HL7 version '2.3.1' is not accepted: send HL7 v2.5.1");
    assertThat(old).contains("\rERR||MSH^1^12|203^");
    String current =
        WRITER.render(
            header("MSH|^~\\&|A|B|C|D|2026||ORU^R01|9|P|2.5.1"), AckCode.AE, List.of(version), "A");
    assertThat(current.split("\r")[1]).isEqualTo("MSA|AE|9");
  }

  @Test
  void swapsSenderAndReceiverAndEchoesIds() {
    MessageHeader h =
        header("MSH|^~\\&|LAB^1.2^ISO|FAC^05D1^CLIA|HUB|DOH|2026||ORU^R01^ORU_R01|C-1|T|2.5.1");
    String ack = WRITER.render(h, AckCode.AA, List.of(), "A-1");
    assertThat(ack)
        .isEqualTo(
            "MSH|^~\\&|HUB|DOH|LAB^1.2^ISO|FAC^05D1^CLIA|20261122090000-0600||ACK^R01^ACK|A-1|T"
                + "|2.5.1\rMSA|AA|C-1\r");
  }

  @Test
  void echoesAPaddedControlIdExactlyAsSent() {
    // Fixed-width exporters pad MSH-10; an engine matching MSA-2 to what it sent compares bytes.
    MessageHeader h = header("MSH|^~\\&|A|B|C|D|2026||ORU^R01|  C-7   |P|2.5.1");
    assertThat(h.controlId()).isEqualTo("C-7");
    String ack = WRITER.render(h, AckCode.AA, List.of(), "A-1");
    assertThat(ack.split("\r")[1]).isEqualTo("MSA|AA|  C-7   ");
  }

  /**
   * Control characters are not ER7: an MSH-10 with an ESC sequence came back raw in MSA-2 (red-team
   * review), and over HTTP a 0x1C 0x0B in MSH-3 came back in MSH-5, where a bridge relaying the ACK
   * over MLLP would cut its frame. They are hex escapes now, and the ACK stays one message.
   */
  @Test
  void writesControlCharactersOfEchoedValuesAsHexEscapes() {
    MessageHeader h =
        header(
            "MSH|^~\\&|Lab\u001c\u000bFlow^1.2^ISO|FAC\u0085^05D1^CLIA|HUB\u007f|DOH|2026"
                + "||ORU^R01|C\u001b[2JTL-E\u0000|P|2.5.1");
    String ack = WRITER.render(h, AckCode.AA, List.of(), "A-1");
    assertThat(ack.split("\r"))
        .containsExactly(
            "MSH|^~\\&|HUB\\X7F\\|DOH|Lab\\X1C\\\\X0B\\Flow^1.2^ISO|FAC\\X85\\^05D1^CLIA"
                + "|20261122090000-0600||ACK^R01^ACK|A-1|P|2.5.1",
            "MSA|AA|C\\X1B\\[2JTL-E\\X00\\");
    assertThat(ack.chars().filter(c -> c != '\r' && Character.isISOControl(c))).isEmpty();
  }

  /** Escapes in the message's own escape character, where it has another. */
  @Test
  void hexEscapesInTheMessagesOwnEscapeCharacter() {
    MessageHeader h = header("MSH|^~#&|A|B|C|D|2026||ORU^R01|C\u001b1|P|2.5.1");
    assertThat(WRITER.render(h, AckCode.AA, List.of(), "A-1").split("\r")[1])
        .isEqualTo("MSA|AA|C#X1B#1");
  }

  /** Where the ACK falls back to the standard delimiters, controls are escaped all the same. */
  @Test
  void hexEscapesControlsWhenTheMessageDelimitersAreUnusable() {
    MessageHeader h = header("MSH|^~\\\\&|A&B|F|HUB|DOH|2026||ORU^R01|C\u000b1|P|2.5.1");
    String ack = WRITER.render(h, AckCode.AA, List.of(), "A-1");
    assertThat(ack.split("\r")[0]).startsWith("MSH|^~\\&|HUB|DOH|A\\T\\B|F|");
    assertThat(ack.split("\r")[1]).isEqualTo("MSA|AA|C\\X0B\\1");
  }

  /** Senders match ACKs by MSA-2: anything but a control, escapes and non-ASCII too, is as sent. */
  @Test
  void echoesAControlIdWithoutControlsByteForByte() {
    String id = " Ünï-中文 \\X41\\ \\T\\ ~x ";
    MessageHeader h = header("MSH|^~\\&|A|B|C|D|2026||ORU^R01|" + id + "|P|2.5.1");
    assertThat(WRITER.render(h, AckCode.AA, List.of(), "A-1").split("\r")[1])
        .isEqualTo("MSA|AA|" + id);
  }

  @Test
  void escapesEchoedValuesWhenTheMessageDelimitersAreUnusable() {
    // Found by fuzzing: MSH-1 is a NUL, so the ACK falls back to |^~\& and the raw values, split on
    // NUL, contain '|': echoed verbatim they shifted the ACK's fields and its MSA-2.
    MessageHeader h =
        header(
            "MSH\u0000^~\\&\u0000L|X\u0000F\u0000H\u0000D\u00002026\u0000\u0000ORU^R01\u0000C|1\u0000P\u00002.5.1");
    String ack = WRITER.render(h, AckCode.AR, List.of(), "A-1");
    String[] segments = ack.split("\r");
    assertThat(segments).hasSize(2);
    assertThat(segments[0].split("\\|", -1)).hasSize(12);
    assertThat(segments[0]).contains("|L\\F\\X|");
    assertThat(segments[1]).isEqualTo("MSA|AR|C\\F\\1");
    assertThat(MshReader.read(ack).orElseThrow().controlId()).isEqualTo("A-1");
  }

  /**
   * MSH-2 with a doubled backslash (a string-escaping bug): the ACK falls back to the standard
   * delimiters, and echoed the sender's own application and facility with every caret escaped, so
   * an engine routing the ACK by them found one component. Only what meant something else in the
   * message (here the ampersand, plain text after the doubled escape) is escaped now (ack4 item
   * 10).
   */
  @Test
  void escapesOnlyTheDelimitersThatMeantSomethingElseInTheMessage() {
    MessageHeader h =
        header(
            "MSH|^~\\\\&|LabFlow^2.16.1^ISO|A&B Labs^05D1^CLIA|HUB|DOH|2026||ORU^R01|C-1|P|2.5.1");
    assertThat(h.encodingCharacters()).isEqualTo("^~\\\\&");
    String msh = WRITER.render(h, AckCode.AA, List.of(), "A-1").split("\r")[0];
    assertThat(msh).startsWith("MSH|^~\\&|HUB|DOH|LabFlow^2.16.1^ISO|A\\T\\B Labs^05D1^CLIA|");
  }

  @Test
  void echoesCharacterSetInMsh18() {
    MessageHeader h = header("MSH|^~\\&|A|B|C|D|2026||ORU^R01|9|P|2.5.1||||||8859/1");
    String msh = WRITER.render(h, AckCode.AA, List.of(), "A").split("\r")[0];
    assertThat(msh.split("\\|", -1)).hasSize(18);
    assertThat(msh).endsWith("|P|2.5.1||||||8859/1");
  }

  @Test
  void immunizationAcknowledgementCarriesTheIzAckProfile() {
    MessageHeader h =
        header(
            "MSH|^~\\&|A|B|C|D|2026||VXU^V04^VXU_V04|9|P|2.5.1|||ER|AL|USA|8859/1|||Z22^CDCPHINVS");
    String[] msh = WRITER.render(h, AckCode.AA, List.of(), "A").split("\r")[0].split("\\|", -1);
    assertThat(msh).hasSize(21);
    assertThat(msh[14]).as("MSH-15").isEqualTo("NE");
    assertThat(msh[15]).as("MSH-16").isEqualTo("NE");
    assertThat(msh[17]).as("MSH-18").isEqualTo("8859/1");
    assertThat(msh[20]).as("MSH-21").isEqualTo("Z23^CDCPHINVS");
    MessageHeader other = header("MSH|~!\\@|A|B|C|D|2026||VXU~V04|9|P|2.5.1");
    assertThat(WRITER.render(other, AckCode.AA, List.of(), "A")).contains("|Z23~CDCPHINVS\r");
  }

  @Test
  void alwaysEchoesMsh10EvenWhenEmpty() {
    MessageHeader h = header("MSH|^~\\&|A|B|C|D|2026||ORU^R01||P|2.5.1");
    assertThat(WRITER.render(h, AckCode.AE, List.of(), "A")).contains("\rMSA|AE|\r");
  }

  @Test
  void rendersFindingsAsErrSegments() {
    MessageHeader h = header("MSH|^~\\&|A|B|C|D|2026||ORU^R01|7|P|2.5.1");
    List<Finding> findings =
        List.of(
            Finding.error("OBX3_LOINC_CHECK_DIGIT", 103, "OBX(2)-3", "bad | code ^ ~ \\ & x"),
            Finding.warning("PID7_MISSING", 101, "PID-7", "PID-7 date of birth is missing"));
    String[] segments = WRITER.render(h, AckCode.AE, findings, "A").split("\r");
    assertThat(segments[2])
        .isEqualTo(
            "ERR||OBX^2^3|103^Table value not found^HL70357|E|OBX3_LOINC_CHECK_DIGIT^^VIGIL|||"
                + "bad \\F\\ code \\S\\ \\R\\ \\E\\ \\T\\ x");
    assertThat(segments[3])
        .isEqualTo(
            "ERR||PID^1^7|101^Required field missing^HL70357|W|PID7_MISSING^^VIGIL|||"
                + "PID-7 date of birth is missing");
  }

  @Test
  void listsAtMostAHundredFindingsAndSaysHowManyAreLeftOut() {
    MessageHeader h = header("MSH|^~\\&|A|B|C|D|2026||ORU^R01|7|P|2.5.1");
    List<Finding> exactly =
        java.util.stream.IntStream.range(0, AckWriter.MAX_ERR_SEGMENTS)
            .mapToObj(i -> Finding.error("OBX3_MISSING", 101, "OBX(" + (i + 1) + ")-3", "x"))
            .toList();
    assertThat(WRITER.render(h, AckCode.AE, exactly, "A").split("\r"))
        .hasSize(2 + 100)
        .noneMatch(s -> s.contains("FINDINGS_TRUNCATED"));

    List<Finding> many =
        java.util.stream.IntStream.range(0, 250)
            .mapToObj(i -> Finding.error("OBX3_MISSING", 101, "OBX(" + (i + 1) + ")-3", "x"))
            .toList();
    String[] segments = WRITER.render(h, AckCode.AE, many, "A").split("\r");
    assertThat(segments).hasSize(2 + 100);
    assertThat(segments[100]).startsWith("ERR||OBX^99^3|");
    assertThat(segments[101]).startsWith("ERR|||0^^HL70357|I|FINDINGS_TRUNCATED^^VIGIL|||151 more");
  }

  /** 0357 code 0 says "Message accepted": not beside errors, as DOSES_REJECTED is in an AE. */
  @Test
  void anInformationErrBesideErrorsDoesNotSayMessageAccepted() {
    MessageHeader h = header("MSH|^~\\&|A|B|C|D|2026||VXU^V04^VXU_V04|8|P|2.5.1");
    Finding unknownCvx = Finding.error("RXA5_CVX_UNKNOWN", 103, "RXA(2)-5", "CVX '999' unknown");
    Finding doses = Finding.info("DOSES_REJECTED", 0, "", "dose 2 is not used");
    String ae = WRITER.render(h, AckCode.AE, List.of(unknownCvx, doses), "A");
    assertThat(ae)
        .contains("\rERR|||0^^HL70357|I|^^^DOSES_REJECTED^^VIGIL|||dose 2 is not used\r")
        .doesNotContain("Message accepted");
    // Alone (information in an AA), code 0 keeps its table text.
    Finding uncounted = Finding.info("PROCESSING_ID_NOT_COUNTED", 0, "MSH-11", "not counted");
    assertThat(WRITER.render(h, AckCode.AA, List.of(uncounted), "A"))
        .contains("|0^Message accepted^HL70357|I|^^^PROCESSING_ID_NOT_COUNTED^^VIGIL|");
  }

  /** ERR-5 of an IZ acknowledgement: the 0533 class first, the hub's code as the alternate. */
  @Test
  void givesImmunizationErrorsTheIzGuidesErrorClass() {
    MessageHeader vxu = header("MSH|^~\\&|A|B|C|D|2026||VXU^V04^VXU_V04|8|P|2.5.1");
    Finding unknownCvx = Finding.error("RXA5_CVX_UNKNOWN", 103, "RXA(1)-5", "CVX unknown");
    Finding doses = Finding.info("DOSES_REJECTED", 0, "", "dose 1 is not used");
    String ae = WRITER.render(vxu, AckCode.AE, List.of(unknownCvx, doses), "A");
    assertThat(ae)
        .contains(
            "\rERR||RXA^1^5|103^Table value not found^HL70357|E"
                + "|5^Table value not found^HL70533^RXA5_CVX_UNKNOWN^^VIGIL|||CVX unknown\r")
        .contains("|I|^^^DOSES_REJECTED^^VIGIL|||");
    // A lab report's acknowledgement keeps the hub's code alone.
    MessageHeader oru = header("MSH|^~\\&|A|B|C|D|2026||ORU^R01^ORU_R01|9|P|2.5.1");
    assertThat(WRITER.render(oru, AckCode.AE, List.of(unknownCvx), "A"))
        .contains("|E|RXA5_CVX_UNKNOWN^^VIGIL|||");
  }

  @Test
  void cutsMsa3WhereAClauseEnds() {
    assertThat(AckWriter.fitted("short", 80)).isEqualTo("short");
    String text =
        "OBX-5 value is not a number for value type NM; send the numeric result in OBX-5 and"
            + " any comparator in OBX-5.1 of an SN";
    assertThat(AckWriter.fitted(text, 80))
        .isEqualTo("OBX-5 value is not a number for value type NM");
    // No clause end in the second half: at the last space, never mid-word.
    String words = "word ".repeat(30).strip();
    assertThat(AckWriter.fitted(words, 80)).hasSizeLessThanOrEqualTo(80).endsWith("word");
  }

  @Test
  void usesTheOriginalDelimiters() {
    MessageHeader h = header("MSH#$%*@#A#B#C#D#2026##ORU$R01#7#P#2.5.1");
    List<Finding> findings = List.of(Finding.error("X", 102, "OBX(1)-5", "a#b$c"));
    String ack = WRITER.render(h, AckCode.AE, findings, "A");
    assertThat(ack)
        .startsWith("MSH#$%*@#C#D#A#B#")
        .contains("##ACK$R01$ACK#A#P#2.5.1\r")
        .contains("MSA#AE#7\r")
        .contains("ERR##OBX$1$5#102$Data type error$HL70357#E#X$$VIGIL###a*F*b*S*c\r");
  }

  @Test
  void rendersWithoutAnyHeader() {
    String ack =
        WRITER.render(
            Optional.empty(),
            AckCode.AR,
            List.of(Finding.error("MSH_MISSING", 100, "MSH", "No MSH segment was found")),
            "A-9");
    assertThat(ack.split("\r"))
        .containsExactly(
            "MSH|^~\\&|VIGIL||||20261122090000-0600||ACK|A-9|P|2.5.1",
            "MSA|AR|",
            "ERR||MSH^1|100^Segment sequence error^HL70357|E|MSH_MISSING^^VIGIL|||"
                + "No MSH segment was found");
  }

  @Test
  void fallsBackToDefaultsForAmbiguousDelimiters() {
    MessageHeader h = header("MSH|^^^^|A|B|C|D|2026||ORU^R01|7|P|2.5.1");
    assertThat(WRITER.render(h, AckCode.AA, List.of(), "A")).startsWith("MSH|^~\\&|C|D|A|B|");
  }

  @ParameterizedTest
  @CsvSource({
    "OBX(2)-3, OBX^2^3",
    "PID-7, PID^1^7",
    "OBX(2)-5(1).2, OBX^2^5^1^2",
    "OBX(2)-3.1, OBX^2^3^1^1",
    "SPM(1)-2.1.3, SPM^1^2^1^1^3",
    "OBR(4), OBR^4",
    "MSH, MSH^1",
    "OBX^1^3, OBX^1^3",
    "'', ''",
  })
  void convertsLocationsToErl(String location, String erl) {
    assertThat(AckWriter.erl(location, Delimiters.DEFAULT)).isEqualTo(erl);
  }
}
