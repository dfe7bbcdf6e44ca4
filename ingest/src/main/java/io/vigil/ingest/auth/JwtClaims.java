package io.vigil.ingest.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Type checks of a JWT's registered claims (RFC 7519 §4.1) before anything reads them. vertx-auth-
 * jwt casts {@code exp}, {@code iat} and {@code nbf} to numbers and {@code aud} to an array outside
 * its own error handling, so a token whose claims had other JSON types (a string {@code exp}, an
 * object {@code aud}) escaped as a {@code ClassCastException} instead of a refusal. The checks run
 * on the unverified payload: a mistyped token is refused whoever signed it.
 */
final class JwtClaims {
  /** The largest NumericDate accepted: 9999-12-31T23:59:59Z (and what {@code Instant} holds). */
  static final long MAX_NUMERIC_DATE = 253_402_300_799L;

  private static final List<String> STRINGS = List.of("iss", "sub", "jti");
  private static final List<String> DATES = List.of("exp", "nbf", "iat");

  private JwtClaims() {}

  /**
   * The payload of a compact JWS ({@code header.payload.signature}), not verified.
   *
   * @throws IllegalArgumentException saying why {@code token} is not a signed JWT
   */
  static JsonObject unverifiedPayload(String token) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException("not a signed JWT (header.payload.signature)");
    }
    if (!(json(parts[0], "header").getValue("alg") instanceof String)) {
      throw new IllegalArgumentException("the JWT header has no alg");
    }
    return json(parts[1], "payload");
  }

  private static JsonObject json(String part, String what) {
    try {
      return new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(part)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the JWT " + what + " is not base64url JSON");
    }
  }

  /**
   * The first claim that is missing (of {@code required}), of the wrong JSON type or out of range,
   * described for the refusal; empty when every registered claim fits.
   */
  static Optional<String> problem(JsonObject claims, Set<String> required) {
    for (String name : required) {
      if (claims.getValue(name) == null) {
        return Optional.of("claim '" + name + "' is required");
      }
    }
    for (String name : STRINGS) {
      if (claims.containsKey(name) && !(claims.getValue(name) instanceof String)) {
        return Optional.of("claim '" + name + "' must be a string");
      }
    }
    if (claims.containsKey("aud") && !isAudience(claims.getValue("aud"))) {
      return Optional.of("claim 'aud' must be a string or an array of strings");
    }
    for (String name : DATES) {
      if (claims.containsKey(name) && !isNumericDate(claims.getValue(name))) {
        return Optional.of(
            "claim '" + name + "' must be a NumericDate (seconds, 0 to " + MAX_NUMERIC_DATE + ")");
      }
    }
    return Optional.empty();
  }

  private static boolean isAudience(Object aud) {
    if (aud instanceof String) {
      return true;
    }
    return aud instanceof JsonArray a
        && !a.isEmpty()
        && a.stream().allMatch(x -> x instanceof String);
  }

  private static boolean isNumericDate(Object value) {
    if (!(value instanceof Number n)) {
      return false;
    }
    double d = n.doubleValue(); // a 400-digit integer is +Infinity here, not a wrapped long
    return Double.isFinite(d) && d >= 0 && d <= MAX_NUMERIC_DATE;
  }
}
