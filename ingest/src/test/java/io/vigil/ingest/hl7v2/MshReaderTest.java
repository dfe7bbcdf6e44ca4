package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MshReaderTest {

  @Test
  void readsEveryHeaderField() {
    MessageHeader h = MshReader.read(TestMessages.oru()).orElseThrow();
    assertThat(h.fieldSeparator()).isEqualTo('|');
    assertThat(h.encodingCharacters()).isEqualTo("^~\\&");
    assertThat(h.sendingApplication()).isEqualTo("LabFlow^2.16.840.1.113883.3.1234.1^ISO");
    assertThat(h.sendingFacility()).isEqualTo("ACME Labs^05D0000001^CLIA");
    assertThat(h.receivingApplication()).startsWith("ELR_HUB^");
    assertThat(h.receivingFacility()).startsWith("STATE_DOH^");
    assertThat(h.messageDateTime()).isEqualTo("20261120143005-0500");
    assertThat(h.messageCode()).isEqualTo("ORU");
    assertThat(h.triggerEvent()).isEqualTo("R01");
    assertThat(h.messageStructure()).isEqualTo("ORU_R01");
    assertThat(h.controlId()).isEqualTo("LAB20261120-0001");
    assertThat(h.processingId()).isEqualTo("P");
    assertThat(h.versionId()).isEqualTo("2.5.1");
    assertThat(h.enhancedMode()).isFalse();
    assertThat(h.senderFacilityId()).isEqualTo("05D0000001");
  }

  @Test
  void readsTheExplicitNullInMsh15AndMsh16AsNotValued() {
    // An engine that writes "" for empty fields asks for original mode, not enhanced mode.
    String base = "MSH|^~\\&|A|B|C|D|20261120||ORU^R01^ORU_R01|1|P|2.5.1|||";
    MessageHeader both = MshReader.read(base + "\"\"|\"\"").orElseThrow();
    assertThat(both.acceptAckType()).isEmpty();
    assertThat(both.applicationAckType()).isEmpty();
    assertThat(both.enhancedMode()).isFalse();
    assertThat(MshReader.read(base + "\"\"").orElseThrow().enhancedMode()).isFalse();
    // A valued field keeps enhanced mode, with "" in the other read as "no acknowledgement".
    MessageHeader one = MshReader.read(base + "\"\"|AL").orElseThrow();
    assertThat(one.enhancedMode()).isTrue();
    assertThat(one.acceptAckType()).isEmpty();
    assertThat(one.applicationAckType()).isEqualTo("AL");
  }

  @Test
  void toleratesAShortHeader() {
    MessageHeader h = MshReader.read("MSH|^~\\&|APP").orElseThrow();
    assertThat(h.sendingApplication()).isEqualTo("APP");
    assertThat(h.controlId()).isEmpty();
    assertThat(h.versionId()).isEmpty();
    assertThat(h.characterSet()).isEmpty();
    assertThat(MshReader.read("MSH|").orElseThrow().encodingCharacters()).isEmpty();
  }

  @Test
  void readsAnyDelimiters() {
    String text = "MSH#$%*@#APP#FAC###20261120##ORU$R01$ORU_R01#C-9#T$A#2.5.1$US######8859/1%ASCII";
    MessageHeader h = MshReader.read(text).orElseThrow();
    assertThat(h.fieldSeparator()).isEqualTo('#');
    assertThat(h.encodingCharacters()).isEqualTo("$%*@");
    assertThat(h.messageCode()).isEqualTo("ORU");
    assertThat(h.triggerEvent()).isEqualTo("R01");
    assertThat(h.controlId()).isEqualTo("C-9");
    assertThat(h.processingId()).isEqualTo("T");
    assertThat(h.versionId()).isEqualTo("2.5.1");
    assertThat(h.characterSet()).isEqualTo("8859/1");
  }

  @Test
  void skipsLeadingGarbage() {
    MessageHeader h =
        MshReader.read("\u000bxx\rjunk MSH|^~\\&|A|B|C|D|2026||ADT^A01|42|P|2.3").orElseThrow();
    assertThat(h.controlId()).isEqualTo("42");
    assertThat(h.versionId()).isEqualTo("2.3");
  }

  @Test
  void readsVersionAndAckModes() {
    String text = "MSH|^~\\&|A|B|C|D|2026||VXU^V04|7|P^T|2.5.1^HL70104|||AL|NE";
    MessageHeader h = MshReader.read(text).orElseThrow();
    assertThat(h.processingId()).isEqualTo("P");
    assertThat(h.versionId()).isEqualTo("2.5.1");
    assertThat(h.acceptAckType()).isEqualTo("AL");
    assertThat(h.applicationAckType()).isEqualTo("NE");
    assertThat(h.enhancedMode()).isTrue();
  }

  @Test
  void emptyWithoutMsh() {
    assertThat(MshReader.read("PID|1||x")).isEmpty();
    assertThat(MshReader.read("MSH")).isEmpty();
    assertThat(MshReader.read("")).isEmpty();
    assertThat(MshReader.read(null)).isEmpty();
    assertThat(MshReader.read("MSHX|^~")).isEmpty();
  }
}
