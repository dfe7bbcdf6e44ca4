package io.vigil.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride;
import io.vigil.ingest.store.WriteOutage.Transition;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteOutageTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final WriteOutage outage = new WriteOutage(nanos::get, Duration.ofSeconds(5));

  private static SQLException error(String state) {
    return new SQLException("refused", state);
  }

  private void advance(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void startsOnceContinuesQuietlyAndEndsOnceWithDurationAndCount() {
    assertThat(outage.stored()).isEqualTo(Transition.NONE);
    assertThat(outage.active()).isFalse();

    assertThat(outage.refused(error("25006"), 3)).isEqualTo(Transition.REPORTED);
    for (int i = 0; i < 100; i++) {
      advance(100);
      assertThat(outage.refused(error("25006"), 2)).isEqualTo(Transition.CONTINUED);
    }
    assertThat(outage.active()).isTrue();
    assertThat(outage.refusedCount()).isEqualTo(203);
    assertThat(outage.sqlState()).isEqualTo("25006");

    advance(500);
    assertThat(outage.stored()).isEqualTo(Transition.ENDED);
    assertThat(outage.lastDuration()).isEqualTo(Duration.ofMillis(10_500));
    assertThat(outage.stored()).isEqualTo(Transition.NONE);
    assertThat(outage.active()).isFalse();
  }

  @Test
  void aSecondOutageIsReportedAgainWithItsOwnCount() {
    outage.refused(error("53100"), 5);
    outage.stored();
    assertThat(outage.refused(error("53100"), 1)).isEqualTo(Transition.REPORTED);
    assertThat(outage.refusedCount()).isEqualTo(1);
  }

  @Test
  void aLostConnectionWaitsForTheNextErrorToNameTheOutage() {
    // pg_terminate_backend, then the pool's fresh connections meet a read-only database.
    assertThat(outage.refused(error("57P01"), 4)).isEqualTo(Transition.BEGAN);
    assertThat(outage.reported()).isFalse();
    assertThat(outage.refusing()).as("readiness is down at once").isTrue();
    assertThat(outage.refused(error("08006"), 2)).isEqualTo(Transition.CONTINUED);
    advance(50);
    assertThat(outage.refused(error("25006"), 3)).isEqualTo(Transition.REPORTED);
    assertThat(outage.sqlState()).isEqualTo("25006");
    assertThat(outage.refusedCount()).isEqualTo(9);
    assertThat(outage.refused(error("25006"), 3)).isEqualTo(Transition.CONTINUED);
  }

  @Test
  void connectionsLostForLongerThanTheConfirmationAreReportedAsSuch() {
    assertThat(outage.refused(error("08001"), 1)).isEqualTo(Transition.BEGAN);
    advance(1_000);
    assertThat(outage.refused(error("08001"), 1)).isEqualTo(Transition.CONTINUED);
    advance(1_000);
    assertThat(outage.refused(error("08001"), 1)).isEqualTo(Transition.REPORTED);
    assertThat(outage.sqlState()).isEqualTo("08001");
  }

  @Test
  void aLoneLostConnectionEndsWithoutAWarning() {
    outage.refused(error("57P01"), 7);
    advance(30);
    assertThat(outage.stored()).isEqualTo(Transition.ENDED);
    assertThat(outage.reported()).isFalse();
    assertThat(outage.refusedCount()).isEqualTo(7);
  }

  @Test
  void theFirstErrorNamesTheOutageEvenWhenLaterOnesDiffer() {
    outage.refused(error("25006"), 1);
    outage.refused(error("08006"), 1); // the pool retires the connection; the cause stays
    assertThat(outage.sqlState()).isEqualTo("25006");
  }

  @Test
  void readinessIsDownWhileRefusingAndForTheHoldAfterTheLastRefusal() {
    assertThat(outage.refusing()).isFalse();
    outage.refused(error("53100"), 1);
    assertThat(outage.refusing()).isTrue();
    advance(4_900);
    assertThat(outage.refusing()).isTrue();
    outage.refused(error("53100"), 1); // still refusing: the hold restarts
    advance(4_900);
    assertThat(outage.refusing()).isTrue();
    advance(200);
    // No traffic and no success: ready again, so a balancer sends a message to find out.
    assertThat(outage.refusing()).isFalse();
    assertThat(outage.active()).isTrue();
  }

  @Test
  void aSuccessfulWriteClearsReadinessAtOnce() {
    outage.refused(error("25006"), 1);
    outage.stored();
    assertThat(outage.refusing()).isFalse();
  }

  @ParameterizedTest(name = "{0} -> outage {1}, {2}")
  @CsvSource({
    "25006, true, read-only",
    "53100, true, disk full",
    "53200, true, out of memory",
    "08006, true, connection lost",
    "08001, true, connection lost",
    "57P01, true, server shutting down or starting",
    "58030, true, system error",
    "23505, false, unavailable",
    "22021, false, unavailable",
    "40001, false, unavailable"
  })
  void classifiesSqlStates(String state, boolean isOutage, String condition) {
    assertThat(WriteOutage.isOutage(error(state))).isEqualTo(isOutage);
    assertThat(WriteOutage.condition(state)).isEqualTo(condition);
  }

  @Test
  void aPoolTimeoutWithoutStateIsAnOutage() {
    SQLException timeout = new SQLTransientConnectionException("Connection is not available");
    assertThat(WriteOutage.isOutage(timeout)).isTrue();
    assertThat(WriteOutage.condition(null)).isEqualTo("no connection");
  }

  @Test
  void thePoolRetiresReadOnlyAndOutOfResourceConnectionsOnly() {
    WriteRefusalEviction eviction = new WriteRefusalEviction();
    assertThat(eviction.adjudicate(error("25006")))
        .isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
    assertThat(eviction.adjudicate(error("53100")))
        .isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
    assertThat(eviction.adjudicate(error("23505")))
        .isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
    assertThat(eviction.adjudicate(error(null)))
        .isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
  }
}
