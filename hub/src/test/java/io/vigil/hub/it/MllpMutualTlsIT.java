package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.ingest.mllp.MllpConfig;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.tls.ClientCertificateTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLLP over mutual TLS with certificates made here by {@code openssl}: a test CA, client
 * certificates for a registered lab and for one the CA has revoked (in its CRL). The certificate
 * identifies the sender: its own facility is accepted, another facility is AR SENDER_MISMATCH, no
 * certificate or a revoked one does not get through the handshake.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MllpMutualTlsIT {
  @TempDir static Path dir;
  static VigilHub hub;

  static void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("openssl %s: %s", args[0], output).isZero();
  }

  static void clientCertificate(String name) throws Exception {
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + name + "/O=Test Lab",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr");
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-out",
        name + ".crt");
    openssl(
        "pkcs12",
        "-export",
        "-in",
        name + ".crt",
        "-inkey",
        name + ".key",
        "-out",
        name + ".p12",
        "-passout",
        "pass:changeit");
  }

  @BeforeAll
  static void start() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=Vigil Test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt");
    TestTls.selfSignedCertificate(dir, "server");
    clientCertificate("lab-a");
    clientCertificate("lab-unmapped");
    clientCertificate("lab-revoked");
    clientCertificate("lab-disabled");
    Files.writeString(dir.resolve("index.txt"), "");
    Files.writeString(dir.resolve("crlnumber"), "01\n");
    Files.writeString(
        dir.resolve("ca.cnf"),
        "[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndatabase = index.txt\n"
            + "crlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 1\n");
    openssl(
        "ca",
        "-config",
        "ca.cnf",
        "-keyfile",
        "ca.key",
        "-cert",
        "ca.crt",
        "-revoke",
        "lab-revoked.crt");
    openssl(
        "ca",
        "-config",
        "ca.cnf",
        "-keyfile",
        "ca.key",
        "-cert",
        "ca.crt",
        "-gencrl",
        "-out",
        "ca.crl");

    HubConfig base = HubConfig.forDev(dir.resolve("hub")).withHttpPort(0);
    MllpConfig mllp =
        MllpConfig.defaults()
            .withPort(0)
            .withTls(dir.resolve("server.crt"), dir.resolve("server.key"))
            .withClientAuth(dir.resolve("ca.crt"), dir.resolve("ca.crl"));
    hub = VigilHub.start(base.withMllp(mllp));
    SenderRegistry senders = AuthTestSupport.senders(hub.jdbcUrl());
    senders.register("33D3330001", List.of(), List.of(), "O=Test Lab,CN=lab-a");
    senders.register("33D3330002", List.of(), List.of(), "O=Test Lab,CN=lab-revoked");
    senders.register("33D3330003");
    senders.register("33D3330004", List.of(), List.of(), "O=Test Lab,CN=lab-disabled");
    senders.disable("33D3330004");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static SSLSocket connect(String clientCert) throws Exception {
    KeyManager[] keys = null;
    if (clientCert != null) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(dir.resolve(clientCert + ".p12"))) {
        store.load(in, "changeit".toCharArray());
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, "changeit".toCharArray());
      keys = kmf.getKeyManagers();
    }
    SSLSocket socket = TestTls.connect(hub.mllpPort(), keys);
    socket.setSoTimeout(20_000);
    return socket;
  }

  private static String send(SSLSocket socket, String message) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(TestMessages.frame(message));
    out.flush();
    InputStream in = socket.getInputStream();
    int b = in.read();
    if (b != 0x0B) {
      throw new IOException("connection closed without an acknowledgement");
    }
    ByteArrayOutputStream ack = new ByteArrayOutputStream();
    while ((b = in.read()) != 0x1C) {
      if (b < 0) {
        throw new IOException("connection closed mid-acknowledgement");
      }
      ack.write(b);
    }
    in.read();
    return ack.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aCertifiedSenderSubmitsAsItselfAndOnlyAsItself() throws Exception {
    try (SSLSocket socket = connect("lab-a")) {
      String own = send(socket, TestMessages.elr("33D3330001", "MTLS-OWN"));
      assertThat(MllpClient.ackCode(own)).isEqualTo("AA");
      String other = send(socket, TestMessages.elr("33D3330003", "MTLS-OTHER"));
      assertThat(MllpClient.ackCode(other)).isEqualTo("AR");
      assertThat(other).contains("SENDER_MISMATCH");
      // An immunization message may leave MSH-4 empty: the certificate names its sender.
      String unnamed = send(socket, TestMessages.vxu("", "MTLS-IZ"));
      assertThat(MllpClient.ackCode(unnamed)).as(unnamed).isEqualTo("AA");
      assertThat(unnamed).contains("MSH4_MISSING");
      try (java.sql.Connection c = AuthTestSupport.dataSource(hub.jdbcUrl()).getConnection();
          java.sql.ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT facility_id FROM submission WHERE control_id = 'MTLS-IZ'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("33D3330001");
      }
    }
  }

  @Test
  void aCertificateMappedToNoSenderGetsOnlyRejections() throws Exception {
    try (SSLSocket socket = connect("lab-unmapped")) {
      String ack = send(socket, TestMessages.elr("33D3330003", "MTLS-UNMAPPED"));
      assertThat(MllpClient.ackCode(ack)).isEqualTo("AR");
      assertThat(ack).contains("SENDER_MISMATCH");
      String unnamed = send(socket, TestMessages.vxu("", "MTLS-UNMAPPED-IZ"));
      assertThat(MllpClient.ackCode(unnamed)).isEqualTo("AR");
      assertThat(unnamed).contains("SENDER_MISMATCH");
    }
  }

  /**
   * A sender the operators disabled whose certificate the CA still trusts: told it is disabled (not
   * that it claimed another's facility), nothing stored.
   */
  @Test
  void aDisabledSendersCertificateIsToldItIsDisabled() throws Exception {
    try (SSLSocket socket = connect("lab-disabled")) {
      String ack = send(socket, TestMessages.elr("33D3330004", "MTLS-DISABLED"));
      assertThat(MllpClient.ackCode(ack)).as(ack).isEqualTo("AR");
      assertThat(ack).contains("SENDER_DISABLED").doesNotContain("SENDER_MISMATCH");
      String unnamed = send(socket, TestMessages.vxu("", "MTLS-DISABLED-IZ"));
      assertThat(unnamed).contains("SENDER_DISABLED");
      try (java.sql.Connection c = AuthTestSupport.dataSource(hub.jdbcUrl()).getConnection();
          java.sql.ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*) FROM submission WHERE control_id LIKE 'MTLS-DISABLED%'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("not stored").isZero();
      }
    }
  }

  /**
   * A refused certificate is told with its subject, serial and the peer's address (the TLS layer's
   * own report names neither), by the same trust the listener uses: revoked, issued by another CA.
   */
  @Test
  void aRefusedCertificateIsToldWithItsSubjectAndPeer() throws Exception {
    List<ClientCertificateTrust.Refusal> refusals = new java.util.ArrayList<>();
    ClientCertificateTrust trust =
        new ClientCertificateTrust(dir.resolve("ca.crt"), dir.resolve("ca.crl"), refusals::add);
    javax.net.ssl.SSLEngine engine = SSLContext.getDefault().createSSLEngine("192.0.2.7", 40_000);

    // (Outside a handshake the JDK checks a chain only without the engine.)
    trust.checkClientTrusted(certificate("lab-a.crt"), "RSA");
    assertThat(refusals).isEmpty();

    assertThatThrownBy(
            () -> trust.checkClientTrusted(certificate("lab-revoked.crt"), "RSA", engine))
        .isInstanceOf(java.security.cert.CertificateException.class);
    assertThatThrownBy(() -> trust.checkClientTrusted(certificate("server.crt"), "RSA"))
        .isInstanceOf(java.security.cert.CertificateException.class);
    assertThat(refusals).hasSize(2);
    assertThat(refusals.get(0).subject()).isEqualTo("O=Test Lab,CN=lab-revoked");
    assertThat(refusals.get(0).remote()).isEqualTo("192.0.2.7:40000");
    assertThat(refusals.get(0).reason()).containsIgnoringCase("revoked");
    assertThat(refusals.get(0).serial())
        .isEqualTo(certificate("lab-revoked.crt")[0].getSerialNumber().toString(16));
    assertThat(refusals.get(1).subject()).isEqualTo("CN=localhost");
    assertThat(refusals.get(1).reason()).containsIgnoringCase("certification path");
  }

  private static X509Certificate[] certificate(String file) throws Exception {
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      return new X509Certificate[] {
        (X509Certificate)
            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in)
      };
    }
  }

  @Test
  void noClientCertificateIsRefused() {
    Throwable t =
        catchThrowable(
            () -> {
              try (SSLSocket socket = connect(null)) {
                send(socket, TestMessages.elr("33D3330001", "MTLS-NOCERT"));
              }
            });
    assertThat(t)
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
        .hasMessageContaining("bad_certificate");
  }

  @Test
  void aRevokedCertificateIsRefused() {
    Throwable t =
        catchThrowable(
            () -> {
              try (SSLSocket socket = connect("lab-revoked")) {
                send(socket, TestMessages.elr("33D3330002", "MTLS-REVOKED"));
              }
            });
    // The CRL check fails the chain: the server alerts, the client's handshake fails.
    assertThat(t)
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
        .hasMessageContaining("certificate_unknown");
  }

  @Test
  void aPlainTextSenderOnTheTlsPortIsClosedWithoutAnAnswer() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", hub.mllpPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(TestMessages.frame(TestMessages.elr("33D3330001", "MTLS-PLAIN")));
      // Whatever the handshake layer answers (an alert), no acknowledgement, then the close.
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).doesNotContain("MSA|");
    }
  }
}
