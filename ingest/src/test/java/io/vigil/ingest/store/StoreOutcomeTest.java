package io.vigil.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreOutcomeTest {
  private static final byte[] ORIGINAL = {1, 2, 3};
  private static final byte[] AGAIN = {1, 2, 4};

  @Test
  void onlyADuplicateWithOtherBytesThatIsNotAResendIsAnotherMessage() throws Exception {
    AtomicInteger compared = new AtomicInteger();
    UUID id = UUID.randomUUID();
    StoreOutcome stored = new StoreOutcome(id, "ACK", false, 0);
    StoreOutcome sameBytes = new StoreOutcome(id, "ACK", true, 0);
    StoreOutcome otherBytes = new StoreOutcome(id, "ACK", true, 0, ORIGINAL);

    assertThat(stored.isAnotherMessage(AGAIN, (a, b) -> false, Runnable::run).get()).isFalse();
    assertThat(sameBytes.isAnotherMessage(AGAIN, (a, b) -> false, Runnable::run).get()).isFalse();
    assertThat(
            otherBytes
                .isAnotherMessage(
                    AGAIN,
                    (original, again) -> {
                      compared.incrementAndGet();
                      return original == ORIGINAL && again == AGAIN;
                    },
                    Runnable::run)
                .get())
        .as("a resend")
        .isFalse();
    assertThat(otherBytes.isAnotherMessage(AGAIN, (a, b) -> false, Runnable::run).get())
        .as("not a resend")
        .isTrue();
    assertThat(compared).hasValue(1);
  }
}
