package io.vigil.hub;

import io.vertx.core.json.JsonObject;
import io.vigil.ingest.auth.AccessTokens;
import io.vigil.ingest.auth.AuthConfig;
import io.vigil.ingest.auth.Principal;
import io.vigil.ingest.auth.PrincipalStore;
import io.vigil.ingest.auth.Role;
import io.vigil.ingest.auth.TokenSigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode needs no setup: one principal per role ({@code dev-sender}, … ; the dev sender may
 * submit as any facility) and a long-lived token for each, re-issued on every start and written to
 * {@code <data-dir>/dev-credentials.json} as {@code {role: token}}. Also where the token signing
 * key comes from: configuration, or in dev mode a key generated into the data directory.
 */
public final class DevCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(DevCredentials.class);
  static final String FILE = "dev-credentials.json";
  static final String DEV_KEY_FILE = "token-signer.pem";

  private DevCredentials() {}

  static TokenSigningKey signingKey(HubConfig config) throws IOException {
    Path configured = config.auth().tokenSigningKey();
    if (configured != null) {
      return TokenSigningKey.read(configured);
    }
    if (config.mode() != HubConfig.Mode.DEV) {
      throw new IllegalStateException(
          "production mode needs auth.token-signing-key (VIGIL_AUTH_TOKEN_SIGNING_KEY)");
    }
    Path file = config.dataDir().resolve(DEV_KEY_FILE);
    if (Files.exists(file)) {
      return TokenSigningKey.read(file);
    }
    LOG.warn("DEV MODE: generated an access-token signing key [file: {}]", file);
    return TokenSigningKey.generate(file);
  }

  /** {@code Bearer <token>} of {@code role}'s dev principal, as written by {@link #issue}. */
  public static String bearer(Path dataDir, String role) {
    try {
      JsonObject all = new JsonObject(Files.readString(dataDir.resolve(FILE)));
      String token = all.getString(role);
      if (token == null) {
        throw new IllegalStateException("no dev token for role " + role + " in " + FILE);
      }
      return "Bearer " + token;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the dev principals, writes their tokens, returns role → token. */
  static Map<String, String> issue(
      PrincipalStore principals, AccessTokens tokens, AuthConfig auth, Path dataDir)
      throws SQLException, IOException {
    Map<String, String> byRole = new LinkedHashMap<>();
    Instant now = Instant.now();
    for (Role role : Role.values()) {
      Principal p =
          new Principal("dev-" + role.wireName(), "dev " + role.wireName(), role, null, null, null);
      principals.save(p);
      byRole.put(role.wireName(), tokens.issue(p, auth.devTokenTtl(), now));
    }
    Path file = dataDir.resolve(FILE);
    Files.createDirectories(dataDir);
    Files.writeString(file, new JsonObject(new LinkedHashMap<>(byRole)).encodePrettily() + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    LOG.warn(
        "DEV MODE: bearer tokens for roles {} written [file: {}, validHours: {}]",
        byRole.keySet(),
        file.toAbsolutePath(),
        auth.devTokenTtl().toHours());
    return byRole;
  }
}
