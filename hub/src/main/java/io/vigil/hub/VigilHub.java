package io.vigil.hub;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.log.CheckpointPublisher;
import io.vigil.anchoring.log.CheckpointStore;
import io.vigil.anchoring.log.LeafRangeReader;
import io.vigil.anchoring.log.LogSequencer;
import io.vigil.anchoring.log.ReceiptService;
import io.vigil.hub.db.EmbeddedDatabase;
import io.vigil.hub.events.EventPath;
import io.vigil.hub.timeliness.LateSenderGauge;
import io.vigil.hub.timeliness.StatementIssuer;
import io.vigil.hub.timeliness.TimelinessEndpoint;
import io.vigil.hub.timeliness.TimelinessReader;
import io.vigil.hub.web.WebConsole;
import io.vigil.ingest.ack.AckWriter;
import io.vigil.ingest.auth.HubAuth;
import io.vigil.ingest.auth.PrincipalStore;
import io.vigil.ingest.fhir.FhirEndpoint;
import io.vigil.ingest.fhir.FhirExaminer;
import io.vigil.ingest.fhir.FhirIntake;
import io.vigil.ingest.fhir.FhirReportMapper;
import io.vigil.ingest.fhir.FhirValidator;
import io.vigil.ingest.fhir.ProfileValidation;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import io.vigil.ingest.http.ApiRouter;
import io.vigil.ingest.http.HttpApi;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.IngestMetrics;
import io.vigil.ingest.mllp.MllpServer;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.store.Database;
import io.vigil.ingest.store.StoreConfig;
import io.vigil.ingest.store.StoreReadiness;
import io.vigil.ingest.store.SubmissionQueries;
import io.vigil.ingest.store.SubmissionStore;
import io.vigil.ingest.trends.AggregateReader;
import io.vigil.ingest.trends.AnalystEndpoint;
import io.vigil.ingest.validation.CvxTable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub (ingest receivers, store, API), started in-process: the composition root used by
 * the CLI, the benchmarks and the integration tests. Closing it stops the receivers first (each
 * answers what it has already received), then commits what is queued, then releases the database.
 */
