package io.vigil.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClientAssertionVerifierTest {
  static final String TOKEN_URL = "https://hub.example/api/v1/token";
  static Vertx vertx;
  static KeyPair rsa;
  static KeyPair ec;
  static KeyPair otherRsa;

  final Map<String, Principal> registry = new HashMap<>();
  final Set<String> usedJti = new HashSet<>();
  final Principals principals =
      new Principals() {
        @Override
        public Optional<Principal> find(String clientId) {
          return Optional.ofNullable(registry.get(clientId));
        }

        @Override
        public synchronized boolean useJti(String clientId, String jti, Instant expiresAt) {
          return usedJti.add(clientId + " " + jti);
        }
      };
  final ClientAssertionVerifier verifier =
      new ClientAssertionVerifier(vertx, principals, () -> TOKEN_URL, Clock.systemUTC());

  @BeforeAll
  static void keys() throws Exception {
    vertx = Vertx.vertx();
    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(2048);
    rsa = r.generateKeyPair();
    otherRsa = r.generateKeyPair();
    KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
    e.initialize(new ECGenParameterSpec("secp256r1"));
    ec = e.generateKeyPair();
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  private void register(String clientId, KeyPair pair) {
    registry.put(
        clientId,
        new Principal(
            clientId,
            clientId,
            Role.SENDER,
            7L,
            TokenSigningKey.pem("PUBLIC KEY", pair.getPublic().getEncoded()),
            null));
  }

  /** A client assertion signed with vertx-auth-jwt, as a client library would. */
  static String assertion(KeyPair pair, String alg, JsonObject claims) {
    JWTAuth signer =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm(alg)
                        .setBuffer(
                            Buffer.buffer(
                                TokenSigningKey.pem(
                                    "PRIVATE KEY", pair.getPrivate().getEncoded())))));
    return signer.generateToken(claims, new JWTOptions().setAlgorithm(alg).setNoTimestamp(true));
  }

  static JsonObject claims(String clientId, String aud, long expInSeconds, String jti) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject()
        .put("iss", clientId)
        .put("sub", clientId)
        .put("aud", aud)
        .put("exp", now + expInSeconds)
        .put("iat", now)
        .put("jti", jti);
  }

  private Object outcome(String jwt) throws Exception {
    var f = verifier.verify(jwt).toCompletionStage().toCompletableFuture();
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  private void assertRefused(String jwt) throws Exception {
    Object r = outcome(jwt);
    assertThat(r).isInstanceOf(AuthException.class);
    assertThat(((AuthException) r).code()).isEqualTo("invalid_client");
  }

  @Test
  void acceptsRs256AndEs256AssertionsFromRegisteredKeys() throws Exception {
    register("lab-rsa", rsa);
    register("lab-ec", ec);
    Object r1 = outcome(assertion(rsa, "RS256", claims("lab-rsa", TOKEN_URL, 240, "j1")));
    Object r2 = outcome(assertion(ec, "ES256", claims("lab-ec", TOKEN_URL, 240, "j1")));
    assertThat(r1).isInstanceOf(Principal.class);
    assertThat(((Principal) r1).clientId()).isEqualTo("lab-rsa");
    assertThat(((Principal) r2).clientId()).isEqualTo("lab-ec");
  }

  @Test
  void refusesExpiredAssertions() throws Exception {
    register("lab", rsa);
    assertRefused(assertion(rsa, "RS256", claims("lab", TOKEN_URL, -120, "j-exp")));
  }

  @Test
  void refusesAssertionsLivingLongerThanFiveMinutesOrWithoutExp() throws Exception {
    register("lab", rsa);
    assertRefused(assertion(rsa, "RS256", claims("lab", TOKEN_URL, 3600, "j-long")));
    JsonObject noExp = claims("lab", TOKEN_URL, 60, "j-noexp");
    noExp.remove("exp");
    assertRefused(assertion(rsa, "RS256", noExp));
  }

  @Test
  void refusesWrongAudience() throws Exception {
    register("lab", rsa);
    assertRefused(
        assertion(rsa, "RS256", claims("lab", "https://other.example/token", 240, "j-aud")));
  }

  @Test
  void refusesReplayedJti() throws Exception {
    register("lab", rsa);
    assertThat(outcome(assertion(rsa, "RS256", claims("lab", TOKEN_URL, 240, "once"))))
        .isInstanceOf(Principal.class);
    assertRefused(assertion(rsa, "RS256", claims("lab", TOKEN_URL, 240, "once")));
  }

  @Test
  void refusesUnknownRevokedOrMismatchedClients() throws Exception {
    assertRefused(assertion(rsa, "RS256", claims("nobody", TOKEN_URL, 240, "j-u")));
    register("gone", rsa);
    Principal p = registry.get("gone");
    registry.put(
        "gone",
        new Principal(
            p.clientId(), p.name(), p.role(), p.senderId(), p.publicKeyPem(), Instant.now()));
    assertRefused(assertion(rsa, "RS256", claims("gone", TOKEN_URL, 240, "j-r")));
    register("lab", rsa);
    assertRefused(
        assertion(rsa, "RS256", claims("lab", TOKEN_URL, 240, "j-sub").put("sub", "someone")));
  }

  @Test
  void refusesAssertionsSignedWithAnotherKey() throws Exception {
    register("lab", rsa);
    assertRefused(assertion(otherRsa, "RS256", claims("lab", TOKEN_URL, 240, "j-k")));
    // an EC signature for an RSA-registered client
    assertRefused(assertion(ec, "ES256", claims("lab", TOKEN_URL, 240, "j-k2")));
  }

  @Test
  void refusesAlgNone() throws Exception {
    register("lab", rsa);
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String payload = b64(claims("lab", TOKEN_URL, 240, "j-none").encode());
    assertRefused(header + "." + payload + ".");
    assertRefused(header + "." + payload + ".c2ln");
  }

  @Test
  void refusesHs256SignedWithThePublicKeyAsSecret() throws Exception {
    register("lab", rsa);
    String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String payload = b64(claims("lab", TOKEN_URL, 240, "j-hs").encode());
    String pem = registry.get("lab").publicKeyPem();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(pem.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    String sig =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
    assertRefused(header + "." + payload + "." + sig);
  }

  @Test
  void refusesMistypedClaimsWithAReasonInsteadOfFailing() throws Exception {
    // vertx-auth-jwt cast exp and aud unguarded: these ended in ClassCastException, not a reason.
    register("lab", rsa);
    assertRefusedBecause(
        assertion(rsa, "RS256", claims("lab", TOKEN_URL, 240, "t1").put("exp", "soon")), "'exp'");
    assertRefusedBecause(
        assertion(
            rsa,
            "RS256",
            claims("lab", TOKEN_URL, 240, "t2").put("aud", new JsonObject().put("x", 1))),
        "'aud'");
    assertRefusedBecause(
        assertion(rsa, "RS256", claims("lab", TOKEN_URL, 240, "t3").put("jti", 12345)), "'jti'");
    assertRefusedBecause(
        assertion(rsa, "RS256", claims("lab", TOKEN_URL, 240, "t4").put("exp", 1e20)), "'exp'");
    assertRefusedBecause(
        assertion(
            rsa, "RS256", claims("lab", TOKEN_URL, 240, "t5").put("sub", new JsonArray().add(1))),
        "'sub'");
    assertRefusedBecause(
        assertion(rsa, "RS256", claims("lab", TOKEN_URL, 240, "t6").put("iss", 7)), "'iss'");
    assertRefusedBecause(
        assertion(rsa, "RS256", claims("lab", TOKEN_URL, 240, "t7").putNull("jti")), "'jti'");
  }

  private void assertRefusedBecause(String jwt, String reason) throws Exception {
    Object r = outcome(jwt);
    assertThat(r).isInstanceOf(AuthException.class);
    assertThat(((AuthException) r).code()).isEqualTo("invalid_client");
    assertThat(((AuthException) r).getMessage()).contains(reason);
  }

  @Test
  void refusesGarbage() throws Exception {
    assertRefused("not-a-jwt");
    assertRefused(UUID.randomUUID() + "." + UUID.randomUUID() + "." + UUID.randomUUID());
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
