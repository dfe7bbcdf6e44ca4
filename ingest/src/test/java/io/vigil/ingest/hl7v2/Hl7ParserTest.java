package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.message.VXU_V04;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Hl7ParserTest {

  static final Hl7Parser PARSER = new Hl7Parser();

  @Test
  void parsesIntoV251Structures() {
    assertThat(PARSER.parse(TestMessages.oru()).message()).isInstanceOf(ORU_R01.class);
    assertThat(PARSER.parse(TestMessages.vxu()).message()).isInstanceOf(VXU_V04.class);
  }

  @Test
  void toleratesZSegmentsAndNotes() {
    Hl7Parser.Result r = PARSER.parse(TestMessages.golden("oru_r01/salmonella_culture_snomed"));
    assertThat(r.parsed()).isTrue();
  }

  @Test
  void reportsTextThatIsNotEr7() {
    Hl7Parser.Result r = PARSER.parse("hello world");
    assertThat(r.parsed()).isFalse();
    assertThat(r.failure().isError()).isTrue();
    assertThat(r.failure().hl7ErrorCode()).isIn(100, 102);
  }

  @Test
  void reportsBrokenHeaderWithoutQuotingIt() {
    Hl7Parser.Result r = PARSER.parse("MSH|^~\\&|A|B|C|D|2026||ORU^R01^ORU_R01|1|P|2.5.1\rPID|x");
    if (!r.parsed()) {
      assertThat(r.failure().message()).doesNotContain("PID|x");
    }
    assertThat(PARSER.parse("MSH|\rPID|").parsed()).isFalse();
  }

  @Test
  void saysWhenTheEncodingCharactersAreUnusable() {
    // A registry export seen in public samples: the escape character left out of MSH-2.
    Hl7Parser.Result r = PARSER.parse(TestMessages.oru().replaceFirst("\\^~\\\\&", "^~&"));
    assertThat(r.parsed()).isFalse();
    assertThat(r.failure().code()).isEqualTo("MSH2_INVALID");
    assertThat(r.failure().location()).isEqualTo("MSH-2");

    assertThat(Hl7Parser.hasUsableEncodingCharacters(TestMessages.oru())).isTrue();
    assertThat(Hl7Parser.hasUsableEncodingCharacters("MSH|^~\\&#|A"))
        .as("v2.7 truncation")
        .isTrue();
    assertThat(Hl7Parser.hasUsableEncodingCharacters("MSH|^~&|A")).isFalse();
    assertThat(Hl7Parser.hasUsableEncodingCharacters("MSH|^^\\&|A")).as("repeated").isFalse();
    assertThat(Hl7Parser.hasUsableEncodingCharacters("MSH|^~\\A|A")).as("a letter").isFalse();
    assertThat(Hl7Parser.hasUsableEncodingCharacters("MSH||A")).as("empty").isFalse();
  }

  @Test
  void neverWritesAnIdFile() throws Exception {
    Files.deleteIfExists(Path.of("id_file"));
    PARSER.parse(TestMessages.oru()).message().generateACK();
    assertThat(Path.of("id_file")).doesNotExist();
  }

  @Test
  void namesTheLineThatIsNotASegmentWithoutQuotingIt() {
    // Narrative result text with a raw line break: the second half becomes a "segment".
    String oru = TestMessages.oru();
    int obx = oru.indexOf("\rOBX|");
    String broken =
        oru.substring(0, obx) + "\rPatient reports fever since Monday" + oru.substring(obx);
    int position = (int) oru.substring(0, obx + 1).chars().filter(c -> c == '\r').count() + 1;

    Hl7Parser.Result r = PARSER.parse(broken);

    assertThat(r.parsed()).isFalse();
    assertThat(r.failure().code()).isEqualTo("HL7_SEGMENT_MALFORMED");
    assertThat(r.failure().hl7ErrorCode()).isEqualTo(100);
    assertThat(r.failure().message())
        .startsWith("Segment " + position + " does not begin")
        .doesNotContain("fever");
  }

  @Test
  void findsTheFirstMalformedSegment() {
    assertThat(Hl7Parser.firstMalformedSegment("MSH|^~\\&|A\rPID|1\rOBX|1")).isZero();
    assertThat(Hl7Parser.firstMalformedSegment("MSH|^~\\&|A\rPID|1\rZZZ")).isZero();
    assertThat(Hl7Parser.firstMalformedSegment("MSH|^~\\&|A\rPID|1\rhello world")).isEqualTo(3);
    assertThat(Hl7Parser.firstMalformedSegment("MSH|^~\\&|A\rPI\rOBX|1")).isEqualTo(2);
    assertThat(Hl7Parser.firstMalformedSegment("MSH#^~\\&#A\rPID#1\rOBX|1")).isEqualTo(3);
    assertThat(Hl7Parser.firstMalformedSegment("hello")).isZero();
  }
}
