package io.vigil.analytics.sink;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Migrates the analytics tables ({@code db/analytics}) with their own Flyway history table, beside
 * the other modules' tables in the same schema.
 */
public final class AnalyticsSchema {
  private AnalyticsSchema() {}

  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/analytics")
        .table("flyway_analytics_history")
        // Other modules' tables live in the same schema: start this history at 0, then apply V1+.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /** Migrates through a plain JDBC URL (the job's own entry point, without a pool). */
  public static void migrate(String url, String user, String password) {
    Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/analytics")
        .table("flyway_analytics_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
