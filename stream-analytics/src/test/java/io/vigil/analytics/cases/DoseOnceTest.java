package io.vigil.analytics.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.analytics.job.Report;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DoseOnceTest {
  @Test
  void aDoseReportedAgainCountsOnceAndOtherDosesEachCount() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Report, Report> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DoseOnce(Duration.ofDays(30)), new DoseOnce.ByPersonGroupDay(), Types.STRING)) {
      h.processElement(new StreamRecord<>(dose("p1", "FLU", 10), 0));
      h.processElement(new StreamRecord<>(dose("p1", "FLU", 10), 0)); // resent history
      h.processElement(new StreamRecord<>(dose("p1", "FLU", 40), 0)); // a second dose
      h.processElement(new StreamRecord<>(dose("p1", "MMR", 10), 0)); // another vaccine
      h.processElement(new StreamRecord<>(dose("p2", "FLU", 10), 0)); // another person
      assertThat(h.extractOutputValues())
          .extracting(r -> r.personKey + "/" + r.vaccineGroup + "/" + r.eventDay)
          .containsExactly("p1/FLU/10", "p1/FLU/40", "p1/MMR/10", "p2/FLU/10");
    }
  }

  private static Report dose(String person, String group, long day) {
    Report r = new Report();
    r.personKey = person;
    r.vaccineGroup = group;
    r.eventDay = day;
    return r;
  }
}
