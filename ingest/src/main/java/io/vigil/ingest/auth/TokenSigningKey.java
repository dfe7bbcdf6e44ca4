package io.vigil.ingest.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub's access-token signing key (RS256, RSA ≥ 2048 bits): one PEM file holding the PKCS#8
 * private key and its SPKI public key. Create one with {@code openssl genpkey -algorithm RSA
 * -pkeyopt rsa_keygen_bits:3072 -out token.pem && openssl pkey -in token.pem -pubout >> token.pem}.
 *
 * <p>RSA rather than EC because every API request verifies a token: with the JDK 17 providers an
 * RSA signature verifies roughly 15 times faster than a P-256 ECDSA one (measured in
 * docs/security.md); signing, which is slower with RSA, happens once per token.
 *
 * @param privatePem {@code -----BEGIN PRIVATE KEY-----} block
 * @param publicPem {@code -----BEGIN PUBLIC KEY-----} block
 */
public record TokenSigningKey(String privatePem, String publicPem) {
  private static final Pattern PRIVATE =
      Pattern.compile("-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----");
  private static final Pattern PUBLIC =
      Pattern.compile("-----BEGIN PUBLIC KEY-----[^-]+-----END PUBLIC KEY-----");

  /** Reads both blocks from {@code file}. */
  public static TokenSigningKey read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher priv = PRIVATE.matcher(text);
    Matcher pub = PUBLIC.matcher(text);
    if (!priv.find() || !pub.find()) {
      throw new IllegalArgumentException(
          "token signing key "
              + file
              + " must hold a PKCS#8 PRIVATE KEY and its PUBLIC KEY (RSA ≥ 2048) in PEM");
    }
    if (!"RS256".equals(PublicKeys.algorithmOf(pub.group()))) {
      throw new IllegalArgumentException("token signing key must be RSA ≥ 2048 bits (RS256)");
    }
    return new TokenSigningKey(priv.group(), pub.group());
  }

  /** A fresh RSA-2048 key pair, written to {@code file} readable by the owner only. */
  public static TokenSigningKey generate(Path file) throws IOException {
    KeyPair pair;
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      pair = gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is required by the Java platform", e);
    }
    TokenSigningKey key =
        new TokenSigningKey(
            pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
            pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, key.privatePem() + "\n" + key.publicPem() + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    return key;
  }

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----";
  }
}
