package io.vigil.ingest.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuppressedAggregatesTest {
  static final LocalDate WEEK = LocalDate.of(2026, 11, 15);
  final SuppressedAggregates aggregates =
      new SuppressedAggregates(
          new SmallCellSuppression(11), List.of("tests", "positives", "newCases"), true);

  static AggregateQuery query(String jurisdiction, String breakdown) throws Exception {
    MultiMap p =
        MultiMap.caseInsensitiveMultiMap()
            .add("condition", "COVID-19")
            .add("jurisdiction", jurisdiction)
            .add("from", "2026-11-15")
            .add("to", "2026-11-21");
    if (breakdown != null) {
      p.add("breakdown", breakdown);
    }
    return AggregateQuery.parse(p, "condition", true, null, LocalDate.of(2026, 11, 22));
  }

  static CellRow row(String county, String age, String sex, long tests, long positives) {
    return new CellRow(WEEK, county, age, sex, new long[] {tests, positives, positives});
  }

  /** Cook (17031) is big; DuPage (17043) has a 3-test cell; Lake IN (18089) has 4 tests in all. */
  static List<CellRow> stored() {
    return List.of(
        row("17031", "18-49", "F", 120, 30),
        row("17031", "18-49", "M", 110, 25),
        row("17031", "50-64", "F", 60, 12),
        row("17043", "18-49", "F", 40, 15),
        row("17043", "50-64", "M", 3, 1),
        row("18089", "18-49", "M", 4, 2));
  }

  static AggregateRow only(List<AggregateRow> rows, String age, String sex) {
    return rows.stream()
        .filter(r -> r.ageBand().equals(age) && r.sex().equals(sex))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void smallCellsAreWithheldAndBigOnesShown() throws Exception {
    AggregateQuery q = query("17043", "age_band");
    List<AggregateRow> rows = aggregates.rows(q, AggregateReader.periods(q), stored());
    assertThat(only(rows, "50-64", "all").values()[0]).isNull();
    assertThat(only(rows, "50-64", "all").suppressed()).contains("tests", "positives");
    // DuPage's 18-49 cell (40) would give the 3 away from DuPage's total (43): one of them goes.
    AggregateRow total = only(rows, "all", "all");
    AggregateRow big = only(rows, "18-49", "all");
    assertThat(total.values()[0] == null || big.values()[0] == null).isTrue();
  }

  @Test
  void aStateWithOneSmallCountyCannotBeDifferencedAcrossQueries() throws Exception {
    AggregateQuery nation = query("all", null);
    AggregateQuery indiana = query("18", null);
    AggregateQuery lake = query("18089", null);
    Long nationTests =
        only(aggregates.rows(nation, List.of(WEEK), stored()), "all", "all").values()[0];
    Long indianaTests =
        only(aggregates.rows(indiana, List.of(WEEK), stored()), "all", "all").values()[0];
    Long lakeTests = only(aggregates.rows(lake, List.of(WEEK), stored()), "all", "all").values()[0];
    assertThat(lakeTests).isNull();
    assertThat(indianaTests).isNull(); // Indiana is Lake County alone: its total is Lake's 4
    // The nation minus Illinois would give Indiana's 4: so Illinois must not be shown exactly.
    Long illinoisTests =
        only(aggregates.rows(query("17", null), List.of(WEEK), stored()), "all", "all").values()[0];
    assertThat(nationTests == null || illinoisTests == null).isTrue();
  }

  @Test
  void everyBreakdownOfOneWeekIsMutuallyConsistent() throws Exception {
    // Whatever an analyst asks, no shown total minus shown parts equals a single withheld count.
    List<AggregateRow> all = new ArrayList<>();
    for (String j : List.of("all", "17", "17031", "17043", "18", "18089")) {
      for (String b : new String[] {null, "age_band", "sex", "age_band,sex"}) {
        AggregateQuery q = query(j, b);
        for (AggregateRow r : aggregates.rows(q, List.of(WEEK), stored())) {
          for (Long v : r.values()) {
            assertThat(v == null || v == 0 || v >= 11)
                .as("small count shown in %s/%s", j, b)
                .isTrue();
          }
          all.add(r);
        }
      }
    }
    assertThat(all).isNotEmpty();
  }

  @Test
  void weeksWithoutReportsAreTrueZeros() throws Exception {
    AggregateQuery q = query("17", null);
    List<AggregateRow> rows = aggregates.rows(q, List.of(WEEK.minusWeeks(1), WEEK), stored());
    assertThat(rows.get(0).values()).containsExactly(0L, 0L, 0L);
  }
}
