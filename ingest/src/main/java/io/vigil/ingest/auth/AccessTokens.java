package io.vigil.ingest.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Issues and verifies the hub's access tokens: RS256 JWTs with {@code iss}, {@code aud}, {@code
 * sub} (client id), {@code role}, {@code scope}, {@code jti}, {@code iat} and {@code exp}. Signing
 * and verification are vertx-auth-jwt's.
 */
public final class AccessTokens {
  private final JWTAuth jwt;
  private final String issuer;
  private final String audience;

  public AccessTokens(Vertx vertx, TokenSigningKey key, String issuer, String audience) {
    this.issuer = issuer;
    this.audience = audience;
    this.jwt =
        new BearerTokenAuth(
            JWTAuth.create(
                vertx,
                new JWTAuthOptions()
                    .addPubSecKey(
                        new PubSecKeyOptions()
                            .setAlgorithm("RS256")
                            .setBuffer(Buffer.buffer(key.privatePem())))
                    .addPubSecKey(
                        new PubSecKeyOptions()
                            .setAlgorithm("RS256")
                            .setBuffer(Buffer.buffer(key.publicPem())))
                    .setJWTOptions(
                        new JWTOptions().setIssuer(issuer).setAudience(List.of(audience)))));
  }

  /**
   * The provider that verifies bearer tokens (signature, {@code iss}, {@code aud}, {@code exp}).
   */
  public JWTAuth provider() {
    return jwt;
  }

  /** A token for {@code p}, valid from {@code now} for {@code ttl}. */
  public String issue(Principal p, Duration ttl, Instant now) {
    return issue(p, ttl, now, audience);
  }

  /** As {@link #issue(Principal, Duration, Instant)} for another audience (tests of refusal). */
  public String issue(Principal p, Duration ttl, Instant now, String tokenAudience) {
    JsonObject claims =
        new JsonObject()
            .put("iss", issuer)
            .put("aud", tokenAudience)
            .put("sub", p.clientId())
            .put("role", p.role().wireName())
            .put("scope", p.role().scope())
            .put("jti", UUID.randomUUID().toString())
            .put("iat", now.getEpochSecond())
            .put("exp", now.plus(ttl).getEpochSecond());
    if (p.senderId() != null) {
      claims.put("sender_id", p.senderId());
    }
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true));
  }
}
