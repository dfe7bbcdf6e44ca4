package io.vigil.ingest.store;

import static io.vigil.ingest.testing.TestSubmissions.submission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.ingest.testing.StallingProxy;
import io.vigil.ingest.testing.TestPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SubmissionStore} when the database fails it: gone, silent, or failing after a group
 * committed. Nothing is acknowledged that is not stored, and nothing stored is reported lost.
 */
class SubmissionStoreFaultsIT {
  private Database db;
  private SubmissionStore store;
  private SimpleMeterRegistry meters;

  @BeforeEach
  void open() {
    db = TestPostgres.openFresh();
    meters = new SimpleMeterRegistry();
    store = new SubmissionStore(db.dataSource(), StoreConfig.defaults(), meters);
  }

  @AfterEach
  void close() {
    store.close();
    db.close();
  }

  private long rows() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM submission")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void failsInsteadOfAcknowledgingWhenTheDatabaseIsGone() throws Exception {
    db.close(); // the pool is closed: nothing can be stored

    CompletableFuture<StoreOutcome> f = store.store(submission("LAB-1", "C1", "A"));

    assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StoreUnavailableException.class);
    assertThat(meters.get("vigil.store.commit.failures").counter().count()).isPositive();
    db = TestPostgres.openFresh(); // for @AfterEach
  }

  @Test
  void aDatabaseThatStopsAnsweringFailsTheGroupAfterTheCommitTimeoutAndTheStoreRecovers()
      throws Exception {
    StoreConfig direct = TestPostgres.freshDatabase();
    int port = TestPostgres.server().getPort();
    try (StallingProxy proxy = new StallingProxy(port)) {
      StoreConfig viaProxy =
          new StoreConfig(
              direct.jdbcUrl().replace(":" + port + "/", ":" + proxy.port() + "/"),
              direct.user(),
              direct.password(),
              4,
              direct.maxBatch(),
              1,
              Duration.ofSeconds(2),
              direct.largePayloadBytes());
      try (Database stalling = Database.open(viaProxy);
          SubmissionStore stallingStore =
              new SubmissionStore(stalling.dataSource(), viaProxy, new SimpleMeterRegistry())) {
        stallingStore.store(submission("LAB-1", "S1", "A1")).get(10, TimeUnit.SECONDS);

        proxy.stall();
        long start = System.nanoTime();
        CompletableFuture<StoreOutcome> refused =
            stallingStore.store(submission("LAB-1", "S2", "A2"));
        assertThatThrownBy(() -> refused.get(20, TimeUnit.SECONDS))
            .as("refused, not left hanging")
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(StoreUnavailableException.class);
        double waited = (System.nanoTime() - start) / 1e9;
        assertThat(waited).as("waited for the commit timeout, seconds").isBetween(1.8, 15.0);

        proxy.resume();
        // The store serves again without a restart; the sender's resend of the refused message
        // is stored once, whether or not the stalled group reached the server in the end.
        StoreOutcome resent =
            stallingStore.store(submission("LAB-1", "S2", "A2")).get(20, TimeUnit.SECONDS);
        stallingStore.store(submission("LAB-1", "S3", "A3")).get(20, TimeUnit.SECONDS);
        assertThat(resent.ackMessage()).isEqualTo("A2");
        try (Connection c = stalling.dataSource().getConnection();
            ResultSet rs =
                c.createStatement()
                    .executeQuery(
                        "SELECT control_id, count(*) FROM submission GROUP BY control_id"
                            + " ORDER BY control_id")) {
          List<String> counts = new ArrayList<>();
          while (rs.next()) {
            counts.add(rs.getString(1) + "=" + rs.getLong(2));
          }
          assertThat(counts).containsExactly("S1=1", "S2=1", "S3=1");
        }
      }
    }
  }

  @Test
  void aDuplicateWhoseOriginalCannotBeReadFailsAloneNotItsCommittedGroup() throws Exception {
    store.store(submission("LAB-1", "D1", "FIRST")).get(10, TimeUnit.SECONDS);
    // The first group waits in getConnection until the next two are queued, so they form one
    // group; in every connection the lookup of a duplicate's original fails.
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean firstConnection = new AtomicBoolean(true);
    DataSource real = db.dataSource();
    ClassLoader loader = getClass().getClassLoader();
    DataSource failingLookups =
        (DataSource)
            Proxy.newProxyInstance(
                loader,
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("getConnection")) {
                    return invoke(method, real, args);
                  }
                  if (firstConnection.getAndSet(false)) {
                    release.await(10, TimeUnit.SECONDS);
                  }
                  Connection c = (Connection) invoke(method, real, args);
                  return Proxy.newProxyInstance(
                      loader,
                      new Class<?>[] {Connection.class},
                      (p, m, a) -> {
                        if (m.getName().equals("prepareStatement")
                            && ((String) a[0]).contains("LEFT JOIN log_leaf")) {
                          throw new SQLException("lookup refused by the test", "XX000");
                        }
                        return invoke(m, c, a);
                      });
                });
    try (SubmissionStore s =
        new SubmissionStore(failingLookups, StoreConfig.defaults(), new SimpleMeterRegistry())) {
      CompletableFuture<StoreOutcome> first = s.store(submission("LAB-1", "D0", "B"));
      while (firstConnection.get()) {
        Thread.sleep(5);
      }
      CompletableFuture<StoreOutcome> duplicate = s.store(submission("LAB-1", "D1", "AGAIN"));
      CompletableFuture<StoreOutcome> fresh = s.store(submission("LAB-1", "D2", "NEW"));
      release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS).duplicate()).isFalse();
      StoreOutcome stored = fresh.get(10, TimeUnit.SECONDS);
      assertThat(stored.duplicate()).as("stored by its group, not retried as a replay").isFalse();
      assertThat(stored.ackMessage()).isEqualTo("NEW");
      assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(StoreUnavailableException.class);
    }
    assertThat(rows()).isEqualTo(3);
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
