package io.vigil.hub.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's epidemic: a few Illinois counties with seasonal background curves of COVID-19 and
 * influenza testing, vaccine doses, and an outbreak injected into one county for four days ending
 * four days before today (so the EARS statistics, which score a day once later days have arrived,
 * can catch it). Some reports arrive late (collected days before the others of their batch) and a
 * few are malformed. Reproducible from the seed.
 */
public final class DemoScenario {
  /** Counties: Cook, DuPage, Sangamon, Champaign (the outbreak county). */
  public static final List<String> COUNTIES = List.of("17031", "17043", "17167", "17019");

  public static final String OUTBREAK_COUNTY = "17019";

  private final int days;
  private final LocalDate today;
  private final SplittableRandom random;

  /**
   * @param days how many days of history to generate, ending today
   * @param today the last day
   * @param seed reproducibility
   */
  public DemoScenario(int days, LocalDate today, long seed) {
    if (days < 14) {
      throw new IllegalArgumentException("the demo needs at least 14 days of history");
    }
    this.days = days;
    this.today = today;
    this.random = new SplittableRandom(seed);
  }

  /** The first and last outbreak days. */
  public LocalDate outbreakStart() {
    return today.minusDays(7);
  }

  public LocalDate outbreakEnd() {
    return today.minusDays(4);
  }

  /** Every report of the scenario, in sending order (late ones come after their day). */
  public List<DemoReport> reports() {
    List<DemoReport> out = new ArrayList<>();
    int patient = 0;
    List<DemoReport> late = new ArrayList<>();
    for (int d = days - 1; d >= 0; d--) {
      LocalDate day = today.minusDays(d);
      // A gentle seasonal wave over the period, so trends have a shape.
      double season = 1.0 + 0.5 * Math.sin(Math.PI * (days - d) / days);
      for (String county : COUNTIES) {
        int covidTests = poisson(6 * season);
        for (int i = 0; i < covidTests; i++) {
          boolean positive = random.nextDouble() < 0.25;
          add(
              out,
              late,
              new DemoReport(
                  lab(), ++patient, county, day, DemoReport.Kind.COVID_PCR, positive, malformed()));
        }
        int fluTests = poisson(3 * season);
        for (int i = 0; i < fluTests; i++) {
          boolean positive = random.nextDouble() < 0.2;
          add(
              out,
              late,
              new DemoReport(
                  lab(), ++patient, county, day, DemoReport.Kind.FLU_A_PCR, positive, malformed()));
        }
        int doses = poisson(3);
        for (int i = 0; i < doses; i++) {
          add(
              out,
              late,
              new DemoReport(
                  lab(),
                  ++patient,
                  county,
                  day,
                  DemoReport.Kind.COVID_VACCINE,
                  false,
                  malformed()));
        }
        if (county.equals(OUTBREAK_COUNTY)
            && !day.isBefore(outbreakStart())
            && !day.isAfter(outbreakEnd())) {
          for (int i = 0; i < 25; i++) {
            out.add(
                new DemoReport(
                    lab(), ++patient, county, day, DemoReport.Kind.COVID_PCR, true, false));
          }
        }
      }
      // Reports that were held back arrive two days later.
      if (d % 2 == 0) {
        out.addAll(late);
        late.clear();
      }
    }
    out.addAll(late);
    return out;
  }

  private void add(List<DemoReport> out, List<DemoReport> late, DemoReport r) {
    (random.nextDouble() < 0.05 ? late : out).add(r);
  }

  private int lab() {
    return random.nextInt(DemoMessages.LABS.size());
  }

  private boolean malformed() {
    return random.nextDouble() < 0.01;
  }

  private int poisson(double mean) {
    double l = Math.exp(-mean);
    double p = 1.0;
    int k = 0;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
