package io.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  static DeidentifiedEvent lab() {
    return new DeidentifiedEvent(
        DeidentifiedEvent.SCHEMA,
        "0b1b6f2e-8f3c-3c1e-9d0a-1f2e3d4c5b6a",
        "deid-v1",
        DeidentifiedEvent.LAB_RESULT,
        "7",
        LocalDate.of(2026, 1, 3),
        LocalDate.of(2026, 1, 4),
        "COVID-19",
        "94500-6",
        "positive",
        null,
        null,
        null,
        "06",
        "06037",
        "900",
        "18-49",
        "F",
        "a".repeat(64),
        1500L,
        60L,
        5L,
        "SPM-17",
        "OBX-19",
        false);
  }

  @Test
  void roundTripsEveryField() {
    DeidentifiedEvent event = lab();
    assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
  }

  @Test
  void writesDatesAsIsoDaysAndNullsExplicitly() {
    String json = EventCodec.encodeToString(lab());
    assertThat(json).contains("\"eventDate\":\"2026-01-03\"").contains("\"vaccineCode\":null");
  }

  @Test
  void encodedFieldsAreExactlyTheSchemaProperties() throws Exception {
    JsonNode schema;
    try (InputStream in = getClass().getResourceAsStream("/schema/vigil.events.v1.schema.json")) {
      schema = new ObjectMapper().readTree(in);
    }
    List<String> declared = new ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(declared::add);
    List<String> written = new ArrayList<>();
    new ObjectMapper()
        .readTree(EventCodec.encode(lab()))
        .fieldNames()
        .forEachRemaining(written::add);
    assertThat(written).containsExactlyElementsOf(declared);
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(n -> required.add(n.asText()));
    assertThat(declared).containsAll(required);
  }

  @Test
  void ignoresFieldsAddedByANewerProducer() {
    String json = EventCodec.encodeToString(lab()).replace("{", "{\"addedLater\":1,");
    assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(lab());
  }

  @Test
  void refusesOtherSchemasAndGarbage() {
    String other = EventCodec.encodeToString(lab()).replace("vigil.events.v1", "vigil.events.v0");
    assertThatThrownBy(() -> EventCodec.decode(other.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(() -> EventCodec.decode("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(() -> EventCodec.decode("{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEventException.class);
  }
}
