package io.vigil.analytics.doses;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.analytics.job.Horizon;
import io.vigil.analytics.job.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dose records ({@link DoseRecords}) and the doses they support ({@link DoseSupport}), chained as
 * in the job: what reaches the dose cells (+1 counted, −1 taken back) for the review's sequences
 * (vxu4 var/d, var/g, var/b, var/e).
 */
class DoseCountingTest {
  static final long DAY = 20_000;
  static final Horizon HORIZON = new Horizon(700);

  KeyedOneInputStreamOperatorTestHarness<String, Report, Report> records;
  KeyedOneInputStreamOperatorTestHarness<String, Report, Report> support;
  int forwarded;

  @BeforeEach
  void open() throws Exception {
    records =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DoseRecords(Duration.ofDays(731), HORIZON), new Report.ByResultKey(), Types.STRING);
    support =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DoseSupport(Duration.ofDays(731)), new DoseSupport.ByDose(), Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    records.close();
    support.close();
  }

  /** Sends events through both steps; what reached the cells, as "+GROUP/day" or "-GROUP/day". */
  List<String> send(Report... events) throws Exception {
    for (Report e : events) {
      records.processElement(new StreamRecord<>(e, 0));
      List<Report> out = records.extractOutputValues();
      for (; forwarded < out.size(); forwarded++) {
        support.processElement(new StreamRecord<>(out.get(forwarded), 0));
      }
    }
    List<String> cells = new ArrayList<>();
    for (Report r : support.extractOutputValues()) {
      cells.add((r.doseDeletion ? "-" : "+") + r.vaccineGroup + "/" + (r.eventDay - DAY));
    }
    return cells;
  }

  @Test
  void aRecordResentInEachFullHistoryMessageCountsOnce() throws Exception {
    assertThat(
            send(
                dose("r1", "FLU", "150", 0),
                dose("r1", "FLU", "150", 0),
                dose("r2", "FLU", "150", 30)))
        .containsExactly("+FLU/0", "+FLU/30");
  }

  /** d01: one HPV shot reported by the clinic that gave it and by another; the other deletes. */
  @Test
  void aDeletionTakesBackItsOwnRecordNotAnotherClinicsCopy() throws Exception {
    assertThat(
            send(
                dose("wcehr-77732", "HPV", "118", 0),
                dose("otherclinic-1", "HPV", "118", 0),
                deletion("otherclinic-1", "HPV", "118", 0)))
        .containsExactly("+HPV/0");
    // The last supporting record deleted: the dose is taken back.
    assertThat(send(deletion("wcehr-77732", "HPV", "118", 0))).containsExactly("+HPV/0", "-HPV/0");
  }

  /** d02: Pentacel (DTaP-Hib-IPV) plus a Hib charted twice the same day; the duplicate deleted. */
  @Test
  void aDeletedDuplicateHibLeavesThePentacelsHib() throws Exception {
    assertThat(
            send(
                dose("pentacel", "DTAP", "120", 0),
                dose("pentacel", "HIB", "120", 0),
                dose("pentacel", "POLIO", "120", 0),
                dose("hib-1", "HIB", "48", 0),
                dose("hib-2", "HIB", "48", 0),
                deletion("hib-2", "HIB", "48", 0)))
        .containsExactly("+DTAP/0", "+HIB/0", "+POLIO/0");
  }

  /** g02 / g03: a lot fix as "add the corrected record, delete the old one", in either order. */
  @Test
  void addCorrectedThenDeleteOldKeepsTheDoseInEitherOrder() throws Exception {
    send(dose("31309", "HPV", "118", 0));
    assertThat(send(dose("31310", "HPV", "118", 0), deletion("31309", "HPV", "118", 0)))
        .containsExactly("+HPV/0");
    assertThat(send(dose("g3-31309", "MMR", "03", 5))).containsExactly("+HPV/0", "+MMR/5");
    assertThat(send(deletion("g3-31309", "MMR", "03", 5), dose("g3-31310", "MMR", "03", 5)))
        .containsExactly("+HPV/0", "+MMR/5", "-MMR/5", "+MMR/5");
  }

  /** b01: an update (RXA-21 U) that corrects the day moves the dose. */
  @Test
  void anUpdateThatChangesTheDayMovesTheDose() throws Exception {
    assertThat(send(dose("r1", "HPV", "118", 0), update("r1", "HPV", "118", -1)))
        .containsExactly("+HPV/0", "-HPV/0", "+HPV/-1");
    // The old version sent again later (a stale full history) is a version again: latest wins.
    // A deletion naming the old day withdraws the record where it is now.
    assertThat(send(deletion("r1", "HPV", "118", 0)))
        .containsExactly("+HPV/0", "-HPV/0", "+HPV/-1", "-HPV/-1");
  }

  /** b03: an update that corrects the vaccine (HPV to Tdap) moves the dose to the other group. */
  @Test
  void anUpdateThatChangesTheVaccineMovesTheDose() throws Exception {
    assertThat(send(dose("r1", "HPV", "118", 0), update("r1", "TDAP", "115", 0)))
        .containsExactly("+HPV/0", "-HPV/0", "+TDAP/0");
  }

  /**
   * Senders reuse record numbers (Wisconsin's registry writes ORC-3 0 on every record; test clients
   * number them per message): an add under a known record number with another vaccine or day is
   * another dose, never a move; a deletion takes back the version it names.
   */
  @Test
  void anAddUnderAReusedRecordNumberIsAnotherDose() throws Exception {
    assertThat(
            send(
                dose("0", "DTAP", "110", 0),
                dose("0", "HEPB", "110", 0),
                dose("0", "MMR", "03", 130),
                dose("0", "TDAP", "115", 400)))
        .containsExactly("+DTAP/0", "+HEPB/0", "+MMR/130", "+TDAP/400");
    assertThat(send(deletion("0", "MMR", "03", 130)))
        .containsExactly("+DTAP/0", "+HEPB/0", "+MMR/130", "+TDAP/400", "-MMR/130");
  }

  /** A combination record moved to another day moves in each of its groups. */
  @Test
  void aCombinationRecordMovesInEachGroup() throws Exception {
    send(dose("p", "DTAP", "120", 0), dose("p", "HIB", "120", 0), dose("p", "POLIO", "120", 0));
    assertThat(
            send(
                update("p", "DTAP", "120", 2),
                update("p", "HIB", "120", 2),
                update("p", "POLIO", "120", 2)))
        .containsExactly(
            "+DTAP/0",
            "+HIB/0",
            "+POLIO/0",
            "-DTAP/0",
            "-HIB/0",
            "-POLIO/0",
            "+DTAP/2",
            "+HIB/2",
            "+POLIO/2");
  }

  /** A moved record whose other copy still supports the old day leaves that dose counted. */
  @Test
  void aMoveWithdrawsOnlyItsOwnRecord() throws Exception {
    assertThat(
            send(
                dose("a", "FLU", "150", 0),
                dose("b", "FLU", "150", 0),
                update("a", "FLU", "150", 3)))
        .containsExactly("+FLU/0", "+FLU/3");
  }

  /** A deletion of a record never counted, or deleted already, changes nothing. */
  @Test
  void aDeletionOfNothingCountedChangesNothing() throws Exception {
    assertThat(
            send(
                deletion("never", "FLU", "150", 0),
                dose("r", "FLU", "150", 0),
                deletion("r", "FLU", "150", 0),
                deletion("r", "FLU", "150", 0),
                dose("r", "FLU", "150", 0)))
        .containsExactly("+FLU/0", "-FLU/0", "+FLU/0");
  }

  /**
   * regress4 3b: a FHIR client that mints the Immunization id per message (no identifier) adds the
   * dose as one id and marks it entered-in-error as another; a v2 record first sent without ORC-3
   * (keyed by vaccine and day) is deleted with one. The sender's one record of that dose is taken.
   */
  @Test
  void aDeletionOfARecordNeverSeenTakesBackTheSendersOnlyRecordOfThatDose() throws Exception {
    assertThat(send(dose("urn:uuid:1", "FLU", "150", 0), deletion("urn:uuid:2", "FLU", "150", 0)))
        .containsExactly("+FLU/0", "-FLU/0");
    assertThat(send(dose("p1/03/5", "MMR", "03", 5), deletion("ORC3-881", "MMR", "03", 5)))
        .containsExactly("+FLU/0", "-FLU/0", "+MMR/5", "-MMR/5");
  }

  /**
   * regress5 D4: a clinic charted flu CVX 141 by mistake (a message the hub refused, or from before
   * onboarding), sends the right CVX 150 as a new record and deletes the 141 record: the 150 dose
   * stays. A deletion of the same vaccine takes it back.
   */
  @Test
  void aDeletionOfARecordNeverSeenTakesNoRecordOfAnotherVaccine() throws Exception {
    assertThat(send(dose("r150", "FLU", "150", 0), deletion("r141", "FLU", "141", 0)))
        .containsExactly("+FLU/0");
    assertThat(send(deletion("minted", "FLU", "150", 0))).containsExactly("+FLU/0", "-FLU/0");
  }

  /** The fallback never takes another sender's copy, nor guesses between two of the sender's. */
  @Test
  void aDeletionOfARecordNeverSeenLeavesOtherSendersAndAmbiguousDoses() throws Exception {
    Report otherClinic = dose("clinic-b-1", "HPV", "118", 0);
    otherClinic.senderId = "s2";
    assertThat(send(otherClinic, deletion("minted-2", "HPV", "118", 0))).containsExactly("+HPV/0");
    // Pentacel's Hib and a Hib charted the same day: two records of the sender; which is meant?
    assertThat(
            send(
                dose("pentacel", "HIB", "120", 3),
                dose("hib-1", "HIB", "48", 3),
                deletion("minted-3", "HIB", "48", 3)))
        .containsExactly("+HPV/0", "+HIB/3");
  }

  /**
   * "Add the corrected record, delete the old one", the batch then sent again: the old record's
   * deletion again must not reach for the corrected record as a record never seen would.
   */
  @Test
  void theSameDeletionAgainChangesNothing() throws Exception {
    assertThat(
            send(
                dose("31309", "HPV", "118", 0),
                dose("31310", "HPV", "118", 0),
                deletion("31309", "HPV", "118", 0),
                dose("31310", "HPV", "118", 0),
                deletion("31309", "HPV", "118", 0)))
        .containsExactly("+HPV/0");
    // A moved record deleted, then deleted again naming its first day: nothing more.
    assertThat(
            send(
                dose("m", "FLU", "150", 10),
                update("m", "FLU", "150", 11),
                deletion("m", "FLU", "150", 11),
                deletion("m", "FLU", "150", 10)))
        .containsExactly("+HPV/0", "+FLU/10", "-FLU/10", "+FLU/11", "-FLU/11");
  }

  /**
   * An update received when the record's old day is outside the horizon: the old week is not
   * changed (its cells may have expired), the new day counts.
   */
  @Test
  void anOldVersionOutsideTheHorizonIsNotWithdrawn() throws Exception {
    send(dose("r", "FLU", "150", 0));
    Report moved = update("r", "FLU", "150", 650);
    moved.receivedDay = DAY + 701;
    assertThat(send(moved)).containsExactly("+FLU/0", "+FLU/650");
  }

  static Report dose(String record, String group, String cvx, long day) {
    Report r = new Report();
    r.resultKey = record;
    r.senderId = "s1";
    r.personKey = "p1";
    r.vaccineGroup = group;
    r.vaccineCode = cvx;
    r.eventDay = DAY + day;
    r.receivedDay = DAY + Math.max(day, 0) + 1;
    r.stateFips = "06";
    r.countyFips = "06037";
    r.zip3 = "900";
    r.ageBand = "0-4";
    return r;
  }

  static Report update(String record, String group, String cvx, long day) {
    Report r = dose(record, group, cvx, day);
    r.resultStatus = io.vigil.events.DeidentifiedEvent.DOSE_UPDATE;
    return r;
  }

  static Report deletion(String record, String group, String cvx, long day) {
    Report r = dose(record, group, cvx, day);
    r.doseDeletion = true;
    return r;
  }
}
