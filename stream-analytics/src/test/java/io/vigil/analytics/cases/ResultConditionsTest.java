package io.vigil.analytics.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.analytics.job.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Versions of one result that name another condition than the version they replace ({@link
 * ResultVersions} chained into {@link EpisodeDeduplicator}, as in the job): the totals of tests,
 * positives and cases per condition.
 */
class ResultConditionsTest {
  private KeyedOneInputStreamOperatorTestHarness<String, Report, Report> versions;
  private KeyedOneInputStreamOperatorTestHarness<String, Report, LabCount> episodes;
  private int forwarded;

  @BeforeEach
  void open() throws Exception {
    versions =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new ResultVersions(Duration.ofDays(731)), new Report.ByResultKey(), Types.STRING);
    episodes =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new EpisodeDeduplicator(90, 30), new EpisodeDeduplicatorTest.ByPerson(), Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    versions.close();
    episodes.close();
  }

  /** A culture's final names another organism than its preliminary: the case moves condition. */
  @Test
  void aFinalOfAnotherConditionTakesTheCaseOfTheOldOneBack() throws Exception {
    send(
        result("p1", "preliminary", true, "Shigellosis"),
        result("p1", "final", true, "Salmonellosis"));
    assertThat(totals())
        .containsEntry("Shigellosis", "0 tests, 0 positives, 0 cases")
        .containsEntry("Salmonellosis", "1 tests, 1 positives, 1 cases");
  }

  /** A withdrawal naming another organism than the counted version takes back that version's. */
  @Test
  void aWithdrawalTakesTheCaseBackFromTheConditionItWasCountedIn() throws Exception {
    Report withdrawal = result("p1", "", false, "Shigellosis");
    withdrawal.retraction = true;
    send(result("p1", "final", true, "Salmonellosis"), withdrawal);
    assertThat(totals()).containsEntry("Salmonellosis", "0 tests, 0 positives, 0 cases");
  }

  private void send(Report... reports) throws Exception {
    for (Report r : reports) {
      versions.processElement(new StreamRecord<>(r, 0));
      List<Report> out = versions.extractOutputValues();
      for (; forwarded < out.size(); forwarded++) {
        episodes.processElement(new StreamRecord<>(out.get(forwarded), 0));
      }
    }
  }

  /** Per condition: tests, positives and cases, summed over every cell and day. */
  private Map<String, String> totals() {
    List<LabCount> all = new ArrayList<>(episodes.extractOutputValues());
    var retracted = versions.getSideOutput(ResultVersions.RETRACTIONS);
    if (retracted != null) {
      retracted.forEach(r -> all.add(r.getValue()));
    }
    Map<String, int[]> sums = new TreeMap<>();
    for (LabCount c : all) {
      int[] s = sums.computeIfAbsent(c.condition(), k -> new int[3]);
      s[0] += c.tests();
      s[1] += c.positives();
      s[2] += c.newCases();
    }
    Map<String, String> out = new TreeMap<>();
    sums.forEach((k, s) -> out.put(k, s[0] + " tests, " + s[1] + " positives, " + s[2] + " cases"));
    return out;
  }

  private static Report result(String person, String status, boolean positive, String condition) {
    Report r = new Report();
    r.labResult = true;
    r.resultKey = "accession-1";
    r.resultStatus = status;
    r.eventDay = 20_000;
    r.receivedDay = 20_001;
    r.positive = positive;
    r.personKey = person;
    r.condition = condition;
    r.stateFips = "16";
    r.countyFips = "16001";
    r.zip3 = "";
    r.ageBand = "18-49";
    r.sex = "F";
    r.vaccineGroup = "";
    r.vaccineCode = "";
    return r;
  }
}
