package io.vigil.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.ingest.http.HttpConfig;
import io.vigil.ingest.mllp.MllpConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InboundBudgetTest {

  @Test
  void reservesWhatFitsAndGivesItBack() {
    InboundBudget budget = new InboundBudget(1_000);
    assertThat(budget.tryReserve(600)).isTrue();
    assertThat(budget.tryReserve(500)).isFalse();
    assertThat(budget.used()).isEqualTo(600);
    assertThat(budget.tryReserve(400)).isTrue();
    budget.release(600);
    budget.release(400);
    assertThat(budget.used()).isZero();
    assertThat(InboundBudget.reservationOf(InboundBudget.FREE_BYTES)).isZero();
    assertThat(InboundBudget.reservationOf(InboundBudget.FREE_BYTES + 1L))
        .isEqualTo(InboundBudget.FREE_BYTES + 1L);
  }

  @Test
  void aConfiguredBudgetHoldsAtLeastTheLargestMessageBothReceiversAlike() {
    assertThat(InboundBudget.capacityOf(5_000_000, 1_000_000)).isEqualTo(5_000_000);
    assertThat(InboundBudget.capacityOf(0, 1_000_000))
        .isEqualTo(Math.max(2_000_000L, Runtime.getRuntime().maxMemory() / 16));
    MllpConfig mllp = MllpConfig.defaults();
    assertThatThrownBy(
            () ->
                new MllpConfig(
                    mllp.host(),
                    mllp.port(),
                    mllp.idleTimeout(),
                    2_000_000,
                    mllp.maxConnections(),
                    1_000_000,
                    null,
                    null,
                    null,
                    null,
                    true,
                    0,
                    Duration.ZERO))
        .hasMessage(
            "'maxBufferedBytes' must be 0 (automatic) or at least 'maxFrameBytes' (2000000), got"
                + " 1000000");
    assertThatThrownBy(() -> new HttpConfig("127.0.0.1", 0, 2_000_000, -1, null, null))
        .hasMessageContaining("'maxBodyBytes' (2000000), got -1");
    assertThat(
            new HttpConfig("127.0.0.1", 0, 2_000_000, 2_000_000, null, null).bufferedBytesBudget())
        .isEqualTo(2_000_000);
  }
}
