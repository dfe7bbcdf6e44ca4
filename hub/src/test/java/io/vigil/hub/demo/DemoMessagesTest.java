package io.vigil.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoMessagesTest {
  @Test
  void everyWellFormedDemoMessageIsAcceptedAndEveryMalformedOneRefused() {
    LocalDate last = LocalDate.of(2026, 11, 21);
    Hl7v2Examiner examiner =
        new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-22T07:00:00Z"), ZoneOffset.UTC));
    List<DemoReport> reports = new DemoScenario(21, last, 7).reports();
    int malformed = 0;
    for (int i = 0; i < reports.size(); i++) {
      DemoReport r = reports.get(i);
      Examination exam =
          examiner.examine(DemoMessages.render(r, "T-" + i).getBytes(StandardCharsets.UTF_8));
      if (r.malformed()) {
        malformed++;
        assertThat(exam.disposition()).isEqualTo(Disposition.REJECT);
      } else {
        assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
        // A demo of a clean feed: not even a warning (the VXU's RXA-20/21 were once one field off).
        assertThat(exam.findings()).as(r.kind().toString()).isEmpty();
        assertThat(exam.report()).isPresent();
      }
    }
    assertThat(reports.size()).isGreaterThan(500);
    assertThat(malformed).isPositive();
  }

  @Test
  void theOutbreakCountyHasAClearExcessOnTheOutbreakDays() {
    LocalDate last = LocalDate.of(2026, 11, 21);
    DemoScenario s = new DemoScenario(21, last, 7);
    long outbreakPositives =
        s.reports().stream()
            .filter(r -> r.county().equals(DemoScenario.OUTBREAK_COUNTY) && r.positive())
            .filter(r -> !r.day().isBefore(s.outbreakStart()) && !r.day().isAfter(s.outbreakEnd()))
            .count();
    assertThat(outbreakPositives).isGreaterThanOrEqualTo(100);
    assertThat(DemoMessages.name(1)).isNotEqualTo(DemoMessages.name(2)).matches("[A-Za-z]+");
  }
}
