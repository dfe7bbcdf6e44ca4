package io.vigil.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.store.StoreUnavailableException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class UnwritableResendsTest {
  /** Reads are tried only where the database still answers them; not while it is down. */
  @Test
  void looksUpOriginalsOnlyWhileTheDatabaseAnswersReads() {
    assertThat(UnwritableResends.readsStillAnswered(failure("25006"))).as("read-only").isTrue();
    assertThat(UnwritableResends.readsStillAnswered(failure("53100"))).as("disk full").isTrue();
    assertThat(UnwritableResends.readsStillAnswered(failure("08006"))).as("connection").isFalse();
    assertThat(UnwritableResends.readsStillAnswered(failure(null))).as("pool timeout").isFalse();
    assertThat(UnwritableResends.readsStillAnswered(new IllegalStateException("store closed")))
        .isFalse();
  }

  private static Throwable failure(String sqlState) {
    return new StoreUnavailableException(
        "submission not stored", new SQLException("refused", sqlState));
  }
}
