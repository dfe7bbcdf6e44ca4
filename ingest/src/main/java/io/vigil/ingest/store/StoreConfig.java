package io.vigil.ingest.store;

import java.time.Duration;

/**
 * System-of-record settings.
 *
 * @param jdbcUrl PostgreSQL JDBC URL; when null the launcher starts an embedded PostgreSQL
 * @param user database user
 * @param password database password (never logged)
 * @param poolSize connections in the pool; default 8
 * @param maxBatch most submissions committed in one transaction; default 256
 * @param writers group-commit writer threads; default 1: one writer forms the largest groups and no
 *     group waits on another's append lock (ADR 0002)
 * @param commitTimeout longest wait for the database's answer to one group; default 30 s. A
 *     database that stops answering (a network partition, a stuck disk) fails the group instead of
 *     stalling every writer until TCP gives up, hours later; nothing of it is acknowledged
 * @param largePayloadBytes a submission of at least this many bytes (a report carrying a document)
 *     is written by the large lane's own writer, so it does not hold up ordinary messages; default
 *     256 KiB
 */
public record StoreConfig(
    String jdbcUrl,
    String user,
    String password,
    int poolSize,
    int maxBatch,
    int writers,
    Duration commitTimeout,
    int largePayloadBytes) {

  /** Default {@link #largePayloadBytes}: far above an ordinary report (2–5 KB), below a PDF's. */
  public static final int DEFAULT_LARGE_PAYLOAD_BYTES = 256 * 1024;

  public StoreConfig {
    if (commitTimeout.isNegative() || commitTimeout.isZero()) {
      throw new IllegalArgumentException("commitTimeout must be positive, was " + commitTimeout);
    }
    if (largePayloadBytes < 1) {
      throw new IllegalArgumentException(
          "largePayloadBytes must be positive, was " + largePayloadBytes);
    }
  }

  public static StoreConfig defaults() {
    return new StoreConfig(
        null,
        "postgres",
        "postgres",
        8,
        256,
        1,
        Duration.ofSeconds(30),
        DEFAULT_LARGE_PAYLOAD_BYTES);
  }

  public StoreConfig withDatabase(String url, String newUser, String newPassword) {
    return new StoreConfig(
        url, newUser, newPassword, poolSize, maxBatch, writers, commitTimeout, largePayloadBytes);
  }

  @Override
  public String toString() {
    return "StoreConfig[jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", poolSize="
        + poolSize
        + ", maxBatch="
        + maxBatch
        + ", writers="
        + writers
        + ", commitTimeout="
        + commitTimeout
        + ", largePayloadBytes="
        + largePayloadBytes
        + "]";
  }
}
