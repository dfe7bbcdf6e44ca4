package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.hub.DevCredentials;
import io.vigil.ingest.auth.Principal;
import io.vigil.ingest.auth.PrincipalStore;
import io.vigil.ingest.auth.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A sender principal sees its own timeliness only: cells of its sender id, its own facilities. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TimelinessScopeIT {
  @TempDir Path dir;

  private static HttpResponse<String> get(String url, String token) throws Exception {
    return AuthTestSupport.HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSenderSeesOnlyItsOwnCellsAndStatements() throws Exception {
    try (HubFixture fixture = new HubFixture(dir)) {
      String base = "http://127.0.0.1:" + fixture.hub.httpPort();
      String jdbc = fixture.hub.jdbcUrl();
      long senderA = AuthTestSupport.senders(jdbc).register("11D3330001");
      long senderB = AuthTestSupport.senders(jdbc).register("11D3330002");
      try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO timeliness_weekly (sender_id, condition, mmwr_year, mmwr_week,"
                      + " week_start, reports, results_before_collection)"
                      + " VALUES (?, '840539006', 2026, 2, '2026-01-11', ?, 0)")) {
        ps.setString(1, Long.toString(senderA));
        ps.setLong(2, 5);
        ps.executeUpdate();
        ps.setString(1, Long.toString(senderB));
        ps.setLong(2, 9);
        ps.executeUpdate();
      }
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      KeyPair key = gen.generateKeyPair();
      String pem =
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n";
      PrincipalStore principals = AuthTestSupport.principals(jdbc);
      principals.save(new Principal("lab-tl", "Lab TL", Role.SENDER, senderA, pem, null));
      HttpResponse<String> tokenResponse =
          AuthTestSupport.requestToken(
              base,
              AuthTestSupport.rs256Assertion(
                  key, "lab-tl", base + "/api/v1/token", AuthTestSupport.newJti()));
      assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
      String token = new JsonObject(tokenResponse.body()).getString("access_token");

      String range = "from=2026-W01&to=2026-W03";
      JsonArray own =
          new JsonObject(get(base + "/api/v1/timeliness?" + range, token).body())
              .getJsonArray("rows");
      assertThat(own).hasSize(1);
      assertThat(own.getJsonObject(0).getString("senderId")).isEqualTo(Long.toString(senderA));
      assertThat(own.getJsonObject(0).getLong("reports")).isEqualTo(5);

      HttpResponse<String> other =
          get(base + "/api/v1/timeliness?sender=" + senderB + "&" + range, token);
      assertThat(other.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(other.body()).getString("error")).isEqualTo("FORBIDDEN_SENDER");

      HttpResponse<String> otherStatement =
          get(base + "/api/v1/timeliness/statement?sender=11D3330002&" + range, token);
      assertThat(otherStatement.statusCode()).isEqualTo(403);
      HttpResponse<String> ownStatement =
          get(base + "/api/v1/timeliness/statement?sender=11D3330001&" + range, token);
      // 409 while the log has no checkpoint yet; never refused.
      assertThat(ownStatement.statusCode()).as(ownStatement.body()).isIn(200, 409);

      // The auditor sees both.
      JsonArray all =
          new JsonObject(
                  get(
                          base + "/api/v1/timeliness?" + range,
                          DevCredentials.bearer(dir, "auditor").substring("Bearer ".length()))
                      .body())
              .getJsonArray("rows");
      assertThat(all).hasSize(2);
    }
  }
}
