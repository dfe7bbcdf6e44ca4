package io.vigil.hub.bench;

import io.vigil.events.DeidentifiedEvent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Synthetic de-identified events for {@code vigil bench analytics}, shaped like a live feed: lab
 * results (95%) and doses (5%); 5 conditions × 10 counties (one ZIP3 each) × 6 age bands × 2 sexes
 * from 8 senders, 20% positive; 80% of event days within the latest 3 days and the rest spread over
 * the 60 days before (late reports). Deterministic for a seed.
 */
final class AnalyticsEventFactory {
  /** First day of the generated 60-day span. */
  static final LocalDate START = LocalDate.of(2026, 9, 1);

  /** The condition of freshness probes: no background event uses it. */
  static final String PROBE_CONDITION = "FRESHNESS";

  private static final String[] CONDITIONS = {"COVID-19", "INFLUENZA", "RSV", "PERTUSSIS", "MPOX"};
  private static final String[] AGES = {"0-4", "5-17", "18-49", "50-64", "65-74", "75+"};

  private final SplittableRandom random;
  private final long runBits;
  private long sequence;

  /**
   * @param seed content seed
   * @param runBits distinguishes this run's event ids from another run's on the same topic
   */
  AnalyticsEventFactory(long seed, long runBits) {
    this.random = new SplittableRandom(seed);
    this.runBits = runBits;
  }

  /** {@code n} background events; persons repeat within a batch (about three reports each). */
  List<DeidentifiedEvent> batch(int n) {
    List<DeidentifiedEvent> out = new ArrayList<>(n);
    long batchId = sequence;
    for (int i = 0; i < n; i++) {
      LocalDate day =
          random.nextInt(5) < 4
              ? START.plusDays(57 + random.nextInt(3))
              : START.plusDays(random.nextInt(60));
      String person = personKey(batchId + "-" + random.nextInt(Math.max(1, n / 3)));
      if (random.nextInt(20) == 0) {
        // Each dose its own person: the job counts a person's dose of a vaccine group once a day,
        // and the bench waits for every event it sent to be counted.
        out.add(dose(personKey(batchId + "-dose-" + i), day));
      } else {
        int county = random.nextInt(10);
        out.add(
            lab(
                person,
                CONDITIONS[random.nextInt(CONDITIONS.length)],
                day,
                random.nextInt(5) == 0 ? "positive" : "negative",
                String.valueOf(1 + random.nextInt(8)),
                day.plusDays(1 + random.nextInt(3)),
                "06" + String.format("%03d", 1 + 2 * county),
                "9" + county + "0",
                AGES[random.nextInt(AGES.length)],
                random.nextBoolean() ? "F" : "M",
                (long) random.nextInt(10_000),
                (long) random.nextInt(3_000),
                random.nextInt(500) == 0));
      }
    }
    return out;
  }

  /** A positive lab result of {@link #PROBE_CONDITION} in a cell of its own (its ZIP3). */
  DeidentifiedEvent probe(String zip3) {
    return lab(
        personKey("probe-" + zip3),
        PROBE_CONDITION,
        START,
        "positive",
        "1",
        START.plusDays(1),
        "06037",
        zip3,
        "18-49",
        "F",
        1500L,
        60L,
        false);
  }

  private DeidentifiedEvent lab(
      String personKey,
      String condition,
      LocalDate day,
      String interpretation,
      String sender,
      LocalDate received,
      String countyFips,
      String zip3,
      String ageBand,
      String sex,
      Long collectedLag,
      Long resultedLag,
      boolean resultBeforeCollection) {
    return new DeidentifiedEvent(
        DeidentifiedEvent.SCHEMA,
        nextEventId(),
        "deid-v1",
        DeidentifiedEvent.LAB_RESULT,
        sender,
        day,
        received,
        condition,
        "94500-6",
        interpretation,
        null,
        null,
        null,
        "06",
        countyFips,
        zip3,
        ageBand,
        sex,
        personKey,
        collectedLag,
        resultedLag,
        5L,
        "SPM-17",
        "OBX-19",
        resultBeforeCollection);
  }

  private DeidentifiedEvent dose(String personKey, LocalDate day) {
    return new DeidentifiedEvent(
        DeidentifiedEvent.SCHEMA,
        nextEventId(),
        "deid-v1",
        DeidentifiedEvent.IMMUNIZATION,
        "7",
        day,
        day.plusDays(1),
        null,
        null,
        null,
        "208",
        "COVID-19",
        1,
        "06",
        "06037",
        "900",
        "18-49",
        null,
        personKey,
        null,
        null,
        5L,
        null,
        null,
        false);
  }

  /** Unique per run and event, a UUID as the hub's ids are. */
  private String nextEventId() {
    return new UUID(runBits, sequence++).toString();
  }

  /** A 64-hex-digit key, as the hub's keyed HMAC of a person produces. */
  private static String personKey(String person) {
    return String.format("%064x", new java.math.BigInteger(1, person.getBytes()));
  }
}
