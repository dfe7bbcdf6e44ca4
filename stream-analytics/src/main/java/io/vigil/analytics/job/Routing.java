package io.vigil.analytics.job;

import io.vigil.analytics.cases.LabCount;
import io.vigil.analytics.cases.ResultVersions;
import io.vigil.analytics.trends.Cell;
import io.vigil.events.MmwrWeek;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.functions.KeySelector;

/** The small stateless steps between the job's stateful operators (named, serializable classes). */
final class Routing {
  private Routing() {}

  /** Keys lab results by person × condition for episode de-duplication. */
  static final class ByPersonCondition implements KeySelector<Report, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Report e) {
      return e.personKey + '|' + e.condition;
    }
  }

  /** Cells of one granularity. */
  static final class Granularity implements FilterFunction<Cell> {
    private static final long serialVersionUID = 1L;
    private final String granularity;

    Granularity(String granularity) {
      this.granularity = granularity;
    }

    @Override
    public boolean filter(Cell cell) {
      return granularity.equals(cell.granularity);
    }
  }

  /** Immunization events. */
  static final class IsDose implements FilterFunction<Report> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(Report e) {
      return !e.labResult && !e.retraction;
    }
  }

  /** Lab results and their withdrawals: what the counts of tests, positives and cases read. */
  static final class IsLabOrRetraction implements FilterFunction<Report> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(Report e) {
      return e.labResult || e.retraction;
    }
  }

  /** Key prefix of a dose record without a record key: person, group and day are the record. */
  static final String DOSE_CELL = "cell:";

  /**
   * What the dose steps read of a dose event: its record key, person, vaccine, group, day, received
   * day and cell dimensions (a new object; the event id and lags stay behind). A dose event written
   * before events carried a record key is a record of its person, group and day, as doses were
   * counted then.
   */
  static final class ForDoses implements MapFunction<Report, Report> {
    private static final long serialVersionUID = 1L;

    @Override
    public Report map(Report e) {
      Report r = new Report();
      r.doseDeletion = e.doseDeletion;
      r.personKey = e.personKey;
      r.vaccineCode = e.vaccineCode;
      r.vaccineGroup = e.vaccineGroup;
      r.eventDay = e.eventDay;
      r.receivedDay = e.receivedDay;
      r.stateFips = e.stateFips;
      r.countyFips = e.countyFips;
      r.zip3 = e.zip3;
      r.ageBand = e.ageBand;
      r.resultKey =
          e.resultKey.isEmpty()
              ? DOSE_CELL + e.personKey + '|' + e.vaccineGroup + '|' + e.eventDay
              : e.resultKey;
      r.resultStatus = e.resultStatus; // an update replaces its record's other versions
      return r;
    }
  }

  /** One dose in its vaccine group × jurisdiction × age band × MMWR-week cell. */
  static final class DoseCell implements MapFunction<Report, Cell> {
    private static final long serialVersionUID = 1L;

    @Override
    public Cell map(Report e) {
      return new Cell(
          Cell.DOSE_WEEK,
          e.vaccineGroup,
          e.stateFips,
          e.countyFips,
          e.zip3,
          e.ageBand,
          Dimensions.UNKNOWN,
          MmwrWeek.startOf(LocalDate.ofEpochDay(e.eventDay)).toEpochDay(),
          new long[] {e.doseDeletion ? -1 : 1});
    }
  }

  /**
   * What result versioning and episode de-duplication read of a lab result: person, condition, cell
   * dimensions, day, result and its version. A new object (the input is shared with the timeliness
   * branch) with the rest left null, so the event id, sender and lags do not cross the exchange
   * (each null is one byte there).
   */
  static final class ForEpisodes implements MapFunction<Report, Report> {
    private static final long serialVersionUID = 1L;

    @Override
    public Report map(Report e) {
      Report r = new Report();
      r.labResult = e.labResult;
      r.personKey = e.personKey;
      r.condition = e.condition;
      r.stateFips = e.stateFips;
      r.countyFips = e.countyFips;
      r.zip3 = e.zip3;
      r.ageBand = e.ageBand;
      r.sex = e.sex;
      r.eventDay = e.eventDay;
      r.receivedDay = e.receivedDay;
      r.positive = e.positive;
      r.retraction = e.retraction;
      // Versions of one result meet by their key; a result without one stands alone.
      r.resultKey = e.resultKey.isEmpty() ? ResultVersions.STANDALONE + e.eventId : e.resultKey;
      r.resultStatus = e.resultStatus;
      return r;
    }
  }

  /**
   * What timeliness reads of a lab result: sender, condition, received day, lags and the
   * result-before-collection flag; the event id, person key and cell dimensions stay behind.
   */
  static final class ForTimeliness implements MapFunction<Report, Report> {
    private static final long serialVersionUID = 1L;

    @Override
    public Report map(Report e) {
      Report r = new Report();
      r.labResult = e.labResult;
      r.senderId = e.senderId;
      r.condition = e.condition;
      r.eventDay = e.eventDay;
      r.receivedDay = e.receivedDay;
      r.collectedToReceivedMinutes = e.collectedToReceivedMinutes;
      r.resultedToReceivedMinutes = e.resultedToReceivedMinutes;
      r.createdToReceivedMinutes = e.createdToReceivedMinutes;
      r.resultBeforeCollection = e.resultBeforeCollection;
      return r;
    }
  }

  /** Lab results. */
  static final class IsLab implements FilterFunction<Report> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(Report e) {
      return e.labResult;
    }
  }

  /** Counts that change a day's new cases (the EARS input). */
  static final class ChangesCases implements FilterFunction<LabCount> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(LabCount c) {
      return c.newCases() != 0;
    }
  }
}
