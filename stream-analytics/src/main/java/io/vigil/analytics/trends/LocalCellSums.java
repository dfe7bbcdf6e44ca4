package io.vigil.analytics.trends;

import io.vigil.analytics.cases.LabCount;
import io.vigil.events.MmwrWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Local pre-aggregation in front of the keyed trend totals: sums each lab count's contribution to
 * its day cell and its MMWR-week cell in a plain map for up to {@code intervalMillis} (or {@code
 * maxCells} distinct cells), then emits one delta per cell. Most counts of a live feed fall into a
 * few recent days, so this sends a fraction of the cells over the keyBy and into keyed state.
 *
 * <p>Stateless across checkpoints and still exact: the buffer is emptied downstream in {@link
 * #prepareSnapshotPreBarrier} (before the checkpoint barrier leaves this operator) and at end of
 * input, so every count before a barrier reaches the keyed totals before the barrier does. The
 * keyed totals ({@link CellAggregator}) use processing time only, so the deltas carry no event
 * time.
 */
public final class LocalCellSums extends AbstractStreamOperator<Cell>
    implements OneInputStreamOperator<LabCount, Cell> {
  private static final long serialVersionUID = 1L;

  private final long intervalMillis;
  private final int maxCells;
  private transient Map<CellId, Cell> sums;
  private transient boolean flushScheduled;

  /**
   * @param intervalMillis longest time a count waits here
   * @param maxCells distinct cells that trigger an early flush
   */
  public LocalCellSums(long intervalMillis, int maxCells) {
    this.intervalMillis = Math.max(1, intervalMillis);
    this.maxCells = Math.max(1, maxCells);
  }

  /** A cell's identity: granularity, dimensions and period. */
  private record CellId(
      String granularity,
      String subject,
      String stateFips,
      String countyFips,
      String zip3,
      String ageBand,
      String sex,
      long periodStart) {}

  @Override
  public void open() throws Exception {
    super.open();
    sums = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<LabCount> element) throws Exception {
    LabCount c = element.getValue();
    add(Cell.DAY, c, c.day());
    add(Cell.WEEK, c, MmwrWeek.startOf(LocalDate.ofEpochDay(c.day())).toEpochDay());
    if (sums.size() >= maxCells) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + intervalMillis, time -> flush());
    }
  }

  private void add(String granularity, LabCount c, long period) {
    CellId id =
        new CellId(
            granularity,
            c.condition(),
            c.stateFips(),
            c.countyFips(),
            c.zip3(),
            c.ageBand(),
            c.sex(),
            period);
    Cell sum = sums.get(id);
    if (sum == null) {
      sums.put(
          id,
          new Cell(
              granularity,
              c.condition(),
              c.stateFips(),
              c.countyFips(),
              c.zip3(),
              c.ageBand(),
              c.sex(),
              period,
              new long[] {c.tests(), c.positives(), c.newCases()}));
    } else {
      sum.counts[0] += c.tests();
      sum.counts[1] += c.positives();
      sum.counts[2] += c.newCases();
    }
  }

  private void flush() {
    flushScheduled = false;
    if (sums.isEmpty()) {
      return;
    }
    StreamRecord<Cell> record = new StreamRecord<>(null);
    for (Cell sum : sums.values()) {
      output.collect(record.replace(sum));
    }
    sums.clear();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }
}
