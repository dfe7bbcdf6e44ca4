package io.vigil.hub.it;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** A dev-mode hub on free ports with its own embedded PostgreSQL, plus SQL helpers for asserts. */
final class HubFixture implements AutoCloseable {
  final VigilHub hub;

  HubFixture(Path dataDir) throws Exception {
    this(HubConfig.forDev(dataDir));
  }

  /** A hub from {@code config} on free ports. */
  HubFixture(HubConfig config) throws Exception {
    hub = VigilHub.start(config.withMllpPort(0).withHttpPort(0));
  }

  /**
   * The status line answered within 3 s to an HL7 v2 POST that sends 1 KB of an announced 5 MB
   * (empty when none): whether the hub refuses a request before reading its body.
   */
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  /**
   * Posts {@code body} to {@code /api/v1/hl7v2} as the sender, with {@code contentType} and, when
   * not null, {@code accept}.
   */
  java.net.http.HttpResponse<String> postHl7v2(String body, String contentType, String accept)
      throws IOException, InterruptedException {
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/hl7v2"))
            .header("Content-Type", contentType)
            .header("Authorization", bearer("sender"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(TestMessages.bytes(body)));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  Optional<String> statusAfterPartialBody(String authorization) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", hub.httpPort())) {
      socket.setSoTimeout(3000);
      String head =
          "POST /api/v1/hl7v2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type:"
              + " x-application/hl7-v2+er7\r\nContent-Length: 5000000\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + "\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(new byte[1024]);
      socket.getOutputStream().flush();
      byte[] line = new byte[12];
      try {
        int n = socket.getInputStream().readNBytes(line, 0, line.length);
        return Optional.of(new String(line, 0, n, StandardCharsets.US_ASCII));
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
    }
  }

  /** The value of a single-value SQL query. */
  long scalar(String query) throws SQLException {
    try (Connection c = sql();
        PreparedStatement ps = c.prepareStatement(query);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** {@code Bearer <token>} of {@code role}'s dev principal (sender, analyst, auditor, admin). */
  String bearer(String role) {
    return "Bearer " + hub.devCredentials().get(role);
  }

  Connection sql() throws SQLException {
    return DriverManager.getConnection(hub.jdbcUrl(), "postgres", "postgres");
  }

  long count(String where, Object... args) throws SQLException {
    try (Connection c = sql();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM submission WHERE " + where)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  byte[] payload(String controlId) throws SQLException {
    try (Connection c = sql();
        PreparedStatement ps =
            c.prepareStatement("SELECT payload FROM submission WHERE control_id = ?")) {
      ps.setString(1, controlId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  @Override
  public void close() {
    hub.close();
  }
}
