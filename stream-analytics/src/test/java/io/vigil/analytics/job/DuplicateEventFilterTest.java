package io.vigil.analytics.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DuplicateEventFilterTest {
  static Report report(String id) {
    Report r = new Report();
    r.eventId = id;
    return r;
  }

  @Test
  void passesEachEventIdOnceUntilItIsForgotten() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Report, Report> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DuplicateEventFilter(Duration.ofMillis(1000)),
            new DuplicateEventFilter.ByEventId(),
            Types.STRING)) {
      h.setStateTtlProcessingTime(0);
      h.processElement(new StreamRecord<>(report("a"), 1));
      h.processElement(new StreamRecord<>(report("b"), 1));
      h.processElement(new StreamRecord<>(report("a"), 2)); // the relay repeated a round
      assertThat(h.extractOutputValues()).extracting(r -> r.eventId).containsExactly("a", "b");
      h.setStateTtlProcessingTime(5000);
      h.processElement(new StreamRecord<>(report("a"), 3));
      assertThat(h.extractOutputValues()).extracting(r -> r.eventId).containsExactly("a", "b", "a");
    }
  }

  @Test
  void takesADoseDeletionAsAnyOtherEvent() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Report, Report> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DuplicateEventFilter(Duration.ofDays(1)),
            new DuplicateEventFilter.ByEventId(),
            Types.STRING)) {
      Report deletion = deletion("p1", "FLU", 10);
      deletion.eventId = "d";
      h.processElement(new StreamRecord<>(deletion, 0));
      h.processElement(new StreamRecord<>(deletion, 0));
      assertThat(h.extractOutputValues()).hasSize(1);
    }
  }

  static Report deletion(String person, String group, long day) {
    Report r = dose(person, group, day);
    r.doseDeletion = true;
    return r;
  }

  static Report dose(String person, String group, long day) {
    Report r = new Report();
    r.personKey = person;
    r.vaccineGroup = group;
    r.eventDay = day;
    return r;
  }
}
