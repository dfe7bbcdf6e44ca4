package io.vigil.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vigil.anchoring.log.CheckpointStore;
import io.vigil.anchoring.log.ReceiptService;
import io.vigil.ingest.fhir.FhirEndpoint;
import io.vigil.ingest.fhir.FhirIntake;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.store.SubmissionQueries;
import io.vigil.ingest.tls.ServerTls;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the hub: HL7 v2 submission, the submission API, Prometheus metrics and health.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>POST /api/v1/hl7v2</td><td>submit one message or an FHS/BHS batch</td></tr>
 *   <tr><td>POST /fhir/r4/$process-message</td><td>submit a FHIR message Bundle</td></tr>
 *   <tr><td>POST /fhir/r4, /fhir/r4/Bundle</td><td>submit a transaction, batch or collection
 *   Bundle</td></tr>
 *   <tr><td>GET /api/v1/submissions/{id}</td><td>one submission's status</td></tr>
 *   <tr><td>GET /api/v1/submissions?controlId=&amp;sender=</td><td>find by MSH-10</td></tr>
 *   <tr><td>GET /api/v1/submissions/{id}/receipt</td><td>leaf, inclusion proof, checkpoint,
 *   anchor</td></tr>
 *   <tr><td>GET /api/v1/log/checkpoints, /log/consistency, /log/key</td><td>the log</td></tr>
 *   <tr><td>GET /metrics</td><td>Prometheus exposition</td></tr>
 *   <tr><td>GET /health/live, /health/ready</td><td>liveness; readiness (database reachable)</td></tr>
 * </table>
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  private final Vertx vertx;
  private final HttpConfig config;
  private final Hl7v2Endpoint hl7v2;
  private final SubmissionEndpoint submissions;
  private final SubmissionQueries queries;
  private final Supplier<String> metricsScrape;
  private final ProvenanceEndpoint provenance;
  private final FhirEndpoint fhir;
  private HttpServer server;

  /**
   * @param logKey the signed-note verifier key of the submission log's checkpoints
   */
  public HttpApi(
      Vertx vertx,
      HttpConfig config,
      Hl7v2Intake intake,
      FhirIntake fhirIntake,
      SubmissionQueries queries,
      ReceiptService receipts,
      CheckpointStore checkpoints,
      String logKey,
      Supplier<String> metricsScrape) {
    this.vertx = vertx;
    this.config = config;
    this.hl7v2 = new Hl7v2Endpoint(intake, Clock.systemUTC());
    this.submissions = new SubmissionEndpoint(queries);
    this.provenance = new ProvenanceEndpoint(receipts, checkpoints, logKey);
    this.fhir = new FhirEndpoint(fhirIntake);
    this.queries = queries;
    this.metricsScrape = metricsScrape;
  }

  Router router() {
    Router router = Router.router(vertx);
    router
        .post("/api/v1/hl7v2")
        .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
        .handler(hl7v2::handle);
    // FHIR R4 (operationIds fhirProcessMessage, fhirSubmitBundle, fhirSubmitBundleTyped).
    BodyHandler fhirBody = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
    router
        .post("/fhir/r4/$process-message")
        .handler(fhirBody)
        .handler(fhir::processMessage)
        .failureHandler(fhir::onFailure);
    router
        .post("/fhir/r4")
        .handler(fhirBody)
        .handler(fhir::submitBundle)
        .failureHandler(fhir::onFailure);
    router
        .post("/fhir/r4/Bundle")
        .handler(fhirBody)
        .handler(fhir::submitBundle)
        .failureHandler(fhir::onFailure);
    router.get("/api/v1/submissions/:id/receipt").handler(provenance::receipt);
    router.get("/api/v1/submissions/:id").handler(submissions::byId);
    router.get("/api/v1/log/checkpoints").handler(provenance::checkpoints);
    router.get("/api/v1/log/consistency").handler(provenance::consistency);
    router.get("/api/v1/log/key").handler(provenance::key);
    router.get("/api/v1/submissions").handler(submissions::byControlId);
    router.get("/metrics").handler(this::metrics);
    router.get("/health/live").handler(ctx -> health(ctx, true));
    router
        .get("/health/ready")
        .handler(
            ctx ->
                vertx
                    .executeBlocking(queries::ping)
                    .onComplete(ar -> health(ctx, ar.succeeded() && ar.result())));
    router.route().failureHandler(ApiReplies::onFailure);
    router.route().last().handler(ctx -> ApiReplies.send(ctx, 404, "NOT_FOUND", "No such route"));
    return router;
  }

  /** Binds the port; completes with the port actually bound. */
  public Future<Integer> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            .setCompressionSupported(true);
    ServerTls.apply(options, config.tlsCertPath(), config.tlsKeyPath());
    server = vertx.createHttpServer(options);
    return server
        .requestHandler(router())
        .listen()
        .map(
            s -> {
              LOG.info(
                  "HTTP listening [host: {}, port: {}, tls: {}]",
                  config.host(),
                  s.actualPort(),
                  config.tlsEnabled());
              return s.actualPort();
            });
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metricsScrape.get());
  }

  private static void health(RoutingContext ctx, boolean up) {
    ctx.response()
        .setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", up ? "UP" : "DOWN").encode());
  }
}
