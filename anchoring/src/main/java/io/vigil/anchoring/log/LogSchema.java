package io.vigil.anchoring.log;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Migrates the log's tables (own Flyway history, beside the other modules' schemas). */
public final class LogSchema {
  private LogSchema() {}

  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/anchoring")
        .table("flyway_anchoring_history")
        // Other modules' tables live in the same schema: start this history at 0, then apply V1+.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
