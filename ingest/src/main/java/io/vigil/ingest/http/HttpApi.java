package io.vigil.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vigil.anchoring.log.CheckpointStore;
import io.vigil.anchoring.log.ReceiptService;
import io.vigil.ingest.auth.HubAuth;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.InboundBudget;
import io.vigil.ingest.store.StoreReadiness;
import io.vigil.ingest.store.SubmissionQueries;
import io.vigil.ingest.tls.ServerTls;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the hub: token endpoint, HL7 v2 submission, the submission and provenance API,
 * Prometheus metrics and health. Routes and their protection come from the OpenAPI document ({@link
 * ApiRouter}); this class binds handlers to its operationIds.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  static final Duration TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final HttpConfig config;
  private final HubAuth auth;
  private final Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
  private final SubmissionQueries queries;
  private final Supplier<String> metricsScrape;
  private final List<Consumer<Router>> extraRoutes = new ArrayList<>();
  private final InboundBudget budget;
  private final BodyBudget bodies;
  private final HttpConnections connections;
  private HttpServer server;

  /**
   * @param readiness answers {@code /health/ready}: DOWN while the store cannot take writes
   * @param logKey the signed-note verifier key of the submission log's checkpoints
   * @param extraHandlers handlers of further operations of the document (FHIR, analytics), by
   *     operationId; operations with none answer 501
   */
  public HttpApi(
      Vertx vertx,
      HttpConfig config,
      HubAuth auth,
      Hl7v2Intake intake,
      SubmissionQueries queries,
      StoreReadiness readiness,
      ReceiptService receipts,
      CheckpointStore checkpoints,
      String logKey,
      Supplier<String> metricsScrape,
      Map<String, Handler<RoutingContext>> extraHandlers) {
    this.vertx = vertx;
    this.config = config;
    this.auth = auth;
    this.queries = queries;
    this.metricsScrape = metricsScrape;
    this.budget = new InboundBudget(config.bufferedBytesBudget());
    this.bodies = new BodyBudget(budget, intake.metrics());
    intake.metrics().registry().gauge("vigil.http.buffered.bytes", budget, InboundBudget::used);
    this.connections =
        new HttpConnections(config.maxConnections(), intake.metrics().registry(), System::nanoTime);
    Hl7v2Endpoint hl7v2 = new Hl7v2Endpoint(intake, Clock.systemUTC());
    SubmissionEndpoint submissions = new SubmissionEndpoint(queries, checkpoints);
    ProvenanceEndpoint provenance = new ProvenanceEndpoint(receipts, checkpoints, logKey, queries);
    handlers.put("issueToken", auth.tokenEndpoint()::handle);
    handlers.put("getOpenApi", HttpApi::openApi);
    handlers.put("submitHl7v2", hl7v2::handle);
    handlers.put("getSubmission", submissions::byId);
    handlers.put("findSubmissions", submissions::find);
    handlers.put("getReceipt", provenance::receipt);
    handlers.put("getCheckpoints", provenance::checkpoints);
    handlers.put("getConsistencyProof", provenance::consistency);
    handlers.put("getLogKey", provenance::key);
    handlers.put("getMetrics", this::metrics);
    handlers.put("getLiveness", ctx -> health(ctx, true));
    handlers.put(
        "getReadiness",
        ctx ->
            vertx
                .executeBlocking(readiness::ready, false)
                .onComplete(ar -> health(ctx, ar.succeeded() && ar.result())));
    handlers.putAll(extraHandlers);
  }

  /**
   * Adds routes outside the OpenAPI document (the web console's pages) to the router once it is
   * built; they come before its catch-all 404. Call before {@link #start()}.
   */
  public HttpApi withRoutes(Consumer<Router> routes) {
    extraRoutes.add(routes);
    return this;
  }

  /** Binds the port; completes with the port actually bound. */
  public Future<Integer> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            // Compressed request bodies are inflated by ContentDecoder, which can answer a bad one.
            .setCompressionSupported(true)
            // Closes connections nothing is read from or written to; AnswerPendingIdleGuard keeps
            // it off connections whose answer is being worked on (a slow commit is not idleness).
            .setIdleTimeout((int) config.idleTimeout().toSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            // HTTP/1.1 only: the idle guard and the connection cap reason about HTTP/1.1
            // connections, and an h2c upgrade would carry a connection past both. HTTPS offers no
            // HTTP/2 either (no ALPN). Senders' HL7 v2 and FHIR clients speak HTTP/1.1.
            .setHttp2ClearTextEnabled(false)
            // A TLS client that never finishes its handshake is closed after this; Vert.x's
            // default, set here so that it is a decision.
            .setSslHandshakeTimeout(TLS_HANDSHAKE_TIMEOUT.toSeconds())
            .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    ServerTls.apply(options, config.tlsCertPath(), config.tlsKeyPath());
    return ApiRouter.create(vertx)
        .map(
            api -> {
              Map<String, Handler<RoutingContext>> all = new HashMap<>(handlers);
              // Answered from the same reading of the document that protects the routes.
              all.putIfAbsent(
                  "getPrincipal", new PrincipalEndpoint(api.operationsByRole())::handle);
              return api.router(auth, all, config.maxBodyBytes(), bodies);
            })
        .compose(
            router -> {
              extraRoutes.forEach(r -> r.accept(router));
              server = vertx.createHttpServer(options);
              // Failed TLS handshakes (plain text on the TLS port, a bad client): logged,
              // sanitised.
              server.exceptionHandler(
                  e ->
                      LOG.warn(
                          "HTTP connection refused before it was accepted [{}]",
                          ServerTls.describeRefusal(e)));
              server.connectionHandler(connections::accept);
              // Clients that keep pooled connections learn when the hub closes an idle one
              // (a second early), instead of sending a request into a closing connection.
              String keepAlive = "timeout=" + Math.max(1, config.idleTimeout().toSeconds() - 1);
              return server
                  .requestHandler(
                      request -> {
                        request.response().putHeader("Keep-Alive", keepAlive);
                        router.handle(request);
                      })
                  .listen();
            })
        .map(
            s -> {
              String scheme = config.tlsEnabled() ? "https" : "http";
              auth.bindTokenUrl(
                  scheme + "://" + config.host() + ":" + s.actualPort() + "/api/v1/token");
              LOG.info(
                  "HTTP listening [host: {}, port: {}, tls: {}, tokenUrl: {},"
                      + " largeMessageBudgetMiB: {}, idleTimeoutSeconds: {}, maxConnections: {}]",
                  config.host(),
                  s.actualPort(),
                  config.tlsEnabled(),
                  auth.tokenUrl(),
                  budget.capacity() >> 20,
                  config.idleTimeout().toSeconds(),
                  config.maxConnections());
              return s.actualPort();
            });
  }

  /**
   * Stops accepting connections and lets requests in progress be answered (an HL7 v2 or FHIR
   * submission is stored and acknowledged as usual) before their connections close; connections
   * still open after {@code grace} are closed as they are.
   */
  public Future<Void> stop(Duration grace) {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void openApi(RoutingContext ctx) {
    ctx.vertx()
        .fileSystem()
        .readFile(ApiRouter.CONTRACT)
        .onSuccess(
            yaml ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .end(yaml))
        .onFailure(e -> ApiReplies.send(ctx, 500, "INTERNAL_ERROR", "The document is missing"));
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
