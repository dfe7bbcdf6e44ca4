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

  @Test
  void aCaseIsTakenBackWhenItsOnlyPositiveResultIsWithdrawn() throws Exception {
    send("p1", "r1", 3, true);
    withdraw("p1", "r1");
    send("p1", "r2", 20, true); // no episode left: a new case
    assertThat(newCases()).containsExactly("3:+1", "3:-1", "20:+1");
  }

  @Test
  void aCaseIsTakenBackWhenItsPreliminaryPositiveIsFinallyNegative() throws Exception {
    send("p1", "r1", 3, true);
    send("p1", "r1", 3, false); // the same result's final version
    assertThat(output())
        .extracting(c -> c.day() - D0.toEpochDay() + ":" + c.positives() + "/" + c.newCases())
        .containsExactly("3:1/1", "3:0/0", "3:0/-1");
  }

  @Test
  void theCaseMovesToTheNextPositiveWhenTheFirstLeaves() throws Exception {
    send("p1", "r1", 3, true);
    send("p1", "r2", 7, true);
    send("p1", "r3", 9, false);
    withdraw("p1", "r1");
    withdraw("p1", "r3"); // never positive: nothing to take back
    withdraw("p1", "r2");
    assertThat(newCases()).containsExactly("3:+1", "7:+0", "3:-1", "7:+1", "7:-1");
  }

  @Test
  void aLaterPositiveLeavingKeepsTheCase() throws Exception {
    send("p1", "r1", 3, true);
    send("p1", "r2", 7, true);
    withdraw("p1", "r2");
    send("p1", "r2", 7, false);
    assertThat(newCases()).containsExactly("3:+1", "7:+0");
  }

  @Test
  void aFirstPositiveCorrectedToALaterDayMovesTheCase() throws Exception {
    send("p1", "r1", 3, true);
    send("p1", "r2", 6, true);
    send("p1", "r1", 8, true); // r1 corrected: collected on day 8, not 3
    assertThat(newCases()).containsExactly("3:+1", "6:+0", "8:+0", "3:-1", "6:+1");
  }

  @Test
  void aResultWithoutAKeyCannotBeWithdrawn() throws Exception {
    send("p1", ResultVersions.STANDALONE + "e1", 3, true);
    withdraw("p1", ResultVersions.STANDALONE + "e1");
    send("p1", ResultVersions.STANDALONE + "e1", 3, false);
    assertThat(newCases()).containsExactly("3:+1");
  }

  private void withdraw(String person, String resultKey) throws Exception {
    Report r = report(person, 0, false);
    r.labResult = false;
    r.retraction = true;
    r.resultKey = resultKey;
    harness.processElement(r, r.eventDay * 86_400_000L);
  }

  private void send(String person, String resultKey, int day, boolean positive) throws Exception {
    Report r = report(person, day, positive);
    r.resultKey = resultKey;
    r.resultStatus = "final";
    harness.processElement(r, r.eventDay * 86_400_000L);
  }

  private void send(String person, int day, boolean positive) throws Exception {
    Report r = report(person, day, positive);
    harness.processElement(r, r.eventDay * 86_400_000L);
  }

  private static Report report(String person, int day, boolean positive) {
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
    return r;
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
