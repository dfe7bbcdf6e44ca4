package io.vigil.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fuzzes both token paths with arbitrary strings and with JWTs built from fuzzed headers and claims
 * (wrong JSON types, huge numbers, nested objects, {@code alg: none}, HMAC with the public key,
 * other keys), signed with the committed test-only keys: the bearer access-token check that guards
 * every API route ({@link AccessTokens#provider()}, then the claim {@link RoleGuard} reads), and
 * the {@code private_key_jwt} client assertion of the token endpoint ({@link
 * ClientAssertionVerifier}). Properties: each verification completes; a refusal is an {@link
 * AuthException} with a 401 status, a stable code and a reason; an acceptance happens only for a
 * token that is genuinely valid (signed by the right key with the right algorithm, and every
 * checked claim a well-typed value in range).
 */
class TokenFuzzTest {
  static final String ISSUER = "https://hub.example";
  static final String AUDIENCE = "vigil-api";
  static final String TOKEN_URL = "https://hub.example/api/v1/token";
  static final Vertx VERTX = Vertx.vertx(new VertxOptions().setWorkerPoolSize(2));
  static final TestOnlyKey HUB = TestOnlyKey.read("test-only-hub-token-rs256.pem");
  static final TestOnlyKey CLIENT_RSA = TestOnlyKey.read("test-only-client-rs256.pem");
  static final TestOnlyKey CLIENT_EC = TestOnlyKey.read("test-only-client-es256.pem");
  static final AccessTokens TOKENS =
      new AccessTokens(
          VERTX, new TokenSigningKey(HUB.privatePem(), HUB.publicPem()), ISSUER, AUDIENCE);
  static final Map<String, Principal> REGISTRY =
      Map.of(
          "lab-rsa",
          principal("lab-rsa", CLIENT_RSA),
          "lab-ec",
          principal("lab-ec", CLIENT_EC),
          "lab-revoked",
          new Principal(
              "lab-revoked", "x", Role.SENDER, 7L, CLIENT_RSA.publicPem(), Instant.EPOCH));
  static final Set<String> USED_JTI = new HashSet<>();
  static final ClientAssertionVerifier ASSERTIONS =
      new ClientAssertionVerifier(
          VERTX,
          new Principals() {
            @Override
            public Optional<Principal> find(String clientId) {
              return Optional.ofNullable(REGISTRY.get(clientId));
            }

            @Override
            public synchronized boolean useJti(String clientId, String jti, Instant expiresAt) {
              return USED_JTI.add(clientId + " " + jti);
            }
          },
          () -> TOKEN_URL,
          Clock.systemUTC());

  /** How a fuzzed token is signed. */
  enum Signer {
    HUB_RS256,
    CLIENT_RS256,
    CLIENT_ES256,
    HS256_WITH_PUBLIC_KEY,
    EMPTY,
    GARBAGE
  }

  @FuzzTest
  void tokensAreRefusedWithAReasonOrGenuinelyValid(FuzzedDataProvider data) {
    int mode = data.consumeInt(0, 3);
    if (mode == 0) {
      String s = data.consumeRemainingAsString();
      bearer(s, null, null);
      assertion(s, null, null);
      return;
    }
    String header = header(data);
    String claims = claims(data, mode == 1);
    Signer signer = data.pickValue(Signer.values());
    String signed = b64(header) + "." + b64(claims);
    String token = signed + "." + signature(signer, signed, data);
    if (data.consumeBoolean()) {
      token = mutate(token, data);
    }
    bearer(token, signer, header);
    assertion(token, signer, header);
  }

  // --- the two paths and what an acceptance must mean

  private static void bearer(String token, Signer signer, String header) {
    Object r = await(TOKENS.provider().authenticate(new TokenCredentials(token)));
    if (r instanceof User user) {
      assertThat(signer).isEqualTo(Signer.HUB_RS256);
      assertThat(new JsonObject(header).getValue("alg")).isEqualTo("RS256");
      JsonObject claims = user.attributes().getJsonObject("accessToken");
      assertThat(claims.getValue("iss")).isEqualTo(ISSUER);
      assertThat(audiences(claims)).contains(AUDIENCE);
      assertThat(claims.getValue("exp")).isInstanceOf(Number.class);
      assertThat(((Number) claims.getValue("exp")).doubleValue())
          .isGreaterThan(Instant.now().getEpochSecond() - 1);
      // What RoleGuard reads: a string subject.
      assertThat(claims.getValue("sub")).isInstanceOf(String.class);
    } else {
      assertRefused(r);
    }
  }

  private static void assertion(String token, Signer signer, String header) {
    Object r = await(ASSERTIONS.verify(token));
    if (r instanceof Principal p) {
      JsonObject claims = payload(token);
      assertThat(p.clientId()).isIn("lab-rsa", "lab-ec");
      assertThat(signer)
          .isEqualTo(p.clientId().equals("lab-rsa") ? Signer.CLIENT_RS256 : Signer.CLIENT_ES256);
      assertThat(new JsonObject(header).getValue("alg"))
          .isEqualTo(p.clientId().equals("lab-rsa") ? "RS256" : "ES256");
      assertThat(claims.getValue("iss")).isEqualTo(p.clientId());
      assertThat(claims.getValue("sub")).isEqualTo(p.clientId());
      assertThat(audiences(claims)).contains(TOKEN_URL);
      assertThat(claims.getValue("jti")).isInstanceOf(String.class);
      long exp = ((Number) claims.getValue("exp")).longValue();
      long now = Instant.now().getEpochSecond();
      assertThat(exp).isBetween(now - 60, now + 5 * 60 + 60);
    } else {
      assertRefused(r);
    }
  }

  private static void assertRefused(Object r) {
    assertThat(r).isInstanceOf(AuthException.class);
    AuthException e = (AuthException) r;
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.code()).matches("[a-z_]+");
    assertThat(e.getMessage()).isNotBlank();
    // The safety nets behind the claim checks: reaching one means something still threw.
    assertThat(e.getMessage())
        .isNotEqualTo(BearerTokenAuth.UNREADABLE)
        .doesNotContain("client_assertion is unreadable");
  }

  private static Object await(Future<?> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("verification did not complete", e);
    }
  }

  private static Set<Object> audiences(JsonObject claims) {
    Object aud = claims.getValue("aud");
    return aud instanceof JsonArray a ? new HashSet<>(a.getList()) : Set.of(String.valueOf(aud));
  }

  private static JsonObject payload(String token) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  // --- building tokens

  private static String header(FuzzedDataProvider data) {
    if (data.consumeInt(0, 9) == 0) {
      return value(data, 0);
    }
    StringBuilder h = new StringBuilder("{\"alg\":");
    h.append(
        switch (data.consumeInt(0, 6)) {
          case 0 -> "\"RS256\"";
          case 1 -> "\"ES256\"";
          case 2 -> "\"none\"";
          case 3 -> "\"HS256\"";
          case 4 -> "\"RS512\"";
          default -> value(data, 0);
        });
    if (data.consumeBoolean()) {
      h.append(",\"typ\":").append(data.consumeBoolean() ? "\"JWT\"" : value(data, 0));
    }
    if (data.consumeBoolean()) {
      h.append(",\"kid\":").append(value(data, 0));
    }
    return h.append('}').toString();
  }

  /** Claims with each registered claim omitted, right, or of a fuzzed JSON type. */
  private static String claims(FuzzedDataProvider data, boolean accessToken) {
    if (data.consumeInt(0, 19) == 0) {
      return value(data, 0);
    }
    long now = Instant.now().getEpochSecond();
    String client = data.pickValue(new String[] {"lab-rsa", "lab-ec", "lab-revoked", "nobody"});
    String[][] right = {
      {"iss", quote(accessToken ? ISSUER : client)},
      {"sub", quote(client)},
      {"aud", quote(accessToken ? AUDIENCE : TOKEN_URL)},
      {"exp", Long.toString(now + (accessToken ? 600 : 240))},
      {"iat", Long.toString(now)},
      {"nbf", Long.toString(now - 5)},
      {"jti", quote("j" + data.consumeInt(0, 1_000_000))},
      {"role", quote("sender")},
      {"scope", quote("system/Bundle.write")},
      {"sender_id", "7"}
    };
    StringBuilder c = new StringBuilder("{");
    for (String[] claim : right) {
      int choice = data.consumeInt(0, 7);
      if (choice == 0) {
        continue; // omitted
      }
      if (c.length() > 1) {
        c.append(',');
      }
      c.append(quote(claim[0])).append(':');
      c.append(choice <= 4 ? claim[1] : value(data, 0));
    }
    return c.append('}').toString();
  }

  /** A JSON value of a fuzzed type, including the shapes that broke typed readers. */
  private static String value(FuzzedDataProvider data, int depth) {
    return switch (data.consumeInt(0, depth > 2 ? 9 : 11)) {
      case 0 -> quote(data.consumeString(40));
      case 1 -> Long.toString(data.consumeLong());
      case 2 -> Integer.toString(data.consumeInt());
      case 3 -> data.pickValue(new String[] {"1e999", "-1e999", "1e18", "9.3e18", "1.5", "-0"});
      case 4 -> "1" + "0".repeat(data.consumeInt(1, 400));
      case 5 -> data.consumeBoolean() ? "true" : "false";
      case 6 -> "null";
      case 7 -> quote(Long.toString(Instant.now().getEpochSecond() + data.consumeInt(-999, 999)));
      case 8 -> quote(data.pickValue(new String[] {ISSUER, AUDIENCE, TOKEN_URL, "lab-rsa"}));
      case 9 -> "{}";
      case 10 -> "[" + value(data, depth + 1) + "," + value(data, depth + 1) + "]";
      default -> "{\"k\":" + value(data, depth + 1) + "}";
    };
  }

  private static String signature(Signer signer, String signed, FuzzedDataProvider data) {
    byte[] input = signed.getBytes(StandardCharsets.US_ASCII);
    try {
      byte[] sig =
          switch (signer) {
            case HUB_RS256 -> sign("SHA256withRSA", HUB.privateKey("RSA"), input);
            case CLIENT_RS256 -> sign("SHA256withRSA", CLIENT_RSA.privateKey("RSA"), input);
            case CLIENT_ES256 ->
                sign("SHA256withECDSAinP1363Format", CLIENT_EC.privateKey("EC"), input);
            case HS256_WITH_PUBLIC_KEY -> {
              Mac mac = Mac.getInstance("HmacSHA256");
              mac.init(
                  new SecretKeySpec(
                      CLIENT_RSA.publicPem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
              yield mac.doFinal(input);
            }
            case EMPTY -> new byte[0];
            case GARBAGE -> data.consumeBytes(300);
          };
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sign(String algorithm, PrivateKey key, byte[] input) throws Exception {
    Signature s = Signature.getInstance(algorithm);
    s.initSign(key);
    s.update(input);
    return s.sign();
  }

  private static String mutate(String token, FuzzedDataProvider data) {
    if (token.isEmpty()) {
      return token;
    }
    char[] chars = token.toCharArray();
    int at = data.consumeInt(0, chars.length - 1);
    chars[at] = (char) data.consumeInt(0x20, 0x7e);
    return new String(chars);
  }

  private static String quote(String s) {
    return new JsonArray().add(s).encode().substring(1).replaceAll("]$", "");
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Principal principal(String clientId, TestOnlyKey key) {
    return new Principal(clientId, clientId, Role.SENDER, 7L, key.publicPem(), null);
  }
}