public final class VigilHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VigilHub.class);
  private static final String MLLP_PORT_SETTING = "--mllp-port or mllp.port";
  private static final String HTTP_PORT_SETTING = "--http-port or http.port";

  /**
   * How long a stopping hub lets its receivers answer what they have already received: stored
   * messages are acknowledged, then the connections close. Well inside an orchestrator's usual 30 s
   * between SIGTERM and SIGKILL, with the store's last commits and checkpoint after it.
   */
  static final Duration RECEIVER_GRACE = Duration.ofSeconds(10);

  private static final long GRACE_WAIT_SECONDS = RECEIVER_GRACE.toSeconds() + 5;

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final int mllpPort;
  private final int httpPort;
  private final String jdbcUrl;
  private final String chainRpcUrl;
  private final String anchorContract;
  private final String kafkaBootstrap;
  private final Map<String, String> devCredentials;

  private VigilHub(
      Deque<AutoCloseable> resources,
      int mllpPort,
      int httpPort,
      String jdbcUrl,
      String chainRpcUrl,
      String anchorContract,
      String kafkaBootstrap,
      Map<String, String> devCredentials) {
    this.resources.addAll(resources);
    this.devCredentials = Map.copyOf(devCredentials);
    this.mllpPort = mllpPort;
    this.httpPort = httpPort;
    this.jdbcUrl = jdbcUrl;
    this.chainRpcUrl = chainRpcUrl;
    this.anchorContract = anchorContract;
    this.kafkaBootstrap = kafkaBootstrap;
  }

  /** Where de-identified events are published, or empty when publishing is off. */
  public java.util.Optional<String> kafkaBootstrap() {
    return java.util.Optional.ofNullable(kafkaBootstrap);
  }

  /** The chain's JSON-RPC URL, or empty when anchoring is off. */
  public java.util.Optional<String> chainRpcUrl() {
    return java.util.Optional.ofNullable(chainRpcUrl);
  }

  /** The Anchor contract's address, or empty when anchoring is off. */
  public java.util.Optional<String> anchorContract() {
    return java.util.Optional.ofNullable(anchorContract);
  }

  /** Starts a hub from {@code config}; returns once it accepts traffic. */
  public static VigilHub start(HubConfig config) throws Exception {
    return start(config, Map.of());
  }

  /**
   * As {@link #start(HubConfig)}, with handlers for further operations of the OpenAPI document
   * (operationId → handler); operations without one answer 501.
   */
  public static VigilHub start(HubConfig config, Map<String, Handler<RoutingContext>> operations)
      throws Exception {
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      if (config.mode() == HubConfig.Mode.DEV
          || config.chain().mode() == ChainSettings.Mode.ANVIL) {
        // The dir of embedded parts. Taken first, so a second hub on it is told so before
        // anything starts, and what an earlier hub left running there is provably an orphan.
        opened.push(DataDirLock.acquire(config.dataDir()));
      }
      ListenerPorts.requireFree(
          "MLLP", config.mllp().host(), config.mllp().port(), MLLP_PORT_SETTING);
      ListenerPorts.requireFree(
          "HTTP", config.http().host(), config.http().port(), HTTP_PORT_SETTING);
      StoreConfig storeConfig = config.store();
      if (storeConfig.jdbcUrl() == null) {
        if (config.mode() != HubConfig.Mode.DEV) {
          throw new IllegalStateException("production mode needs db.url (VIGIL_DB_URL)");
        }
        // Closed last by close(), after everything that writes to it has drained.
        EmbeddedDatabase pg =
            EmbeddedDatabase.startClosedByOwner(config.dataDir().resolve("postgres"));
        opened.push(pg);
        storeConfig = storeConfig.withDatabase(pg.jdbcUrl(), pg.user(), pg.password());
      }
      Database db = Database.open(storeConfig);
      opened.push(db);

      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      bindJvmMetrics(meters);
      opened.push(meters::close);

      CheckpointSigner signer = LogSigning.signer(config);
      LogSequencer sequencer =
          new LogSequencer(db.dataSource(), signer, config.log().origin(), Clock.systemUTC());
      CheckpointPublisher publisher = new CheckpointPublisher(sequencer, null);
      meters.gauge("vigil.log.checkpoints.published", publisher, CheckpointPublisher::published);
      meters.gauge("vigil.log.failures", publisher, CheckpointPublisher::failures);
      // Closed after the store drains, with one last tick, so every stored message is checkpointed.
      opened.push(
          () -> {
            publisher.tick();
            publisher.close();
          });

      ChainAnchoring anchoring =
          ChainAnchoring.start(
              config, new CheckpointStore(db.dataSource()), sequencer::lead, meters);
      if (anchoring != null) {
        opened.push(anchoring);
      }

      EventPath events = EventPath.start(config, storeConfig, db.dataSource(), meters);
      opened.push(events);

      SubmissionStore store = new SubmissionStore(db.dataSource(), storeConfig, meters);
      opened.push(store);
      ExecutorService cpu = cpuPool();
      opened.push(() -> shutdown(cpu));
      Vertx vertx = Vertx.vertx();
      opened.push(() -> vertx.close().await(10, TimeUnit.SECONDS));

      Clock clock = Clock.systemUTC();
      IngestMetrics metrics = new IngestMetrics(meters).registerRefusalCounters();
      SenderRegistry senders =
          new SenderRegistry(db.dataSource(), config.mode() == HubConfig.Mode.DEV);
      Hl7v2Intake intake =
          new Hl7v2Intake(
              // The value set the trends count by: a reportable order counting nothing is told.
              new Hl7v2Examiner(clock, events.deidentifier().conditions()),
              new AckWriter(clock),
              senders,
              store,
              metrics,
              cpu,
              clock,
              events.deidentifier(),
              config.rateLimit());
      PrincipalStore principals = new PrincipalStore(db.dataSource());
      HubAuth auth =
          new HubAuth(vertx, config.auth(), DevCredentials.signingKey(config), principals, clock);
      Map<String, String> devCredentials =
          config.mode() == HubConfig.Mode.DEV
              ? DevCredentials.issue(principals, auth.tokens(), config.auth(), config.dataDir())
              : Map.of();

      intake.warmUp(500, Math.max(2, Runtime.getRuntime().availableProcessors()));
      Map<String, Handler<RoutingContext>> handlers = new java.util.HashMap<>(operations);
      AnalystEndpoint analyst =
          new AnalystEndpoint(
              new AggregateReader(db.dataSource()), config.events().suppressionK(), clock);
      handlers.putIfAbsent("getTrends", analyst::trends);
      handlers.putIfAbsent("getDoses", analyst::doses);
      handlers.putIfAbsent("getSignals", analyst::signals);
      FhirIntake fhirIntake =
          new FhirIntake(
              new FhirExaminer(
                  new FhirValidator(CvxTable.bundled()),
                  new FhirReportMapper(),
                  ProfileValidation.start(config.fhir(), cpu, meters),
                  clock),
              senders,
              store,
              metrics,
              cpu,
              clock,
              "urn:vigil:hub",
              events.deidentifier());
      fhirIntake.warmUp(200, Math.max(2, Runtime.getRuntime().availableProcessors()));
      FhirEndpoint fhir = new FhirEndpoint(fhirIntake);
      handlers.putIfAbsent("fhirProcessMessage", fhir::processMessage);
      handlers.putIfAbsent("fhirSubmitBundle", fhir::submitBundle);
      handlers.putIfAbsent("fhirSubmitBundleTyped", fhir::submitBundle);
      for (String op : List.of("fhirProcessMessage", "fhirSubmitBundle", "fhirSubmitBundleTyped")) {
        handlers.putIfAbsent(op + ApiRouter.FAILURE_SUFFIX, fhir::onFailure);
      }
      TimelinessReader timelinessReader = new TimelinessReader(db.dataSource());
      LeafRangeReader leafRanges = new LeafRangeReader(db.dataSource());
      TimelinessEndpoint timeliness =
          new TimelinessEndpoint(
              timelinessReader,
              leafRanges,
              new CheckpointStore(db.dataSource()),
              new StatementIssuer(
                  leafRanges,
                  new CheckpointStore(db.dataSource()),
                  signer,
                  config.log().origin(),
                  clock),
              clock);
      handlers.putIfAbsent("getTimeliness", timeliness::weekly);
      handlers.putIfAbsent("getTimelinessStatement", timeliness::statement);
      handlers.putIfAbsent("getLogLeaves", timeliness::logLeaves);
      opened.push(new LateSenderGauge(timelinessReader, meters, Duration.ofSeconds(30)));
      MllpServer mllp = new MllpServer(vertx, config.mllp(), intake, metrics, senders);
      HttpApi http =
          new HttpApi(
              vertx,
              config.http(),
              auth,
              intake,
              new SubmissionQueries(db.dataSource()),
              new StoreReadiness(db.dataSource(), store.writeOutage()),
              new ReceiptService(db.dataSource()),
              new CheckpointStore(db.dataSource()),
              signer.verifierKey().render(),
              meters::scrape,
              handlers);
      int mllpPort;
      try {
        mllpPort = mllp.start().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw bindFailure("MLLP", config.mllp().host(), config.mllp().port(), MLLP_PORT_SETTING, e);
      }
      opened.push(() -> mllp.stop(RECEIVER_GRACE).await(GRACE_WAIT_SECONDS, TimeUnit.SECONDS));
      http.withRoutes(WebConsole::mount);
      int httpPort;
      try {
        httpPort = http.start().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw bindFailure("HTTP", config.http().host(), config.http().port(), HTTP_PORT_SETTING, e);
      }
      // Both receivers stop together: neither takes new messages while the other drains.
      opened.pop();
      opened.push(
          () ->
              Future.join(mllp.stop(RECEIVER_GRACE), http.stop(RECEIVER_GRACE))
                  .await(GRACE_WAIT_SECONDS, TimeUnit.SECONDS));
      publisher.start(config.log().checkpointInterval());
      if (anchoring != null) {
        anchoring.start(config.log().checkpointInterval());
      }
      return new VigilHub(
          opened,
          mllpPort,
          httpPort,
          storeConfig.jdbcUrl(),
          anchoring == null ? null : anchoring.rpcUrl(),
          anchoring == null ? null : anchoring.contract().orElse(null),
          events.bootstrapServers().orElse(null),
          devCredentials);
    } catch (Exception | Error e) {
      closeAll(opened);
      throw e;
    }
  }

  /**
   * A port taken between the check at the start and the bind (or the same port for both listeners)
   * is told as the check tells it; any other failure is left as it is.
   */
  private static Exception bindFailure(
      String listener, String host, int port, String setting, Exception failure) {
    return ListenerPorts.addressInUse(failure)
        ? ListenerPorts.cannotBind(listener, host, port, setting, failure)
        : failure;
  }

  private static void bindJvmMetrics(PrometheusMeterRegistry meters) {
    new JvmMemoryMetrics().bindTo(meters);
    new JvmGcMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new FileDescriptorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
  }

  /** Threads for parsing and validation: CPU-bound work kept off the event loops. */
  private static ExecutorService cpuPool() {
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "vigil-cpu-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private static void shutdown(ExecutorService pool) throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** The MLLP port actually bound (resolves port 0). */
  public int mllpPort() {
    return mllpPort;
  }

  /** The HTTP port actually bound (resolves port 0). */
  public int httpPort() {
    return httpPort;
  }

  /**
   * Dev mode: the bearer token of each role's dev principal ({@code sender}, {@code analyst},
   * {@code auditor}, {@code admin}), as written to {@code dev-credentials.json}; empty otherwise.
   */
  public Map<String, String> devCredentials() {
    return devCredentials;
  }

  /** The JDBC URL of the system of record (the embedded one in dev mode). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  @Override
  public void close() {
    closeAll(resources);
    LOG.info("hub stopped");
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        LOG.warn("error while stopping [error: {}]", e.toString());
      }
    }
  }
}
