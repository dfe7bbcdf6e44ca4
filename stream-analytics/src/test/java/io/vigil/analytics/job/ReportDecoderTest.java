package io.vigil.analytics.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.analytics.testing.Events;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import io.vigil.events.MalformedEventException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming decoder gives exactly what the full event codec gives, or refuses alike. */
class ReportDecoderTest {
  private final ReportDecoder decoder = new ReportDecoder();

  @Test
  void labResultsAndDosesDecodeAsTheCodecDoes() {
    DeidentifiedEvent lab =
        Events.lab("p1", "COVID-19", LocalDate.of(2024, 2, 29), "positive")
            .sender("12", LocalDate.of(2024, 3, 2))
            .lags(4321L, null, 7L, true)
            .build();
    DeidentifiedEvent negative =
        Events.lab("p2", "RSV", LocalDate.of(1999, 12, 31), "negative").build();
    DeidentifiedEvent dose = Events.dose("p3", "COVID-19", LocalDate.of(2026, 1, 1));
    DeidentifiedEvent corrected =
        Events.lab("p4", "RSV", LocalDate.of(2026, 1, 2), "negative")
            .version("r1", "corrected")
            .build();
    DeidentifiedEvent withdrawal =
        Events.lab("p4", "RSV", LocalDate.of(2026, 1, 2), null).withdrawal("r1").build();
    DeidentifiedEvent deletion = Events.doseDeletion("p3", "COVID-19", LocalDate.of(2026, 1, 1));
    for (DeidentifiedEvent e :
        new DeidentifiedEvent[] {lab, negative, dose, corrected, withdrawal, deletion}) {
      byte[] json = EventCodec.encode(e);
      assertThat(ReportDecoder.fast(json)).as("on the fast path").isNotNull();
      assertThat(fields(decoder.decode(json)))
          .isEqualTo(fields(Report.of(EventCodec.decode(json))));
    }
    Report r = decoder.decode(EventCodec.encode(lab));
    assertThat(r.labResult).isTrue();
    assertThat(r.positive).isTrue();
    assertThat(r.eventDay).isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
    assertThat(r.receivedDay).isEqualTo(LocalDate.of(2024, 3, 2).toEpochDay());
    assertThat(r.collectedToReceivedMinutes).isEqualTo(4321L);
    assertThat(r.resultedToReceivedMinutes).isNull();
    assertThat(r.resultBeforeCollection).isTrue();
    Report d = decoder.decode(EventCodec.encode(dose));
    assertThat(d.labResult).isFalse();
    assertThat(d.condition).isEmpty();
    assertThat(d.sex).isEmpty();
    assertThat(d.vaccineGroup).isEqualTo("COVID-19");
    assertThat(d.resultKey).isEmpty();
    assertThat(d.doseDeletion).isFalse();
    Report deleted = decoder.decode(EventCodec.encode(deletion));
    assertThat(deleted.doseDeletion).isTrue();
    assertThat(deleted.labResult || deleted.retraction).isFalse();
    Report c = decoder.decode(EventCodec.encode(corrected));
    assertThat(c.labResult).isTrue();
    assertThat(c.retraction).isFalse();
    assertThat(c.resultKey).isEqualTo(corrected.resultKey()).hasSize(64);
    assertThat(c.resultStatus).isEqualTo("corrected");
    Report w = decoder.decode(EventCodec.encode(withdrawal));
    assertThat(w.labResult).isFalse();
    assertThat(w.retraction).isTrue();
    assertThat(w.resultKey).isEqualTo(c.resultKey);
  }

  @Test
  void formsOutsideTheFastPathStillDecodeAsTheCodecDoes() {
    String base =
        new String(
            EventCodec.encode(
                Events.lab("p", "MPOX", LocalDate.of(2026, 3, 1), "positive").build()),
            StandardCharsets.UTF_8);
    String[] variants = {
      // a lag as a string, a sender id as a number, unknown fields, a missing optional field
      base.replace(
          "\"collectedToReceivedMinutes\":1500", "\"collectedToReceivedMinutes\":\"1500\""),
      base.replace("\"senderId\":\"7\"", "\"senderId\":7"),
      base.replace("{\"schema\"", "{\"extra\":{\"a\":[1,2,{\"b\":null}]},\"schema\""),
      base.replace(",\"resultBeforeCollection\":false", ""),
    };
    assertThat(ReportDecoder.fast(base.getBytes(StandardCharsets.UTF_8))).isNotNull();
    for (String v : variants) {
      assertThat(v).isNotEqualTo(base);
      byte[] json = v.getBytes(StandardCharsets.UTF_8);
      assertThat(fields(decoder.decode(json)))
          .isEqualTo(fields(Report.of(EventCodec.decode(json))));
    }
  }

  @Test
  void whatTheCodecRefusesIsRefused() {
    String base =
        new String(
            EventCodec.encode(
                Events.lab("p", "MPOX", LocalDate.of(2026, 3, 1), "positive").build()),
            StandardCharsets.UTF_8);
    String[] refused = {
      base.replace("vigil.events.v1", "vigil.events.v0"),
      base.replace("\"lab_result\"", "\"surprise\""),
      base.replace("\"eventDate\":\"2026-03-01\"", "\"eventDate\":\"2026-02-30\""),
      base.replace("\"eventDate\":\"2026-03-01\"", "\"eventDate\":null"),
      base.replaceAll("\"personKey\":\"[0-9a-f]+\"", "\"personKey\":null"),
      // a withdrawal must say which result it withdraws
      base.replace("\"lab_result\"", "\"lab_result_retraction\""),
      "{}",
      "[]",
      "null",
      "not json",
      "",
    };
    for (String v : refused) {
      assertThat(v).isNotEqualTo(base);
      assertThatThrownBy(() -> decoder.decode(v.getBytes(StandardCharsets.UTF_8)))
          .as(v)
          .isInstanceOf(MalformedEventException.class);
    }
  }

  private static Map<String, Object> fields(Report r) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : Report.class.getFields()) {
      try {
        out.put(f.getName(), f.get(r));
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }
}
