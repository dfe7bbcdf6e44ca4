package io.vigil.ingest.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vigil.anchoring.log.LogSchema;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool to the system of record, migrated by Flyway on open. */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Opens a pool to {@code config.jdbcUrl()} and applies pending migrations. */
  public static Database open(StoreConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("vigil-db");
    // Fail fast when the database is down: the sender gets a negative ACK and resends.
    hikari.setConnectionTimeout(5_000);
    hikari.setInitializationFailTimeout(30_000);
    // Lets the driver turn a JDBC batch into multi-row INSERTs: one round trip per group commit.
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    hikari.addDataSourceProperty("ApplicationName", "vigil");
    // Read-only and disk-full errors retire the connection too, so recovery needs no restart.
    hikari.setExceptionOverride(new WriteRefusalEviction());
    HikariDataSource ds = new HikariDataSource(hikari);
    try {
      var result =
          Flyway.configure()
              .dataSource(ds)
              .locations("classpath:db/ingest")
              .table("flyway_ingest_history")
              .load()
              .migrate();
      LOG.info(
          "database migrated [schemaVersion: {}, applied: {}]",
          result.targetSchemaVersion,
          result.migrationsExecuted);
      LogSchema.migrate(ds);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
