package io.vigil.ingest.mllp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vigil.ingest.auth.Submitter;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.InboundBudget;
import io.vigil.ingest.intake.IngestMetrics;
import io.vigil.ingest.sender.LoggableText;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.tls.ServerTls;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLLP receiver: a Vert.x TCP server (optionally TLS) that frames HL7 v2 messages and answers
 * each with its acknowledgement, in order, once the message is durably stored.
 */
public final class MllpServer {
  private static final Logger LOG = LoggerFactory.getLogger(MllpServer.class);
  private static final Logger SECURITY = LoggerFactory.getLogger("io.vigil.security");

  private final Vertx vertx;
  private final MllpConfig config;
  private final Hl7v2Intake intake;
  private final IngestMetrics metrics;
  private final SenderRegistry senders;
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<MllpConnection> live = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;
  private final InboundBudget budget;
  private NetServer server;

  public MllpServer(Vertx vertx, MllpConfig config, Hl7v2Intake intake, IngestMetrics metrics) {
    this(vertx, config, intake, metrics, null);
  }

  /**
   * @param senders maps client certificate subjects to senders; required when {@link
   *     MllpConfig#clientAuthEnabled()}
   */
  public MllpServer(
      Vertx vertx,
      MllpConfig config,
      Hl7v2Intake intake,
      IngestMetrics metrics,
      SenderRegistry senders) {
    this.vertx = vertx;
    this.senders = senders;
    this.config = config;
    this.intake = intake;
    this.metrics = metrics;
    this.budget = new InboundBudget(config.bufferedBytesBudget());
    metrics.registry().gauge("vigil.mllp.connections", connections);
    metrics.registry().gauge("vigil.mllp.buffered.bytes", budget, InboundBudget::used);
    FramePace.slowFrames(metrics.registry()); // at 0 from the start, as the refusal counters
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
    if (config.clientAuthEnabled()) {
      if (senders == null) {
        throw new IllegalStateException("MLLP client certificates need the sender registry");
      }
      ServerTls.requireClientCertificates(options, config.clientCaPath(), config.crlPath());
    }
    server = vertx.createNetServer(options);
    // Errors before a connection is handed over: on a TLS port, failed handshakes. Without this
    // a sender with the wrong certificate, or none, is refused with nothing in the log.
    server.exceptionHandler(MllpServer::connectionFailed);
    server.connectHandler(
        socket -> {
          if (connections.incrementAndGet() > config.maxConnections()) {
            connections.decrementAndGet();
            LOG.warn("connection refused, limit reached [max: {}]", config.maxConnections());
            socket.close();
            return;
          }
          if (!config.clientAuthEnabled()) {
            open(vertx.getOrCreateContext(), socket, Submitter.UNVERIFIED);
            return;
          }
          // The handshake already checked the chain and the CRL; map the subject to its sender.
          socket.pause();
          String subject = peerSubject(socket);
          var context = vertx.getOrCreateContext();
          vertx
              .executeBlocking(() -> submitterOf(subject, socket), false)
              .onComplete(
                  ar -> {
                    Submitter submitter = ar.result();
                    if (ar.failed()) {
                      // Every message on it is refused; a later connection reads again.
                      LOG.warn(
                          "MLLP client certificate lookup failed [subject: {}, error: {}]",
                          LoggableText.of(subject),
                          ar.cause().toString());
                      submitter = Submitter.unmapped(String.valueOf(subject));
                    }
                    open(context, socket, submitter);
                    socket.resume();
                  });
        });
    return server
        .listen()
        .map(
            s -> {
              LOG.info(
                  "MLLP listening [host: {}, port: {}, tls: {}, largeMessageBudgetMiB: {},"
                      + " minLargeFrameBytesPerSecond: {}]",
                  config.host(),
                  s.actualPort(),
                  config.tlsEnabled(),
                  budget.capacity() >> 20,
                  config.minFrameBytesPerSecond());
              return s.actualPort();
            });
  }

  /** Hands {@code socket} to a connection, tracked until it closes, unless the hub is stopping. */
  private void open(Context context, NetSocket socket, Submitter submitter) {
    if (stopping) {
      connections.decrementAndGet();
      socket.close();
      return;
    }
    live.add(
        new MllpConnection(
            context,
            socket,
            config,
            intake,
            metrics,
            budget,
            closed -> {
              connections.decrementAndGet();
              live.remove(closed);
            },
            submitter));
  }

  private static void connectionFailed(Throwable e) {
    SECURITY.warn(
        "MLLP connection refused before it was accepted [{}]", ServerTls.describeRefusal(e));
  }

  /**
   * The sender a client certificate's subject is mapped to: an enabled one, else a disabled one
   * (its messages are told so), else none (every message is refused as another's).
   */
  private Submitter submitterOf(String subject, NetSocket socket) throws Exception {
    if (subject != null) {
      var enabled = senders.byCertificate(subject);
      if (enabled.isPresent()) {
        return new Submitter(enabled.get(), subject);
      }
      var disabled = senders.disabledByCertificate(subject);
      if (disabled.isPresent()) {
        SECURITY.warn(
            "MLLP client certificate of a disabled sender [subject: {}, remote: {}]",
            LoggableText.of(subject),
            socket.remoteAddress());
        return new Submitter(disabled.get(), subject);
      }
    }
    SECURITY.warn(
        "MLLP client certificate not mapped to a sender [subject: {}, remote: {}]",
        LoggableText.of(subject),
        socket.remoteAddress());
    return Submitter.unmapped(String.valueOf(subject));
  }

  private static String peerSubject(NetSocket socket) {
    try {
      List<Certificate> chain = socket.peerCertificates();
      if (!chain.isEmpty() && chain.get(0) instanceof X509Certificate cert) {
        return cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
      }
    } catch (SSLPeerUnverifiedException e) {
      // no certificate: cannot happen with ClientAuth.REQUIRED, treated as unmapped
    }
    return null;
  }

  /**
   * Stops accepting connections, lets each open one answer the messages it has already received
   * (they are stored and acknowledged as usual) and closes it; connections still open after {@code
   * grace} are closed as they are.
   */
  public Future<Void> stop(Duration grace) {
    if (server == null) {
      return Future.succeededFuture();
    }
    LOG.info(
        "MLLP stopping: answering what was received [connections: {}, graceSeconds: {}]",
        connections.get(),
        grace.toSeconds());
    stopping = true;
    Future<Void> closed = server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
    // Each connection drains itself: Vert.x's shutdown event does not reach a connection that
    // handles its own channel events (half-closure), and without this every open connection,
    // idle or not, went on reading until the grace ran out.
    live.forEach(MllpConnection::drainForStop);
    return closed;
  }
}
