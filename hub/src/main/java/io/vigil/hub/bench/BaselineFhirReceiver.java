package io.vigil.hub.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FHIR benchmark's yardstick: what a receiver built the usual way does per Bundle. HAPI JSON
 * parse, full {@link FhirInstanceValidator} validation against the core R4 profiles (in-memory
 * terminology), then one JDBC {@code INSERT} + {@code COMMIT} of the bytes and SHA-256, and a 201
 * with the validation OperationOutcome encoded by HAPI. Work runs on Vert.x worker threads (20).
 *
 * <p>Rows go to {@code vigil_bench.bench_baseline_bundle}, dropped on {@link #close()}.
 */
final class BaselineFhirReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BaselineFhirReceiver.class);
  private static final String TABLE = "vigil_bench.bench_baseline_bundle";

  private final Vertx vertx;
  private final HttpServer server;
  private final HikariDataSource dataSource;

  private BaselineFhirReceiver(Vertx vertx, HttpServer server, HikariDataSource dataSource) {
    this.vertx = vertx;
    this.server = server;
    this.dataSource = dataSource;
  }

  /**
   * @param warmupBundle a Bundle like the load's, validated once before listening so the profiles
   *     it needs are loaded (an empty Bundle loads only a few)
   */
  static BaselineFhirReceiver start(
      String url, String user, String password, int pool, byte[] warmupBundle) throws Exception {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(pool);
    hikari.setAutoCommit(false);
    hikari.setPoolName("bench-baseline-fhir");
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS vigil_bench");
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute(
          "CREATE TABLE "
              + TABLE
              + " (id bigserial PRIMARY KEY, received_at timestamptz NOT NULL,"
              + " payload bytea NOT NULL, sha256 bytea NOT NULL, issues int NOT NULL)");
      c.commit();
    }
    FhirContext ctx = FhirContext.forR4Cached();
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(ctx),
            new CommonCodeSystemsTerminologyService(ctx),
            new InMemoryTerminologyServerValidationSupport(ctx),
            new SnapshotGeneratingValidationSupport(ctx));
    FhirValidator validator =
        ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    long t0 = System.nanoTime();
    validator.validateWithResult(
        ctx.newJsonParser().parseResource(new String(warmupBundle, StandardCharsets.UTF_8)));
    LOG.info("baseline validator loaded [ms: {}]", (System.nanoTime() - t0) / 1_000_000);
    // Validation holds a worker for seconds under load: that is the baseline, not a blocked thread.
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMaxWorkerExecuteTime(10)
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES));
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .compose(
                            body ->
                                vertx.executeBlocking(
                                    () -> handle(ctx, validator, dataSource, body.getBytes()),
                                    false))
                        .onComplete(
                            ar -> {
                              if (ar.succeeded()) {
                                req.response()
                                    .setStatusCode(201)
                                    .putHeader("Content-Type", "application/fhir+json")
                                    .end(ar.result());
                              } else {
                                req.response().setStatusCode(500).end();
                              }
                            }))
            .listen(0, "127.0.0.1")
            .await(30, TimeUnit.SECONDS);
    return new BaselineFhirReceiver(vertx, server, dataSource);
  }

  private static String handle(
      FhirContext ctx, FhirValidator validator, HikariDataSource dataSource, byte[] body)
      throws Exception {
    IBaseResource resource =
        ctx.newJsonParser().parseResource(new String(body, StandardCharsets.UTF_8));
    ValidationResult result = validator.validateWithResult(resource);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + TABLE
                    + " (received_at, payload, sha256, issues) VALUES (?,?,?,?)")) {
      ps.setObject(1, OffsetDateTime.now());
      ps.setBytes(2, body);
      ps.setBytes(3, MessageDigest.getInstance("SHA-256").digest(body));
      ps.setInt(4, result.getMessages().size());
      ps.executeUpdate();
      c.commit();
    }
    return ctx.newJsonParser().encodeResourceToString(result.toOperationOutcome());
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS vigil_bench CASCADE");
      c.commit();
    } catch (SQLException e) {
      LOG.warn("could not drop the baseline schema [cause: {}]", e.toString());
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    dataSource.close();
  }
}
