package io.vigil.ingest.tls;

import io.vigil.ingest.sender.LoggableText;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which client certificates the MLLP listener takes: those the CA (PEM) issued and its CRL does not
 * list, checked by the JDK's PKIX trust manager. A certificate refused is told with its subject,
 * serial number and the peer's address: the TLS layer's own report names neither, and an operator
 * with a hundred labs could not tell whose connection failed (ops6).
 */
public final class ClientCertificateTrust extends X509ExtendedTrustManager {
  private static final Logger SECURITY = LoggerFactory.getLogger("io.vigil.security");

  /** A refused client certificate: who it says it is, where it came from, and why. */
  public record Refusal(String subject, String serial, String remote, String reason) {}

  private final X509ExtendedTrustManager issuedByCa;
  private final List<CRL> revoked;
  private final Consumer<Refusal> refused;

  /**
   * Trusts what {@code caPath} issued, less what {@code crlPath} (optional) revokes; logs refusals.
   */
  public static ClientCertificateTrust of(Path caPath, Path crlPath) {
    return new ClientCertificateTrust(caPath, crlPath, ClientCertificateTrust::log);
  }

  /**
   * @param refused told of each certificate refused, before the handshake fails
   * @throws IllegalArgumentException when a file cannot be read as PEM certificates or CRLs
   */
  public ClientCertificateTrust(Path caPath, Path crlPath, Consumer<Refusal> refused) {
    this.refused = refused;
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      Collection<? extends Certificate> cas = read(caPath, in -> x509.generateCertificates(in));
      if (cas.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + caPath);
      }
      int n = 0;
      for (Certificate ca : cas) {
        anchors.setCertificateEntry("ca-" + n++, ca);
      }
      TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX");
      pkix.init(anchors);
      this.issuedByCa = x509TrustManager(pkix.getTrustManagers());
      this.revoked =
          crlPath == null ? List.of() : List.copyOf(read(crlPath, in -> x509.generateCRLs(in)));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot read the client CA or CRL: " + e.getMessage(), e);
    }
  }

  private interface Reader<T> {
    T read(InputStream in) throws GeneralSecurityException;
  }

  private static <T> T read(Path path, Reader<T> reader)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(path)) {
      return reader.read(in);
    }
  }

  private static X509ExtendedTrustManager x509TrustManager(TrustManager[] managers) {
    for (TrustManager m : managers) {
      if (m instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("the JDK's PKIX trust manager factory gave no X.509 manager");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    String remote =
        engine == null || engine.getPeerHost() == null
            ? "unknown"
            : engine.getPeerHost() + ":" + engine.getPeerPort();
    check(chain, remote, () -> issuedByCa.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String remote = socket == null ? "unknown" : String.valueOf(socket.getRemoteSocketAddress());
    check(chain, remote, () -> issuedByCa.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, "unknown", () -> issuedByCa.checkClientTrusted(chain, authType));
  }

  private interface Check {
    void run() throws CertificateException;
  }

  private void check(X509Certificate[] chain, String remote, Check issued)
      throws CertificateException {
    try {
      for (X509Certificate cert : chain) {
        for (CRL crl : revoked) {
          if (crl.isRevoked(cert)) {
            throw new CertificateException("Certificate revoked");
          }
        }
      }
      issued.run();
    } catch (CertificateException e) {
      X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
      refused.accept(
          new Refusal(
              leaf == null ? "none" : leaf.getSubjectX500Principal().getName(X500Principal.RFC2253),
              leaf == null ? "none" : leaf.getSerialNumber().toString(16),
              remote,
              reason(e)));
      throw e;
    }
  }

  /** The refusal's reason, short: the innermost message (PKIX's own is long and nested). */
  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static void log(Refusal r) {
    SECURITY.warn(
        "MLLP client certificate refused [subject: {}, serial: {}, remote: {}, reason: {}]",
        LoggableText.of(r.subject()),
        r.serial(),
        r.remote(),
        r.reason());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a server's trust: not this trust manager's use");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a server's trust: not this trust manager's use");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a server's trust: not this trust manager's use");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return issuedByCa.getAcceptedIssuers();
  }
}
