package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS for the ITs: a throwaway server certificate, and client sockets that trust any server. */
final class TestTls {
  private TestTls() {}

  /** A self-signed certificate for {@code localhost} and its key, {@code name}.crt/.key in dir. */
  static Path[] selfSignedCertificate(Path dir, String name) throws Exception {
    Path cert = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).as("openssl exit code").isZero();
    return new Path[] {cert, key};
  }

  /**
   * A TLS 1.3 client socket, handshake done, presenting {@code keys} (null: no certificate). It
   * trusts any server: the test's own throwaway certificate and host names are not what is tested.
   */
  static SSLSocket connect(int port, KeyManager[] keys) throws Exception {
    TrustManager anyServer =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(keys, new TrustManager[] {anyServer}, null);
    SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    return socket;
  }
}
