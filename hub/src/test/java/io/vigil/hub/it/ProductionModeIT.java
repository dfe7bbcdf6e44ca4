package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.log.LogConfig;
import io.vigil.hub.ChainSettings;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.cli.VigilCli;
import io.vigil.hub.db.EmbeddedDatabase;
import io.vigil.hub.events.EventsSettings;
import io.vigil.ingest.auth.AuthConfig;
import io.vigil.ingest.auth.TokenSigningKey;
import io.vigil.ingest.fhir.FhirConfig;
import io.vigil.ingest.http.HttpConfig;
import io.vigil.ingest.intake.RateLimitConfig;
import io.vigil.ingest.mllp.MllpConfig;
import io.vigil.ingest.outbox.OutboxConfig;
import io.vigil.ingest.store.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Production mode: TLS on MLLP, unknown senders refused until an operator registers them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProductionModeIT {
  @TempDir Path dir;

  private static String send(SSLSocket socket, String message) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(TestMessages.frame(message));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream ack = new ByteArrayOutputStream();
    int b = in.read();
    assertThat(b).isEqualTo(0x0B);
    while ((b = in.read()) != 0x1C) {
      ack.write(b);
    }
    in.read();
    return ack.toString(StandardCharsets.ISO_8859_1);
  }

  private Path tokenKey() throws Exception {
    Path file = dir.resolve("token.pem");
    TokenSigningKey.generate(file);
    return file;
  }

  @Test
  void refusesUnknownSendersOverTlsUntilRegistered() throws Exception {
    Path[] tls = TestTls.selfSignedCertificate(dir, "mllp");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"))) {
      HubConfig config =
          new HubConfig(
              HubConfig.Mode.PRODUCTION,
              dir,
              MllpConfig.defaults().withPort(0).withTls(tls[0], tls[1]),
              HttpConfig.defaults().withPort(0),
              StoreConfig.defaults().withDatabase(pg.jdbcUrl(), pg.user(), pg.password()),
              new LogConfig(
                  "vigil.test/log",
                  CheckpointSigner.generateSignerKey("vigil.test/log"),
                  Duration.ofSeconds(1)),
              ChainSettings.off(),
              new EventsSettings(
                  EventsSettings.KafkaMode.OFF,
                  OutboxConfig.defaults(),
                  "ab".repeat(32),
                  java.time.ZoneId.of("UTC"),
                  java.util.Optional.empty(),
                  java.util.Set.of("P"),
                  EventsSettings.AnalyticsMode.OFF,
                  11),
              AuthConfig.defaults()
                  .withTokenSigningKey(
                      dir.resolve("token.pem").toFile().exists()
                          ? dir.resolve("token.pem")
                          : tokenKey()),
              RateLimitConfig.defaults(),
              FhirConfig.defaults());
      try (VigilHub hub = VigilHub.start(config)) {
        try (SSLSocket socket = TestTls.connect(hub.mllpPort(), null)) {
          String ack = send(socket, TestMessages.elr("44D4444444", "PROD-1"));
          assertThat(MllpClient.ackCode(ack)).isEqualTo("AR");
          assertThat(ack).contains("SENDER_UNKNOWN");
        }

        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("senders", "add", "44D4444444", "--db-url", pg.jdbcUrl());
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("registered 44D4444444");

        // The message refused while the facility was unknown, sent again as it was: the reject
        // was the hub's state, not the message's, so it is examined again (not replayed).
        try (SSLSocket socket = TestTls.connect(hub.mllpPort(), null)) {
          String ack = send(socket, TestMessages.elr("44D4444444", "PROD-1"));
          assertThat(MllpClient.ackCode(ack)).isEqualTo("AA");
          assertThat(MllpClient.ackedControlId(ack)).isEqualTo("PROD-1");
          assertThat(ack).doesNotContain("SENDER_UNKNOWN");
        }

        try (SSLSocket socket = TestTls.connect(hub.mllpPort(), null)) {
          String ack = send(socket, TestMessages.elr("44D4444444", "PROD-2"));
          assertThat(MllpClient.ackCode(ack)).isEqualTo("AA");
          assertThat(MllpClient.ackedControlId(ack)).isEqualTo("PROD-2");
        }
      }
    }
  }

  @Test
  void productionStartRefusesToRunInsecurely() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new VigilCli());
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("start", "--mllp-port", "0", "--http-port", "0");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("refused to start insecurely")
        .contains("db.url")
        .contains("mllp.tls.cert")
        .contains("http.tls.cert")
        .contains("mllp.tls.client-ca")
        .contains("auth.token-signing-key");
  }
}
