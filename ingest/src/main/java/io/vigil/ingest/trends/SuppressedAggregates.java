package io.vigil.ingest.trends;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns stored aggregate rows into what an analyst may see: per period, the full lattice of
 * jurisdiction (counties rolled up into states) × age band × sex with every total is suppressed at
 * once, then the requested jurisdiction and breakdown are read out of it. Each measure is
 * suppressed on its own; a derived ratio is withheld when either of its counts is.
 */
final class SuppressedAggregates {
  static final String ALL = "all";

  private final SmallCellSuppression suppression;
  private final List<String> measures;
  private final boolean hasSex;

  SuppressedAggregates(SmallCellSuppression suppression, List<String> measures, boolean hasSex) {
    this.suppression = suppression;
    this.measures = measures;
    this.hasSex = hasSex;
  }

  List<AggregateRow> rows(AggregateQuery q, List<LocalDate> periods, List<CellRow> stored) {
    Map<LocalDate, List<CellRow>> byPeriod = new TreeMap<>();
    for (LocalDate p : periods) {
      byPeriod.put(p, new ArrayList<>());
    }
    for (CellRow r : stored) {
      byPeriod.computeIfAbsent(r.period(), p -> new ArrayList<>()).add(r);
    }
    List<AggregateRow> out = new ArrayList<>();
    byPeriod.forEach((period, rows) -> out.addAll(period(q, period, rows)));
    return out;
  }

  private List<AggregateRow> period(AggregateQuery q, LocalDate period, List<CellRow> rows) {
    TreeSet<String> counties = new TreeSet<>();
    TreeSet<String> ages = new TreeSet<>();
    TreeSet<String> sexes = new TreeSet<>();
    for (CellRow r : rows) {
      counties.add(r.county());
      ages.add(r.ageBand());
      sexes.add(r.sex());
    }
    Map<String, List<String>> states = new TreeMap<>();
    for (String c : counties) {
      states.computeIfAbsent(Jurisdictions.stateOf(c), s -> new ArrayList<>()).add(c);
    }
    List<List<String>> dims =
        hasSex
            ? List.of(List.copyOf(counties), List.copyOf(ages), List.copyOf(sexes))
            : List.of(List.copyOf(counties), List.copyOf(ages));
    int m = measures.size();
    CountLattice[] lattices = new CountLattice[m];
    boolean[][] hidden = new boolean[m][];
    for (int i = 0; i < m; i++) {
      lattices[i] = new CountLattice(dims, states);
      for (CellRow r : rows) {
        lattices[i].add(
            hasSex ? List.of(r.county(), r.ageBand(), r.sex()) : List.of(r.county(), r.ageBand()),
            r.measures()[i]);
      }
      hidden[i] = suppression.suppress(lattices[i].counts(), lattices[i].groups());
    }
    // "*", a state (a rollup of the lattice) or a county (a value of it).
    String place = q.jurisdiction();
    List<String> ageValues = new ArrayList<>();
    ageValues.add(CountLattice.ALL);
    if (q.byAgeBand()) {
      ageValues.addAll(ages);
    }
    List<String> sexValues = new ArrayList<>();
    sexValues.add(CountLattice.ALL);
    if (q.bySex() && hasSex) {
      sexValues.addAll(sexes);
    }
    List<AggregateRow> out = new ArrayList<>();
    for (String age : ageValues) {
      for (String sex : sexValues) {
        List<String> node = hasSex ? List.of(place, age, sex) : List.of(place, age);
        Long[] values = new Long[m];
        List<String> withheld = new ArrayList<>();
        for (int i = 0; i < m; i++) {
          if (!lattices[i].knows(0, place) && !place.equals(CountLattice.ALL)) {
            values[i] = 0L; // no report at all from this jurisdiction: a true zero
            continue;
          }
          int index = lattices[i].index(node);
          if (hidden[i][index]) {
            withheld.add(measures.get(i));
          } else {
            values[i] = lattices[i].counts()[index];
          }
        }
        out.add(
            new AggregateRow(
                period,
                age.equals(CountLattice.ALL) ? ALL : age,
                sex.equals(CountLattice.ALL) ? ALL : sex,
                values,
                withheld));
      }
    }
    return out;
  }
}
