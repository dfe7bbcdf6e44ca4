package io.vigil.ingest.testing;

import io.vigil.events.DeidentifiedEvent;
import java.time.LocalDate;

/** De-identified events for store tests and benches (fictional, fixed content). */
public final class TestEvents {
  private TestEvents() {}

  /** A COVID-19 lab result event of sender 1 with this event id and person key. */
  public static DeidentifiedEvent labResult(String eventId, String personKey) {
    return new DeidentifiedEvent(
        DeidentifiedEvent.SCHEMA,
        eventId,
        "safe-harbor-v1",
        DeidentifiedEvent.LAB_RESULT,
        "1",
        LocalDate.of(2026, 11, 19),
        LocalDate.of(2026, 11, 21),
        "COVID-19",
        "94558-4",
        "negative",
        null,
        null,
        null,
        "17",
        "17019",
        "618",
        "45-64",
        "F",
        personKey,
        2880L,
        60L,
        1L,
        "SPM-17",
        "OBX-19",
        false);
  }
}
