package io.vigil.hub.events;

import io.vigil.hub.HubConfig;
import io.vigil.ingest.deid.PersonKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the person-key HMAC secret comes from: configuration ({@code deid.person-key-secret}), or
 * in dev mode a generated file in the data directory, so person keys stay stable across restarts.
 * Only a fingerprint is ever logged.
 */
public final class PersonKeySecret {
  private static final Logger LOG = LoggerFactory.getLogger(PersonKeySecret.class);
  static final String DEV_FILE = "person-key.secret";

  private PersonKeySecret() {}

  /** The secret bytes for {@code config}. */
  public static byte[] resolve(HubConfig config) throws IOException {
    String configured = config.events().personKeySecret();
    byte[] secret;
    if (configured != null && !configured.isBlank()) {
      secret = parse(configured);
    } else if (config.mode() == HubConfig.Mode.DEV) {
      secret = devSecret(config.dataDir());
    } else {
      throw new IllegalStateException(
          "production mode needs deid.person-key-secret (VIGIL_DEID_PERSON_KEY_SECRET): 32+ random"
              + " bytes as hex or base64, e.g. `openssl rand -hex 32`");
    }
    if (secret.length < 32) {
      throw new IllegalStateException("deid.person-key-secret must hold at least 32 bytes");
    }
    LOG.info("person-key secret ready [fingerprint: {}]", PersonKey.fingerprint(secret));
    return secret;
  }

  /**
   * The secret a configured value holds, checked as {@code vigil start} checks it before it touches
   * the database.
   *
   * @throws IllegalStateException when it is neither hex nor base64, or shorter than 32 bytes
   */
  public static byte[] parse(String configured) {
    byte[] secret = decode(configured.trim());
    if (secret.length < 32) {
      throw new IllegalStateException("deid.person-key-secret must hold at least 32 bytes");
    }
    return secret;
  }

  static byte[] decode(String value) {
    if (value.matches("(?i)[0-9a-f]+") && value.length() % 2 == 0) {
      return HexFormat.of().parseHex(value);
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("deid.person-key-secret is neither hex nor base64", e);
    }
  }

  private static byte[] devSecret(Path dataDir) throws IOException {
    Path file = dataDir.resolve(DEV_FILE);
    if (Files.exists(file)) {
      return decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }
    Files.createDirectories(dataDir);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    LOG.warn("DEV MODE: generated a person-key secret [file: {}]", file);
    return secret;
  }
}
