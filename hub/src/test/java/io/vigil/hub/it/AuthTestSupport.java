package io.vigil.hub.it;

import io.vertx.core.json.JsonObject;
import io.vigil.ingest.auth.PrincipalStore;
import io.vigil.ingest.sender.SenderRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Helpers for the identity tests: the hub's registries, and a client-credentials client. */
final class AuthTestSupport {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private AuthTestSupport() {}

  static DataSource dataSource(String jdbcUrl) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(jdbcUrl);
    ds.setUser("postgres");
    ds.setPassword("postgres");
    return ds;
  }

  static PrincipalStore principals(String jdbcUrl) {
    return new PrincipalStore(dataSource(jdbcUrl));
  }

  static SenderRegistry senders(String jdbcUrl) {
    return new SenderRegistry(dataSource(jdbcUrl), false);
  }

  /**
   * An RS256 client assertion signed with the JDK directly, independent of the hub's JWT library.
   */
  static String rs256Assertion(KeyPair key, String clientId, String aud, String jti)
      throws Exception {
    long now = Instant.now().getEpochSecond();
    String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}");
    String payload =
        b64(
            new JsonObject()
                .put("iss", clientId)
                .put("sub", clientId)
                .put("aud", aud)
                .put("exp", now + 240)
                .put("iat", now)
                .put("jti", jti)
                .encode());
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key.getPrivate());
    rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header
        + "."
        + payload
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
  }

  static HttpResponse<String> requestToken(String base, String assertion) throws Exception {
    String form =
        "grant_type=client_credentials&client_assertion_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&client_assertion="
            + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String newJti() {
    return UUID.randomUUID().toString();
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
