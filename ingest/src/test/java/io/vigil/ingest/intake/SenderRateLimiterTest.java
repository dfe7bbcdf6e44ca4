package io.vigil.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SenderRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(123 * SECOND);

  private SenderRateLimiter limiter(double perSecond, int burst) {
    return new SenderRateLimiter(new RateLimitConfig(perSecond, burst), now::get);
  }

  @Test
  void letsABurstThroughThenLimitsToTheRate() {
    SenderRateLimiter limiter = limiter(10, 5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.acquire("LAB")).as("message %d of the burst", i).isZero();
    }
    long wait = limiter.acquire("LAB");
    assertThat(wait).isEqualTo(SECOND / 10);

    now.addAndGet(SECOND / 10);
    assertThat(limiter.acquire("LAB")).isZero();
    assertThat(limiter.acquire("LAB")).isPositive();
  }

  @Test
  void countsBytesInKibAndLetsAMessageLargerThanTheBurstThroughAFullBucket() {
    // 100 KiB/s, burst 200 KiB.
    SenderRateLimiter bytes =
        SenderRateLimiter.ofBytes(new RateLimitConfig(0, 0, 100 * 1024, 200 * 1024), now::get);
    assertThat(SenderRateLimiter.kib(1)).isEqualTo(1);
    assertThat(SenderRateLimiter.kib(1025)).isEqualTo(2);
    assertThat(bytes.acquire("LAB", 150)).isZero();
    // 50 KiB left: 60 more wait for 10 KiB of refill, 100 ms.
    assertThat(bytes.acquire("LAB", 60)).isEqualTo(SECOND / 10);
    assertThat(bytes.acquire("OTHER-LAB", 200)).as("its own bucket").isZero();

    now.addAndGet(10 * SECOND); // full again
    assertThat(bytes.acquire("LAB", 5_000)).as("larger than the burst, bucket full").isZero();
    assertThat(bytes.acquire("LAB", 1)).as("and the bucket is empty").isPositive();
    assertThat(bytes.reserve("LAB", SECOND, 50)).isEqualTo(SECOND / 2);
  }

  @Test
  void reservesTurnsForABatchAtTheRateAndRefusesBeyondTheLongestWait() {
    SenderRateLimiter limiter = limiter(10, 5);
    // The burst goes at once, then one turn every 100 ms: message i waits (i - 4) tenths.
    for (int i = 0; i < 25; i++) {
      long expected = i < 5 ? 0 : (i - 4) * SECOND / 10;
      assertThat(limiter.reserve("LAB", 2 * SECOND)).as("message %d", i).isEqualTo(expected);
    }
    // The next turn is 2.1 s away: too long, and nothing is reserved by asking.
    assertThat(limiter.reserve("LAB", 2 * SECOND)).isEqualTo(-1);
    assertThat(limiter.reserve("LAB", 3 * SECOND)).isEqualTo(21 * SECOND / 10);
    // A message that cannot wait is refused while the batch's turns are pending.
    assertThat(limiter.acquire("LAB")).isPositive();
    assertThat(limiter.acquire("OTHER")).isZero();
    // Once the turns have passed, the bucket refills as before.
    now.addAndGet(10 * SECOND);
    assertThat(limiter.acquire("LAB")).isZero();
  }

  @Test
  void refillsCompletelyAfterAQuietPeriod() {
    SenderRateLimiter limiter = limiter(100, 3);
    for (int i = 0; i < 3; i++) {
      limiter.acquire("LAB");
    }
    assertThat(limiter.acquire("LAB")).isPositive();
    now.addAndGet(10 * SECOND);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("LAB")).isZero();
    }
    assertThat(limiter.acquire("LAB")).isPositive();
  }

  @Test
  void sendersHaveTheirOwnBuckets() {
    SenderRateLimiter limiter = limiter(1, 1);
    assertThat(limiter.acquire("LAB-A")).isZero();
    assertThat(limiter.acquire("LAB-A")).isPositive();
    assertThat(limiter.acquire("LAB-B")).isZero();
  }

  @Test
  void refusedMessagesDoNotConsumeTokens() {
    SenderRateLimiter limiter = limiter(1, 1);
    limiter.acquire("LAB");
    for (int i = 0; i < 1000; i++) {
      limiter.acquire("LAB");
    }
    now.addAndGet(SECOND);
    assertThat(limiter.acquire("LAB")).isZero();
  }

  @Test
  void offLetsEverythingThrough() {
    SenderRateLimiter limiter = new SenderRateLimiter(RateLimitConfig.off(), now::get);
    for (int i = 0; i < 100_000; i++) {
      assertThat(limiter.acquire("LAB")).isZero();
    }
    assertThat(limiter.trackedSenders()).isZero();
  }

  @Test
  void madeUpSenderIdsCannotGrowTheMapWithoutBound() {
    SenderRateLimiter limiter = limiter(1, 1);
    for (int i = 0; i < SenderRateLimiter.MAX_SENDERS + 5_000; i++) {
      limiter.acquire("FAKE-" + i);
    }
    assertThat(limiter.trackedSenders()).isLessThanOrEqualTo(SenderRateLimiter.MAX_SENDERS + 1);
    // Once the buckets have refilled they are swept and new senders get their own again.
    now.addAndGet(5 * SECOND);
    assertThat(limiter.acquire("REAL-LAB")).isZero();
    assertThat(limiter.trackedSenders()).isLessThan(10);
  }

  @Test
  void rejectsNonsenseConfiguration() {
    assertThatThrownBy(() -> new RateLimitConfig(-1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitConfig(10, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
