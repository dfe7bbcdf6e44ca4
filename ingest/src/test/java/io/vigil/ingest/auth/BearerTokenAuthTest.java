package io.vigil.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens signed with the hub's own key but with mistyped claims. vertx-auth-jwt reads {@code
 * exp}, {@code iat}, {@code nbf} with {@code getLong} and {@code aud} with {@code getJsonArray}
 * outside its own error handling: such a token threw ClassCastException out of {@code authenticate}
 * (a 500 on every API route) instead of being refused.
 */
class BearerTokenAuthTest {
  static final Vertx VERTX = Vertx.vertx();
  static final TestOnlyKey HUB = TestOnlyKey.read("test-only-hub-token-rs256.pem");
  static final AccessTokens TOKENS =
      new AccessTokens(
          VERTX, new TokenSigningKey(HUB.privatePem(), HUB.publicPem()), "https://hub", "api");

  @AfterAll
  static void close() {
    VERTX.close();
  }

  static JsonObject valid() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject()
        .put("iss", "https://hub")
        .put("aud", "api")
        .put("sub", "lab")
        .put("iat", now)
        .put("exp", now + 600);
  }

  static String signed(JsonObject claims) {
    return TOKENS
        .provider()
        .generateToken(claims, new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true));
  }

  static Object outcome(String token) throws Exception {
    Future<User> f = TOKENS.provider().authenticate(new TokenCredentials(token));
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  static AuthException refused(String token) throws Exception {
    Object r = outcome(token);
    assertThat(r).isInstanceOf(AuthException.class);
    AuthException e = (AuthException) r;
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.code()).isEqualTo("invalid_token");
    return e;
  }

  @Test
  void acceptsTheHubsOwnTokens() throws Exception {
    Principal p = new Principal("lab", "Lab", Role.SENDER, 7L, null, null);
    Object r = outcome(TOKENS.issue(p, Duration.ofMinutes(10), Instant.now()));
    assertThat(r).isInstanceOf(User.class);
    assertThat(outcome(signed(valid()))).isInstanceOf(User.class);
  }

  @Test
  void refusesMistypedTimeClaimsInsteadOfThrowing() throws Exception {
    assertThat(refused(signed(valid().put("exp", "tomorrow"))).getMessage()).contains("'exp'");
    assertThat(refused(signed(valid().put("exp", new JsonObject().put("a", 1)))).getMessage())
        .contains("'exp'");
    assertThat(refused(signed(valid().putNull("exp"))).getMessage()).contains("'exp'");
    assertThat(refused(signed(valid().put("iat", new JsonArray().add(1)))).getMessage())
        .contains("'iat'");
    assertThat(refused(signed(valid().put("nbf", true))).getMessage()).contains("'nbf'");
  }

  @Test
  void refusesAnAudienceThatIsNeitherAStringNorAnArrayOfStrings() throws Exception {
    assertThat(refused(signed(valid().put("aud", new JsonObject().put("api", true)))).getMessage())
        .contains("'aud'");
    assertThat(refused(signed(valid().put("aud", new JsonArray().add("api").add(5)))).getMessage())
        .contains("'aud'");
    assertThat(refused(signed(valid().put("aud", 5))).getMessage()).contains("'aud'");
  }

  @Test
  void refusesASubjectOrIssuerThatIsNotAString() throws Exception {
    assertThat(refused(signed(valid().put("sub", 42))).getMessage()).contains("'sub'");
    assertThat(refused(signed(valid().put("iss", new JsonArray()))).getMessage()).contains("'iss'");
  }

  @Test
  void refusesTokensWithoutExpOrWithAnExpBeyondAnyDate() throws Exception {
    // A hub-signed token without exp never expired (found by TokenFuzzTest:
    // access_token_without_exp).
    JsonObject noExp = valid();
    noExp.remove("exp");
    assertThat(refused(signed(noExp)).getMessage()).contains("'exp'");
    assertThat(refused(signed(valid().put("exp", 1e20))).getMessage()).contains("'exp'");
    String huge =
        "{\"iss\":\"https://hub\",\"aud\":\"api\",\"sub\":\"lab\",\"exp\":1"
            + "0".repeat(400)
            + "}";
    assertThat(refused(withPayload(signed(valid()), huge)).getMessage()).contains("'exp'");
  }

  @Test
  void refusesNonJwtsAndUnsignedOnes() throws Exception {
    refused("");
    refused("not-a-jwt");
    refused("a.b.c");
    String token = signed(valid());
    refused(token.substring(0, token.lastIndexOf('.') + 1)); // signature stripped
    String none = b64("{\"alg\":\"none\"}") + "." + b64(valid().encode()) + ".";
    refused(none);
    refused(b64("{\"alg\":5}") + "." + b64(valid().encode()) + ".c2ln");
  }

  private static String withPayload(String token, String payloadJson) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + b64(payloadJson) + "." + parts[2];
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
