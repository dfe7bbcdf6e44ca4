package io.vigil.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON encoding of {@link DeidentifiedEvent}s as they travel on Kafka (UTF-8, one object per
 * record). Decoding ignores unknown fields so consumers keep working when producers add optional
 * fields (changes to v1 are additive). Thread-safe.
 */
public final class EventCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private EventCodec() {}

  /** The event as UTF-8 JSON. */
  public static byte[] encode(DeidentifiedEvent event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event could not be encoded", e);
    }
  }

  /** The event as a JSON string (the outbox stores it as jsonb). */
  public static String encodeToString(DeidentifiedEvent event) {
    return new String(encode(event), StandardCharsets.UTF_8);
  }

  /**
   * Decodes one event.
   *
   * @throws MalformedEventException when the bytes are not a valid v1 event
   */
  public static DeidentifiedEvent decode(byte[] json) {
    try {
      return MAPPER.readValue(json, DeidentifiedEvent.class);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new MalformedEventException("not a valid " + DeidentifiedEvent.SCHEMA + " event", e);
    }
  }
}
