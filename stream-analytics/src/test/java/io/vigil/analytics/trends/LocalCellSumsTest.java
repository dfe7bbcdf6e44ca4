package io.vigil.analytics.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.analytics.cases.LabCount;
import io.vigil.events.MmwrWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Local sums hold counts for at most their interval and never across a checkpoint barrier. */
class LocalCellSumsTest {
  private static final long DAY = LocalDate.of(2026, 10, 29).toEpochDay(); // a Thursday
  private static final long WEEK = MmwrWeek.startOf(LocalDate.ofEpochDay(DAY)).toEpochDay();

  private OneInputStreamOperatorTestHarness<LabCount, Cell> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new OneInputStreamOperatorTestHarness<>(new LocalCellSums(250, 4));
    harness.setProcessingTime(1_000);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void sumsEachDayAndWeekCellUntilTheIntervalEnds() throws Exception {
    send(count("06037", DAY, 1, 1, 1));
    send(count("06037", DAY, 1, 0, 0));
    send(count("06037", DAY - 1, 1, 1, 0));
    harness.setProcessingTime(1_249);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.setProcessingTime(1_250);
    assertThat(cells())
        .containsExactlyInAnyOrder(
            "D|06037|" + (DAY - 1) + "=[1, 1, 0]",
            "D|06037|" + DAY + "=[2, 1, 1]",
            "W|06037|" + WEEK + "=[3, 2, 1]");
  }

  @Test
  void aCheckpointBarrierNeverOvertakesACount() throws Exception {
    send(count("06037", DAY, 1, 1, 1));
    harness.prepareSnapshotPreBarrier(1);
    assertThat(cells())
        .containsExactlyInAnyOrder(
            "D|06037|" + DAY + "=[1, 1, 1]", "W|06037|" + WEEK + "=[1, 1, 1]");
  }

  @Test
  void manyDistinctCellsAreSentEarly() throws Exception {
    send(count("06001", DAY, 1, 0, 0));
    send(count("06003", DAY, 1, 0, 0)); // 2 day cells + 2 week cells = 4
    assertThat(harness.extractOutputValues()).hasSize(4);
  }

  @Test
  void theSumsEqualTheCountsWhateverTheFlushes() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    Map<String, long[]> expected = new TreeMap<>();
    long now = 1_000;
    for (int i = 0; i < 2_000; i++) {
      String county = "0600" + random.nextInt(5);
      long day = DAY - random.nextInt(20);
      LabCount c = count(county, day, 1, random.nextInt(2), random.nextInt(3) - 1);
      send(c);
      add(expected, "D|" + county + "|" + day, c);
      add(
          expected,
          "W|" + county + "|" + MmwrWeek.startOf(LocalDate.ofEpochDay(day)).toEpochDay(),
          c);
      if (random.nextInt(50) == 0) {
        now += random.nextInt(400);
        harness.setProcessingTime(now);
      }
    }
    harness.prepareSnapshotPreBarrier(7);
    Map<String, long[]> actual = new TreeMap<>();
    for (Cell cell : harness.extractOutputValues()) {
      String key = cell.granularity + "|" + cell.countyFips + "|" + cell.periodStart;
      actual.merge(key, cell.counts.clone(), LocalCellSumsTest::plus);
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).containsExactly(v));
  }

  private static void add(Map<String, long[]> sums, String key, LabCount c) {
    sums.merge(key, new long[] {c.tests(), c.positives(), c.newCases()}, LocalCellSumsTest::plus);
  }

  private static long[] plus(long[] a, long[] b) {
    return new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
  }

  private void send(LabCount c) throws Exception {
    harness.processElement(new StreamRecord<>(c));
  }

  private List<String> cells() {
    return harness.extractOutputValues().stream()
        .map(
            c ->
                c.granularity
                    + "|"
                    + c.countyFips
                    + "|"
                    + c.periodStart
                    + "="
                    + Arrays.toString(c.counts))
        .toList();
  }

  private static LabCount count(String county, long day, int tests, int positives, int newCases) {
    return new LabCount(
        "COVID-19", "06", county, "900", "18-49", "F", day, tests, positives, newCases);
  }
}
