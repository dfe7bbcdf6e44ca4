package io.vigil.ingest.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a {@code private_key_jwt} client assertion (RFC 7523, as SMART Backend Services): signed
 * by the client's registered key (RS256 or ES256; {@code none} and HMAC never verify), {@code iss}
 * = {@code sub} = a registered, unrevoked client id, {@code aud} = this hub's token endpoint,
 * {@code exp} present and at most five minutes ahead, and a {@code jti} never seen before from this
 * client. Signature and claim checks are vertx-auth-jwt's; nothing here is hand-rolled crypto.
 */
public final class ClientAssertionVerifier {
  /** SMART Backend Services: assertions expire no more than five minutes after issue. */
  static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

  private static final Duration LEEWAY = Duration.ofSeconds(30);
  private static final Set<String> REQUIRED = Set.of("iss", "sub", "aud", "exp", "jti");

  private final Vertx vertx;
  private final Principals principals;
  private final Supplier<String> tokenUrl;
  private final Clock clock;

  /**
   * @param tokenUrl the token endpoint's URL, which assertions must carry as {@code aud}
   */
  public ClientAssertionVerifier(
      Vertx vertx, Principals principals, Supplier<String> tokenUrl, Clock clock) {
    this.vertx = vertx;
    this.principals = principals;
    this.tokenUrl = tokenUrl;
    this.clock = clock;
  }

  /** The authenticated principal, or a failed future with an {@link AuthException}. */
  public Future<Principal> verify(String assertion) {
    String clientId;
    try {
      JsonObject claims = JwtClaims.unverifiedPayload(assertion);
      Optional<String> problem = JwtClaims.problem(claims, REQUIRED);
      if (problem.isPresent()) {
        return Future.failedFuture(
            AuthException.invalidClient("client_assertion " + problem.get()));
      }
      clientId = claims.getString("iss");
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          AuthException.invalidClient("client_assertion is not a JWT: " + e.getMessage()));
    }
    if (clientId.isBlank()) {
      return Future.failedFuture(AuthException.invalidClient("client_assertion needs iss"));
    }
    return vertx
        .executeBlocking(() -> principals.find(clientId), false)
        .recover(e -> Future.failedFuture(unavailable()))
        .compose(
            found -> {
              Principal p = found.orElse(null);
              if (p == null || !p.active() || p.publicKeyPem() == null) {
                return Future.failedFuture(
                    AuthException.invalidClient("unknown or revoked client, or no registered key"));
              }
              return checkSignatureAndClaims(p, assertion);
            });
  }

  private Future<Principal> checkSignatureAndClaims(Principal p, String assertion) {
    JWTAuth jwt;
    try {
      jwt = verifierFor(p);
    } catch (RuntimeException e) {
      return Future.failedFuture(AuthException.invalidClient("the registered key is unusable"));
    }
    Future<User> verified;
    try {
      verified = jwt.authenticate(new TokenCredentials(assertion));
    } catch (RuntimeException e) {
      // JwtClaims checked what vertx-auth-jwt casts; should it still throw, refuse, not fail.
      return Future.failedFuture(AuthException.invalidClient("client_assertion is unreadable"));
    }
    return verified
        .recover(
            e ->
                Future.failedFuture(
                    AuthException.invalidClient(
                        "client_assertion refused: signature, audience, issuer or expiry")))
        .compose(
            user -> {
              // vertx-auth-jwt keeps the verified claims under the "accessToken" attribute.
              JsonObject claims = user.attributes().getJsonObject("accessToken");
              Instant now = clock.instant();
              // Types checked by JwtClaims before verification: exp a NumericDate, jti a string.
              Long exp =
                  claims.getValue("exp") instanceof Number n ? Long.valueOf(n.longValue()) : null;
              String jti = claims.getValue("jti") instanceof String j ? j : null;
              if (!p.clientId().equals(claims.getValue("sub"))) {
                return Future.failedFuture(
                    AuthException.invalidClient("client_assertion sub must equal iss"));
              }
              if (exp == null
                  || Instant.ofEpochSecond(exp).isAfter(now.plus(MAX_LIFETIME).plus(LEEWAY))) {
                return Future.failedFuture(
                    AuthException.invalidClient(
                        "client_assertion needs exp at most 5 minutes ahead"));
              }
              if (jti == null || jti.isBlank() || jti.length() > 256) {
                return Future.failedFuture(
                    AuthException.invalidClient("client_assertion needs jti"));
              }
              Instant expiresAt = Instant.ofEpochSecond(exp).plus(LEEWAY);
              return vertx
                  .executeBlocking(() -> principals.useJti(p.clientId(), jti, expiresAt), false)
                  .recover(e -> Future.failedFuture(unavailable()))
                  .compose(
                      first ->
                          first
                              ? Future.succeededFuture(p)
                              : Future.failedFuture(
                                  AuthException.invalidClient(
                                      "client_assertion jti was already used (replay)")));
            });
  }

  /** One verifier per client key: only that key, only its algorithm, aud and iss pinned. */
  private JWTAuth verifierFor(Principal p) {
    String alg = PublicKeys.algorithmOf(p.publicKeyPem());
    JWTAuthOptions options =
        new JWTAuthOptions()
            .addPubSecKey(
                new PubSecKeyOptions().setAlgorithm(alg).setBuffer(Buffer.buffer(p.publicKeyPem())))
            .setJWTOptions(
                new JWTOptions()
                    .setAudience(List.of(tokenUrl.get()))
                    .setIssuer(p.clientId())
                    .setLeeway((int) LEEWAY.toSeconds()));
    return JWTAuth.create(vertx, options);
  }

  private static AuthException unavailable() {
    return new AuthException(503, "temporarily_unavailable", "The registry is not reachable");
  }
}
