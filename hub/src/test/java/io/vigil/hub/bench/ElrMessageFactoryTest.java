package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.parser.PipeParser;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ElrMessageFactoryTest {
  private static final ZonedDateTime NOW =
      ZonedDateTime.of(2026, 11, 22, 12, 0, 0, 0, ZoneOffset.UTC);
  private static HapiContext context;

  private final ElrMessageFactory factory = new ElrMessageFactory(7, "T1", 64, NOW);

  @BeforeAll
  static void createContext() {
    context = new DefaultHapiContext();
  }

  @AfterAll
  static void closeContext() throws Exception {
    context.close();
  }

  @Test
  void messagesParseAsElrOruR01Version251WithDefaultValidation() throws Exception {
    PipeParser parser = context.getPipeParser();
    Set<String> loincs = new HashSet<>();
    Set<String> facilities = new HashSet<>();
    for (long i = 0; i < 200; i++) {
      Message parsed = parser.parse(factory.message(i));
      assertThat(parsed).isInstanceOf(ORU_R01.class);
      ORU_R01 oru = (ORU_R01) parsed;
      MSH msh = oru.getMSH();
      assertThat(msh.getVersionID().getVersionID().getValue()).isEqualTo("2.5.1");
      assertThat(msh.getMessageType().getMessageStructure().getValue()).isEqualTo("ORU_R01");
      assertThat(msh.getMessageProfileIdentifier(0).getEntityIdentifier().getValue())
          .isEqualTo("PHLabReport-Ack");
      assertThat(msh.getMessageControlID().getValue()).isEqualTo(factory.controlId(i));
      var order = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
      assertThat(order.getOBSERVATIONReps()).isBetween(2, 3);
      OBX first = order.getOBSERVATION(0).getOBX();
      assertThat(first.getObservationIdentifier().getNameOfCodingSystem().getValue())
          .isEqualTo("LN");
      assertThat(first.getObservationValue(0).encode()).contains("^SCT^");
      assertThat(order.getSPECIMEN().getSPM().getSpecimenCollectionDateTime().encode())
          .isNotEmpty();
      assertThat(oru.getPATIENT_RESULT().getPATIENT().getPID().getPatientName(0).encode())
          .isNotEmpty();
      loincs.add(first.getObservationIdentifier().getIdentifier().getValue());
      facilities.add(msh.getSendingFacility().getNamespaceID().getValue());
    }
    assertThat(loincs).contains("94500-6").hasSizeGreaterThan(1);
    assertThat(facilities).hasSizeGreaterThan(1);
  }

  @Test
  void everyMessageHasItsOwnControlIdAndIdentifiers() {
    Set<String> controlIds = new HashSet<>();
    Set<String> messages = new HashSet<>();
    for (long i = 0; i < 5_000; i++) {
      String m = factory.message(i);
      controlIds.add(m.split("\r")[0].split("\\|")[9]);
      messages.add(m);
    }
    assertThat(controlIds).hasSize(5_000);
    assertThat(messages).hasSize(5_000);
    assertThat(factory.controlId(42)).isEqualTo("T1-0000000042");
  }

  @Test
  void messagesHaveRealisticSizeAndCarriageReturnSeparators() {
    for (long i = 0; i < 500; i++) {
      String m = factory.message(i);
      assertThat(m.length()).isBetween(1_400, 2_200);
      assertThat(m).doesNotContain("\n").doesNotContain("#").endsWith("\r");
      assertThat(m.split("\r")).extracting(s -> s.substring(0, 3)).startsWith("MSH", "SFT", "PID");
    }
  }

  @Test
  void framesAreMllpWrappedAndMatchTheText() {
    byte[] buf = new byte[factory.maxFrameLength()];
    int length = factory.frames(100, 10).encodeFrame(3, buf);
    assertThat(buf[0]).isEqualTo(ElrMessageFactory.START_BLOCK);
    assertThat(buf[length - 2]).isEqualTo(ElrMessageFactory.END_BLOCK);
    assertThat(buf[length - 1]).isEqualTo(ElrMessageFactory.CARRIAGE_RETURN);
    assertThat(new String(buf, 1, length - 3, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo(factory.message(103));
  }

  @Test
  void sameSeedGivesSameMessages() {
    ElrMessageFactory again = new ElrMessageFactory(7, "T1", 64, NOW);
    ElrMessageFactory other = new ElrMessageFactory(8, "T1", 64, NOW);
    assertThat(again.message(11)).isEqualTo(factory.message(11));
    assertThat(other.message(11)).isNotEqualTo(factory.message(11));
  }
}
