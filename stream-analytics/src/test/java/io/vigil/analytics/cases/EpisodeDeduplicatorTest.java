package io.vigil.analytics.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.analytics.job.Report;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EpisodeDeduplicatorTest {
  private static final LocalDate D0 = LocalDate.of(2026, 3, 1);

  private KeyedOneInputStreamOperatorTestHarness<String, Report, LabCount> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new EpisodeDeduplicator(90, 30), new ByPerson(), Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void countsAPersonOncePerEpisode() throws Exception {
    send("p1", 0, true);
    send("p1", 10, true);
    send("p1", 89, true);
    send("p1", 90, true); // 90 days after the start: a new episode
    send("p2", 10, true);
    assertThat(newCases()).containsExactly("0:+1", "10:+0", "89:+0", "90:+1", "10:+1");
  }

  @Test
  void negativesAreTestsButNeverCases() throws Exception {
    send("p1", 0, false);
    send("p1", 1, true);
    assertThat(output())
        .extracting(c -> c.tests() + "/" + c.positives() + "/" + c.newCases())
        .containsExactly("1/0/0", "1/1/1");
  }

  @Test
  void aLateEarlierPositiveMovesTheCaseToItsDay() throws Exception {
    send("p1", 10, true);
    send("p1", 4, true); // reported late: the episode started on day 4
    send("p1", 12, true);
    assertThat(newCases()).containsExactly("10:+1", "10:-1", "4:+1", "12:+0");
  }

  @Test
  void anOlderSeparateEpisodeReportedLateCountsWithoutMovingTheCurrentOne() throws Exception {
    send("p1", 100, true);
    send("p1", 5, true); // 95 days earlier: outside the episode
    send("p1", 150, true);
    assertThat(newCases()).containsExactly("100:+1", "5:+1", "150:+0");
  }

  @Test
  void forgetsThePersonWhenTheStateTtlExpires() throws Exception {
    harness.setStateTtlProcessingTime(0);
    send("p1", 0, true);
    harness.setStateTtlProcessingTime(Duration.ofDays(119).toMillis());
    send("p1", 1, true); // not a write: TTL counts from the creation
    harness.setStateTtlProcessingTime(Duration.ofDays(120).toMillis() + 1);
    send("p1", 2, true); // state expired (90 + 30 days): counted again
    assertThat(newCases()).containsExactly("0:+1", "1:+0", "2:+1");
  }

  private void send(String person, int day, boolean positive) throws Exception {
    Report r = new Report();
    r.labResult = true;
    r.senderId = "7";
    r.eventDay = D0.toEpochDay() + day;
    r.receivedDay = r.eventDay + 1;
    r.condition = "COVID-19";
    r.positive = positive;
    r.stateFips = "06";
    r.countyFips = "06037";
    r.zip3 = "900";
    r.ageBand = "18-49";
    r.sex = "F";
    r.personKey = person;
    harness.processElement(r, r.eventDay * 86_400_000L);
  }

  private List<LabCount> output() {
    return harness.getOutput().stream()
        .filter(StreamRecord.class::isInstance)
        .map(o -> (LabCount) ((StreamRecord<?>) o).getValue())
        .collect(Collectors.toList());
  }

  private List<String> newCases() {
    return output().stream()
        .filter(c -> c.positives() > 0 || c.newCases() != 0)
        .map(c -> (c.day() - D0.toEpochDay()) + ":" + (c.newCases() < 0 ? "" : "+") + c.newCases())
        .collect(Collectors.toList());
  }

  static final class ByPerson implements KeySelector<Report, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Report r) {
      return r.personKey + '|' + r.condition;
    }
  }
}
