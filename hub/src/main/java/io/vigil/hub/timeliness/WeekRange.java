package io.vigil.hub.timeliness;

import io.vigil.events.MmwrWeek;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run of MMWR weeks {@code from..to}, both inclusive, written {@code 2026-W45}.
 *
 * @param from first week
 * @param to last week
 */
public record WeekRange(MmwrWeek from, MmwrWeek to) {
  private static final Pattern LABEL = Pattern.compile("(\\d{4})-W(\\d{2})");

  /** Longest range a statement covers: about two years. */
  public static final int MAX_WEEKS = 106;

  public WeekRange {
    if (to.start().isBefore(from.start())) {
      throw new IllegalArgumentException("the last week is before the first");
    }
    if (from.start().plusWeeks(MAX_WEEKS).isBefore(to.start())) {
      throw new IllegalArgumentException("at most " + MAX_WEEKS + " weeks");
    }
  }

  /** Parses two labels such as {@code 2026-W45}. */
  public static WeekRange parse(String from, String to) {
    return new WeekRange(week(from), week(to));
  }

  /** Parses {@code yyyy-Www}, an MMWR week that exists. */
  public static MmwrWeek week(String label) {
    Matcher m = LABEL.matcher(label == null ? "" : label.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("a week is written like 2026-W45");
    }
    int year = Integer.parseInt(m.group(1));
    int week = Integer.parseInt(m.group(2));
    LocalDate start = MmwrWeek.week1Start(year).plusWeeks(week - 1L);
    MmwrWeek w = MmwrWeek.of(start);
    if (week < 1 || w.year() != year || w.week() != week) {
      throw new IllegalArgumentException("MMWR year " + year + " has no week " + week);
    }
    return w;
  }
}
