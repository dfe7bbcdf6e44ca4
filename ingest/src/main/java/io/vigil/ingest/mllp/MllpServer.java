package io.vigil.ingest.mllp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.IngestMetrics;
import io.vigil.ingest.tls.ServerTls;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLLP receiver: a Vert.x TCP server (optionally TLS) that frames HL7 v2 messages and answers
 * each with its acknowledgement, in order, once the message is durably stored.
 */
public final class MllpServer {
  private static final Logger LOG = LoggerFactory.getLogger(MllpServer.class);

  private final Vertx vertx;
  private final MllpConfig config;
  private final Hl7v2Intake intake;
  private final IngestMetrics metrics;
  private final AtomicInteger connections = new AtomicInteger();
  private NetServer server;

  public MllpServer(Vertx vertx, MllpConfig config, Hl7v2Intake intake, IngestMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.intake = intake;
    this.metrics = metrics;
    metrics.registry().gauge("vigil.mllp.connections", connections);
  }

  /** Binds the port; completes with the port actually bound. */
  public Future<Integer> start() {
    NetServerOptions options =
        new NetServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            // Idle connections are closed by MllpConnection, which knows when a message is still
            // being processed (a slow commit is not idleness).
            .setTcpNoDelay(true);
    ServerTls.apply(options, config.tlsCertPath(), config.tlsKeyPath());
    server = vertx.createNetServer(options);
    server.connectHandler(
        socket -> {
          if (connections.incrementAndGet() > config.maxConnections()) {
            connections.decrementAndGet();
            LOG.warn("connection refused, limit reached [max: {}]", config.maxConnections());
            socket.close();
            return;
          }
          new MllpConnection(
              vertx.getOrCreateContext(),
              socket,
              config,
              intake,
              metrics,
              connections::decrementAndGet);
        });
    return server
        .listen()
        .map(
            s -> {
              LOG.info(
                  "MLLP listening [host: {}, port: {}, tls: {}]",
                  config.host(),
                  s.actualPort(),
                  config.tlsEnabled());
              return s.actualPort();
            });
  }

  /** Stops accepting connections and closes open ones. */
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
