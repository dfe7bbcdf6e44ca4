package io.vigil.analytics.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.analytics.job.Horizon;
import io.vigil.analytics.job.Report;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResultVersionsTest {
  private KeyedOneInputStreamOperatorTestHarness<String, Report, Report> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new ResultVersions(Duration.ofDays(30)), new Report.ByResultKey(), Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aFinalAfterAPreliminaryReplacesIt() throws Exception {
    send(result("r1", "preliminary", 3, true, "17019"));
    send(result("r1", "final", 3, true, "17019"));
    assertThat(passed()).containsExactly("r1/preliminary/3", "r1/final/3");
    // The preliminary's test and positive are taken back where they were counted.
    assertThat(retractions()).containsExactly("17019@3: -1 tests, -1 positives, +0 cases");
  }

  @Test
  void aCorrectionIsCountedInItsOwnCellAndTheOriginalTakenBackFromItsOwn() throws Exception {
    send(result("r1", "final", 3, true, "17019"));
    send(result("r1", "corrected", 5, false, "17031"));
    assertThat(passed()).containsExactly("r1/final/3", "r1/corrected/5");
    assertThat(retractions()).containsExactly("17019@3: -1 tests, -1 positives, +0 cases");
  }

  /**
   * A correction received when the original's day is outside the horizon: the original stays
   * counted (its day's cells no longer change, their state may have expired), the correction
   * counts.
   */
  @Test
  void anOriginalOutsideTheHorizonIsNotTakenBack() throws Exception {
    harness.close();
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new ResultVersions(Duration.ofDays(731), new Horizon(700)),
            new Report.ByResultKey(),
            Types.STRING);
    send(result("r1", "final", 3, true, "17019"));
    Report corrected = result("r1", "corrected", 650, false, "17019");
    corrected.receivedDay = 704;
    send(corrected);
    assertThat(passed()).containsExactly("r1/final/3", "r1/corrected/650");
    assertThat(retractions()).isEmpty();
  }

  @Test
  void aLatePreliminaryNeverReplacesTheFinal() throws Exception {
    send(result("r1", "final", 3, false, "17019"));
    send(result("r1", "preliminary", 3, true, "17019"));
    assertThat(passed()).containsExactly("r1/final/3");
    assertThat(retractions()).isEmpty();
  }

  @Test
  void aWithdrawalTakesTheResultBackOnceAndPassesOnAsAWithdrawal() throws Exception {
    send(result("r1", "final", 3, false, "17019"));
    send(retraction("r1"));
    send(retraction("r1")); // sent twice: nothing is left to take back
    // Passed on, marked, for the episode step to forget the result; they count nothing there.
    assertThat(passed()).containsExactly("r1/final/3", "withdrawn r1", "withdrawn r1");
    assertThat(retractions()).containsExactly("17019@3: -1 tests, +0 positives, +0 cases");
  }

  /**
   * A culture's final that names no listed organism comes as a withdrawal without a condition: it
   * takes back the preliminary isolate, and passes on under that version's condition, so that the
   * episode step finds the case that rested on it.
   */
  @Test
  void aWithdrawalWithoutAConditionTakesTheWithdrawnVersionsOne() throws Exception {
    Report salmonella = result("r1", "preliminary", 3, true, "17019");
    salmonella.condition = "Salmonellosis";
    send(salmonella);
    Report ruledOut = retraction("r1");
    ruledOut.condition = "";
    send(ruledOut);

    assertThat(retractions()).containsExactly("17019@3: -1 tests, -1 positives, +0 cases");
    assertThat(harness.extractOutputValues().get(1).condition).isEqualTo("Salmonellosis");
  }

  @Test
  void aWithdrawalOfAResultNeverCountedChangesNothing() throws Exception {
    send(retraction("r9"));
    assertThat(passed()).containsExactly("withdrawn r9");
    assertThat(retractions()).isEmpty();
  }

  @Test
  void resultsWithoutAKeyAndOtherResultsStandAlone() throws Exception {
    send(result(ResultVersions.STANDALONE + "e1", "final", 3, true, "17019"));
    send(result(ResultVersions.STANDALONE + "e2", "final", 3, true, "17019"));
    send(result("r1", "final", 3, true, "17019"));
    send(result("r2", "final", 3, true, "17019"));
    assertThat(passed()).hasSize(4);
    assertThat(retractions()).isEmpty();
  }

  private void send(Report r) throws Exception {
    harness.processElement(new StreamRecord<>(r, 0));
  }

  private List<String> passed() {
    return harness.extractOutputValues().stream()
        .map(
            r ->
                r.retraction
                    ? "withdrawn " + r.resultKey
                    : r.resultKey + "/" + r.resultStatus + "/" + r.eventDay)
        .toList();
  }

  private List<String> retractions() {
    var out = harness.getSideOutput(ResultVersions.RETRACTIONS);
    if (out == null) {
      return List.of();
    }
    return out.stream()
        .map(StreamRecord::getValue)
        .map(
            c ->
                String.format(
                    "%s@%d: %+d tests, %+d positives, %+d cases",
                    c.countyFips(), c.day(), c.tests(), c.positives(), c.newCases()))
        .toList();
  }

  private static Report result(String key, String status, long day, boolean positive, String cty) {
    Report r = new Report();
    r.labResult = true;
    r.resultKey = key;
    r.resultStatus = status;
    r.eventDay = day;
    r.positive = positive;
    r.personKey = "p1";
    r.condition = "COVID-19";
    r.stateFips = cty.substring(0, 2);
    r.countyFips = cty;
    r.zip3 = "";
    r.ageBand = "18-49";
    r.sex = "F";
    return r;
  }

  private static Report retraction(String key) {
    Report r = result(key, "", 4, false, "17019");
    r.labResult = false;
    r.retraction = true;
    return r;
  }
}
