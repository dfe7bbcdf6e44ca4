package io.vigil.analytics.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HorizonTest {
  @Test
  void aggregatesDaysFromTheHorizonBeforeReceiptToTwoDaysAfter() {
    Horizon h = Horizon.ofRetention(731);
    assertThat(h.days()).isEqualTo(701);
    long received = 20_000;
    assertThat(h.covers(received, received)).isTrue();
    assertThat(h.covers(received - 701, received)).isTrue();
    assertThat(h.covers(received - 702, received)).isFalse(); // a re-sent dose of 23 months ago
    assertThat(h.covers(received + 2, received)).isTrue(); // a zone ahead of the hub's
    assertThat(h.covers(received + 3, received)).isFalse();
  }

  @Test
  void theHorizonStaysInsideTheStateRetention() {
    // A cell of day D is written only from D - 3 (future slack, zone) to D + 6 + horizon + lag:
    // consecutive writes stay inside the retention for a processing lag under 20 days.
    int retention = 731;
    long span = 3 + 6 + Horizon.ofRetention(retention).days();
    assertThat(span + 20).isLessThanOrEqualTo(retention);
  }
}
