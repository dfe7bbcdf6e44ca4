package io.vigil.ingest.auth;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Registered client keys: SPKI PEM, RSA (RS256, ≥ 2048 bits) or EC P-256 (ES256). */
public final class PublicKeys {
  private PublicKeys() {}

  /**
   * The JWS algorithm a registered key signs with.
   *
   * @throws IllegalArgumentException when the PEM is not an RSA ≥ 2048 or EC P-256 public key
   */
  public static String algorithmOf(String pem) {
    PublicKey key = parse(pem);
    if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("RSA keys must have at least 2048 bits");
      }
      return "RS256";
    }
    if (key instanceof ECPublicKey ec
        && ec.getParams().getCurve().getField().getFieldSize() == 256) {
      return "ES256";
    }
    throw new IllegalArgumentException("only RSA (RS256) and EC P-256 (ES256) keys are accepted");
  }

  static PublicKey parse(String pem) {
    String base64 =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM public key (-----BEGIN PUBLIC KEY-----)", e);
    }
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (Exception tryNext) {
        // not this key type
      }
    }
    throw new IllegalArgumentException("not an RSA or EC public key (SPKI PEM expected)");
  }
}
